/*
 * tui/vcpu_breaks.h - the `b` key's breakpoints, kept by the vCPU thread.
 *
 * Up to VCPU_BREAKS stop conditions at a time (tui/stopcond.h): on exits,
 * reasons and ports, which are looked at after every exit, and on functions
 * and addresses, which are instruction breakpoints the backend arms (at
 * most BACKEND_BREAKPOINTS a level: x86's four debug address registers).
 * Under --nested each belongs to a level: L1's are the backend's, L2's
 * (and L3's) are checked in that level's context (core/nested.h's
 * nested_set_breakpoints).  "Run
 * to the next layer" (vcpu_step.h) arms its own breakpoints beside these.
 *
 * Threading: vCPU thread only.  The note (t->note) says what happened.
 */
#ifndef TUI_VCPU_BREAKS_H
#define TUI_VCPU_BREAKS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/vm.h"
#include "tui/stopcond.h"

struct vcpu_thread;

/* One more breakpoint; a function is looked up in the guest's symbols. */
void vcpu_breaks_add(struct vcpu_thread *t, const struct stop_cond *c);
/* Clear breakpoint index (1-based, as listed), or all of them for 0. */
void vcpu_breaks_clear(struct vcpu_thread *t, unsigned index);
/* The addresses of the instruction breakpoints in the code of one level
 * (as an exit record counts it: 0 the guest vmscope runs, 1 L2, 2 L3), at most
 * BACKEND_BREAKPOINTS. */
unsigned vcpu_breaks_addrs(const struct vcpu_thread *t, uint32_t level,
			   uint64_t addrs[BACKEND_BREAKPOINTS]);
/* The symbols a function of c is looked up in: those of c's level; NULL
 * with the reason in err when the machine has no such level.  Any thread
 * that holds the VM. */
const struct symtab *vcpu_breaks_symbols(struct vm *vm,
					 const struct stop_cond *c, char *err,
					 size_t len);
/* Arm the instruction breakpoints in the backend (after a change, after a
 * restart built a new machine, after a layer step). */
void vcpu_breaks_arm(struct vcpu_thread *t);
/* Does the last exit meet a breakpoint?  Then the note says which. */
bool vcpu_breaks_hit(struct vcpu_thread *t);

#endif /* TUI_VCPU_BREAKS_H */
