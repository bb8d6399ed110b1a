/*
 * core/unwind_memo.c - the last few call chains, each kept while nothing
 * it came from has changed (see unwind_memo.h).
 */
#include "core/unwind_memo.h"

void unwind_memo_forget(struct unwind_memo *m)
{
	for (unsigned i = 0; i < UNWIND_MEMO_SLOTS; i++)
		m->slot[i].valid = false;
}

static bool same_key(const struct unwind_memo_slot *s,
		     const struct symtab *syms, uint64_t cr3,
		     const struct unwind_regs *regs)
{
	return s->valid && s->syms == syms && s->cr3 == cr3 &&
	       s->regs.rip == regs->rip && s->regs.rsp == regs->rsp &&
	       s->regs.rbp == regs->rbp;
}

/* The slot whose chain is the one at these inputs, or -1. */
static int find(const struct unwind_memo *m, const struct vspace *vs,
		const struct symtab *syms, const struct unwind_regs *regs)
{
	if (vs->nested)
		return -1;   /* never kept (unwind_memo.h) */
	for (unsigned i = 0; i < UNWIND_MEMO_SLOTS; i++)
		if (same_key(&m->slot[i], syms, vs->cr3, regs) &&
		    mem_reads_unchanged(&m->slot[i].reads, vs->mem))
			return (int)i;
	return -1;
}

static unsigned least_recent(const struct unwind_memo *m)
{
	unsigned lru = 0;

	for (unsigned i = 1; i < UNWIND_MEMO_SLOTS; i++)
		if (!m->slot[i].valid ||
		    (m->slot[lru].valid && m->slot[i].used < m->slot[lru].used))
			lru = i;
	return lru;
}

const struct unwind_chain *unwind_memo_space(struct unwind_memo *m,
					     const struct vspace *vs,
					     const struct symtab *syms,
					     const struct unwind_regs *regs,
					     unsigned *slot, bool *fresh)
{
	int found = find(m, vs, syms, regs);
	struct unwind_memo_slot *s;
	struct guest_mem view;
	struct vspace seen = *vs;

	*fresh = found < 0;
	*slot = found < 0 ? least_recent(m) : (unsigned)found;
	s = &m->slot[*slot];
	s->used = ++m->clock;
	if (!*fresh)
		return &s->chain;
	guest_mem_reading(vs->mem, &s->reads, &view);
	seen.mem = &view;
	unwind_space(&seen, syms, regs, &s->chain);
	s->syms = syms;
	s->cr3 = vs->cr3;
	s->regs = *regs;
	s->valid = !vs->nested;
	return &s->chain;
}
