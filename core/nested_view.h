/*
 * core/nested_view.h - what a front end shows of the nesting stage at a
 * stop, read without changing anything (core/nested.h holds L0's state).
 *
 * The TUI's Nesting panel puts the control block as L1 wrote it - read
 * from L1's RAM now - beside L0's checked copy of it, the shadow: the two
 * differ while L1 works on the block between two run doorbells (it steps
 * L2's RIP past the exiting instruction, answers an IN in RAX), and when
 * something writes the block behind L0's back; L0 runs L2 from the copy
 * alone.
 *
 * nested_level_state() gives the registers, address space and symbols
 * of the level an exit came from, so that the tracer's --stack and the
 * TUI's panels read L2's stack and code as L2 sees them.
 *
 * Threading: the vCPU thread, with the guest stopped between two exits.
 */
#ifndef CORE_NESTED_VIEW_H
#define CORE_NESTED_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/nested.h"
#include "core/vspace.h"

struct nested_view {
	bool on;                     /* --nested: the stage runs */
	unsigned depth;
	bool l2_active;              /* the next run is L2's (or L3's) */
	uint32_t run_level;          /* ... the latest run's: 1 L2, 2 L3 */
	bool have_block;             /* L1 has rung the run doorbell */
	uint64_t block_gpa;          /* the block of the latest run */
	struct nested_block l1;      /* ... as it is in L1's RAM now */
	struct nested_block shadow;  /* ... L0's copy (the result fields as
					L0 wrote them back at the exit) */
	struct nested_counters counters;
};

/* Fill out from vm; out->on is false when nesting is off. */
void nested_view_get(const struct vm *vm, struct nested_view *out);

/* One field of the control block, for a side-by-side table. */
struct nested_field {
	const char *name;            /* "rip", "cs.selector", "nested_root" */
	size_t offset, size;         /* where in struct nested_block: 2, 4
					or 8 bytes */
	bool always;                 /* a table shows it even when both
					sides agree (the others: only when
					they differ) */
};

/* Every field of the block, in the block's order (the header left out:
 * L0 never writes it). */
extern const struct nested_field nested_fields[];
extern const size_t nested_field_count;
/* The field's value in b. */
uint64_t nested_field_value(const struct nested_field *f,
			    const struct nested_block *b);

/* What vmscope reads of a level at one of its exits: its registers, its
 * virtual memory and its symbols (for the stack and the code at RIP). */
struct level_state {
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;
	struct vspace space;
	const struct symtab *syms;
};

/*
 * The level whose code made an exit of exit->level: 0, the guest vmscope
 * runs (the backend's registers, one stage of translation); 1, L2 (L0's
 * copy of L2's state after its last run, two stages through L1's nested
 * table as L0's shadow copied its root).  0, or -errno: the backend
 * cannot read its vCPU, or no L2 has run.
 */
int nested_level_state(struct vm *vm, uint32_t level,
		       struct level_state *out);

#endif /* CORE_NESTED_VIEW_H */
