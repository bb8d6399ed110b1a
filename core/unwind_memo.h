/*
 * core/unwind_memo.h - the guest's call chain at each exit, unwound again
 * only when something it came from has changed.
 *
 * A front end that shows the call chain of every exit (the TUI's Flow
 * panel counts the layers of each one) would otherwise walk the guest's
 * stack and decode its code at every exit - most of what it costs to
 * watch a guest.  Yet exits repeat: a loop of port writes exits at the
 * same instruction with the same stack again and again, and a driver
 * sending a line byte by byte goes round between a few instructions (read
 * the status port, write the byte).
 *
 * unwind_space()'s answer depends only on its inputs: the registers it
 * starts from (rip, rsp, rbp), the address space (cr3), the symbol table,
 * and the guest memory it reads (core/mem_reads.h notes each byte of
 * that).  So the memo keeps the last few chains, each with those inputs,
 * and hands one back when the registers, cr3 and symbols are equal and
 * guest RAM still holds every byte that walk read; otherwise it unwinds
 * again into the least recently used slot.  The answer is the same either
 * way, only cheaper: comparing a few hundred bytes instead of walking and
 * decoding.  (An input added to unwind_space() must be added to the key.)
 * A symbol table is known by its address: the caller forgets the memo
 * when the table at that address is loaded anew (a new machine).
 *
 * L2's space (vspace.nested) is unwound at every exit, never kept: the
 * nested walk reads L1's tables through pointers (core/nested_walk.c),
 * which the record of reads does not see.
 */
#ifndef CORE_UNWIND_MEMO_H
#define CORE_UNWIND_MEMO_H

#include <stdbool.h>

#include "core/mem_reads.h"
#include "core/unwind.h"
#include "core/vspace.h"

#define UNWIND_MEMO_SLOTS 4

struct unwind_memo_slot {
	bool valid;                  /* chain and the key below go together */
	uint64_t cr3;
	struct unwind_regs regs;
	const struct symtab *syms;
	uint64_t used;               /* when last handed out (memo's clock) */
	struct mem_reads reads;      /* what the walk read */
	struct unwind_chain chain;   /* the answer */
};

struct unwind_memo {
	struct unwind_memo_slot slot[UNWIND_MEMO_SLOTS];
	uint64_t clock;              /* counts calls, for least recently used */
};

/* Forget every chain (a new machine). */
void unwind_memo_forget(struct unwind_memo *m);
/*
 * The chain at regs in vs, in the memo's slot *slot.  *fresh: it was
 * unwound by this call (what the caller kept from that slot's earlier
 * chain no longer holds); false when the slot's chain was handed out
 * before and still holds.  The chain stays valid until the next call.
 */
const struct unwind_chain *unwind_memo_space(struct unwind_memo *m,
					     const struct vspace *vs,
					     const struct symtab *syms,
					     const struct unwind_regs *regs,
					     unsigned *slot, bool *fresh);

#endif /* CORE_UNWIND_MEMO_H */
