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

/* hvhostile_ring3.c: the doorbell rung from L1's ring 3. */
void hvh_ring3_cases(void);
/* hvhostile_l2.c: an L2 that overwrites the block L1 mapped into it, and
 * an L1 that rewrites its nested table without invalidating. */
void hvh_l2_cases(void);
/* hvhostile_events.c: an event L1 injects into L2, and an interrupt for
 * L1 while L2 runs. */
void hvh_event_cases(void);

#endif /* GUEST_HV_HVHOSTILE_H */
