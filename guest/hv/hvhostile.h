/*
 * guest/hv/hvhostile.h - what the hostile L1's cases share (hvhostile.c
 * holds them and runs the cases in order; hvhostile_ring3.c and
 * hvhostile_l2.c hold the cases that need code of their own: a drop to
 * ring 3, and small L2 programs that misbehave on purpose).
 */
#ifndef GUEST_HV_HVHOSTILE_H
#define GUEST_HV_HVHOSTILE_H

#include <stdint.h>

#include "guest/abi/nested.h"
#include "guest/hv/hv.h"

#define HVH_PAGE 4096

/* The one control block every case rings the doorbell with, and L2's RAM
 * (the upper half of L1's). */
extern struct nested_block hvh_block;
extern struct hv_guest hvh_l2;

/* The run doorbell with gpa; L0's answer: RFLAGS after the OUT. */
uint64_t hvh_ring(uint64_t gpa);
/* The invalidate doorbell: L1 changed its nested page table. */
void hvh_invalidate(void);
/* Rebuild the nested table (and invalidate), the block and L2's world. */
void hvh_good_block(void);
/* Ring with gpa and print "[L1] name: " and what L0 answered. */
void hvh_outcome(const char *name, uint64_t gpa);
/* After a ring that answered flags: print "[L1] name: CF ..." or
 * "[L1] name: ZF, exit 33, check N" and return 1; 0 when L2 ran. */
int hvh_refused(const char *name, uint64_t flags);
/* Ring with the block: "[L1] name: exit R, RAX X" and 1 when L2 ran (the
 * caller ends the line), else what hvh_refused() prints and 0. */
int hvh_run_say(const char *name);

/* hvhostile_ring3.c: the doorbell rung from L1's ring 3. */
void hvh_ring3_cases(void);
/* hvhostile_l2.c: an L2 that overwrites the block L1 mapped into it, an
 * L1 that rewrites its nested table without invalidating, and an L2 that
 * overwrites L1's doorbell OUT while it waits. */
void hvh_l2_cases(void);
/* hvhostile_events.c: an event L1 injects into L2, and an interrupt for
 * L1 while L2 runs. */
void hvh_event_cases(void);
/* ... and what those cases and hvhostile_inject.c's share: L2's code at
 * HVH_L2_CODE and an empty IDT at HVH_L2_IDT (L2-physical, identity-mapped
 * by L2's page tables) in a good block that runs it with IF set; a gate
 * into it; L2's RAM as L1 sees it. */
#define HVH_L2_CODE 0x1800000ULL
#define HVH_L2_IDT  0x1900000ULL
void hvh_load_l2_code(const uint8_t *start, const uint8_t *end);
void hvh_l2_gate(unsigned vector, uint64_t handler);
uint8_t *hvh_l2_bytes(uint64_t l2_gpa);
/* L2's program of hvhostile_events.c in a good block: its own code writes
 * 0x4d to COM1, the handler - its gate at vector - 0x30, then IRETQ. */
void hvh_event_program(unsigned vector);
/* hvhostile_nmi.c: blocking by NMI, from an NMI's delivery to IRET; the
 * NMI window; an IRET that unblocked NMIs and exited. */
void hvh_nmi_cases(void);
/* hvhostile_iret.c: bit 12 when the NMI's delivery, its handler and the
 * IRET that faults run in one run; none for a trap after an IRET that
 * completed. */
void hvh_iret_cases(void);
/* hvhostile_cr2.c: L2's CR2 in the block, and a #PF's address at its
 * exit. */
void hvh_cr2_cases(void);
/* hvhostile_inject.c: L1 injects an exception, an NMI, a software
 * interrupt; a delivery that faults; the events the entry refuses. */
void hvh_inject_cases(void);
/* ... and what hvhostile_vector.c shares of it: L2's program - a handler
 * per vector that writes the vector to COM1, with a gate each but for
 * the vectors in missing (bit n), nothing in L1's exception bitmap; the
 * #PF handler writes CR2 into RAX first - in a good block; the address of
 * its UD2; an event in the block's
 * entry_intr_info; and a run, printed: the frame a handler found, or the
 * exit's fields. */
void hvh_inject_program(uint32_t missing);
uint64_t hvh_inject_ud2_rip(void);
uint64_t hvh_inject_int3_rip(void);    /* int3: L2's own #BP */
uint64_t hvh_inject_read0_rip(void);   /* movq 0x10, %rax: L2's page 0 is
					  absent, a #PF */
void hvh_inject(uint32_t type, unsigned vector, uint32_t error,
		uint32_t insn_len);
void hvh_inject_report(const char *name);
/* hvhostile_vector.c: deliveries an exit to L1 cuts short, reported in
 * the IDT-vectoring information and injected again by L1. */
void hvh_vector_cases(void);
/* ... and the entry of L1's nested table (2 MiB pages,
 * hv_build_nested_table()) that maps L2-physical l2_gpa. */
uint64_t *hvh_nested_entry(uint64_t l2_gpa);
/* hvhostile_shadow.c: blocking by STI and by MOV SS at an exit, and the
 * entry's checks on them. */
void hvh_shadow_cases(void);
/* ... and a run printed with L2's blocking: "[L1] name: exit R, RAX X"
 * (an exception's information, an EPT violation's address and
 * qualification), RIP, interruptibility; 0 when the entry failed (the
 * check printed). */
int hvh_run_blocking(const char *name);
/* hvhostile_string.c: a REP OUTSB L1 intercepts, as VMX reports it. */
void hvh_string_cases(void);

#endif /* GUEST_HV_HVHOSTILE_H */
