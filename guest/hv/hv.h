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
 *               string, HLT, exceptions, nested page faults.
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

/* hv_exits.c: handle the exit in the block; 0 to run L2 again, else the
 * status to end the run with. */
int hv_handle_exit(struct nested_block *b);
/* The ports and controls L1 asks L0 for (sets the block's controls). */
void hv_set_intercepts(struct nested_block *b, uint8_t *io_bitmap_a,
		       uint8_t *io_bitmap_b);

/* A line of L1's own, marked as L1's: "[L1] " + text. */
void hv_say(const char *text);

#endif /* GUEST_HV_HV_H */
