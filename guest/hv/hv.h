/*
 * guest/hv/hv.h - the L1 mini-hypervisor: a ring-0 program for the
 * teaching kernel that runs a guest of its own (L2) through the interface
 * vmscope offers (guest/abi/nested.h, docs/NESTING.md).
 *
 * Read it in this order:
 *   hv_main.c   start_program(): find the L2 image, build L2's world, run
 *               it, handle its exits - the loop a hypervisor is;
 *   hv_world.c  L2's memory: the ELF image loaded, the nested page table
 *               (L2-physical -> L1-physical), the boot structures L2's
 *               kernel expects, L2's first state in the control block;
 *   hv_exits.c  what L1 intercepts and how it answers: L2's UART through
 *               its own small device model, CPUID with its own vendor
 *               string, HLT, exceptions, nested page faults;
 *   hv_nested.c with --nested 2: L2 is this hypervisor again, and its run
 *               doorbell is emulated here, as L0 emulates L1's.
 * The same code runs at any level: "L1" in these files is the level this
 * copy runs at, "L2" the guest it runs (nested_boot.level says which).
 */
#ifndef GUEST_HV_HV_H
#define GUEST_HV_HV_H

#include <stdint.h>

#include "guest/abi/nested.h"

/* Where L2's RAM lives in L1's: L2-physical 0 is L1-physical base. */
struct hv_guest {
	uint64_t base;
	uint64_t size;
	uint64_t entry;        /* the ELF entry point, L2-virtual */
	const char *name;
};

/* hv_world.c: load the ELF image into L2's RAM; 0, or -1 after saying
 * why on the console. */
int hv_load_image(struct hv_guest *g, const uint8_t *elf, uint64_t size);
/* The nested page table for all of L2's RAM; returns its root. */
uint64_t hv_build_nested_table(const struct hv_guest *g);
/* Boot GDT, boot info, page tables and screen in L2's RAM, and L2's
 * first state in the block - what vmscope's core/boot.c gives L1. */
void hv_boot_l2(const struct hv_guest *g, struct nested_block *b);

/* hv_exits.c: handle the exit of g's in the block; 0 to run it again,
 * else the status to end the run with. */
int hv_handle_exit(const struct hv_guest *g, struct nested_block *b);
/* hv_exits.c: the event the exit in b cut short on its way through L2's
 * IDT (idt_vectoring_info), if any, into entry_intr_info: it goes in at
 * the next entry, as KVM's vmx_complete_interrupts() requeues it. */
void hv_requeue_event(struct nested_block *b);
/* The level this hypervisor runs at (1 unless vmscope's boot info says
 * otherwise), and whether its guest is a hypervisor that marks its own
 * console lines (then they pass through unmarked). */
void hv_set_level(unsigned level, int guest_marks_lines);
/* The ports and controls L1 asks L0 for (sets the block's controls). */
void hv_set_intercepts(struct nested_block *b, uint8_t *io_bitmap_a,
		       uint8_t *io_bitmap_b);

/* A line of this hypervisor's own, marked with its level: "[L1] " + text. */
void hv_say(const char *text);

/* hv_compose.c: L2-physical range [l2_gpa, l2_gpa + len) inside g's RAM:
 * its L1-physical address, else 0. */
uint64_t hv_l1_addr(const struct hv_guest *g, uint64_t l2_gpa, uint64_t len);
/* hv_compose.c: g's nested table at L2-physical root12 composed with
 * L1's (g's RAM at g->base) into npt02, rewritten in place; returns its
 * root.  *stale: an entry that was present changed (L0 may hold it: ring
 * the invalidate doorbell before the run). */
uint64_t hv_compose(const struct hv_guest *g, uint64_t root12, int *stale);
/* hv_nested.c: g (L2, a hypervisor) rang a doorbell at port with the
 * block b01 holds it in: run its guest for it and answer in b01's RFLAGS,
 * as L0 answers L1. */
void hv_nested_doorbell(const struct hv_guest *g, struct nested_block *b01,
			uint16_t port);

#endif /* GUEST_HV_HV_H */
