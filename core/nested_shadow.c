/*
 * core/nested_shadow.c - the shadow address space L0 builds for L2.
 *
 * L2's "physical" memory is whatever L1's nested page table says it is.
 * L0 does not copy that table when L1 runs L2; it builds its own map
 * lazily, the first time L2 touches each L2-physical page (a shadow
 * fault): walk L1's table (core/nested_walk.c), and keep the result.  This
 * is what KVM's shadow EPT (arch/x86/kvm/mmu/paging_tmpl.h) and s390's
 * vSIE shadow gmap do.  The kept entries are L0's, checked when made, so
 * none points outside L1's RAM whatever L1 writes later.
 *
 * When may the shadow be kept?  While L1 says its table is unchanged: the
 * next run with the same nested root reuses it (counted: reused), a run
 * with another root drops it (rebuilt), and the invalidate doorbell drops
 * it (as INVEPT).  An L1 that rewrites its table without invalidating may
 * see L2 use the old page - as a real TLB would - but never memory outside
 * its RAM.
 */
#include <string.h>

#include "core/nested.h"

#define EMPTY UINT64_MAX

static void drop_all(struct nested_shadow *s)
{
	for (unsigned i = 0; i < NESTED_SHADOW_SLOTS; i++)
		s->slot[i].l2_page = EMPTY;
	s->entries = 0;
}

void nested_shadow_init(struct nested_shadow *s)
{
	s->root = 0;
	s->built = false;
	drop_all(s);
}

void nested_shadow_enter(struct nested_shadow *s, uint64_t root,
			 struct nested_counters *c)
{
	if (s->built && s->root == root) {
		c->shadow_reused++;
		return;
	}
	if (s->built)
		c->shadow_rebuilt++;
	drop_all(s);
	s->root = root;
	s->built = true;
}

void nested_shadow_invalidate(struct nested_shadow *s,
			      struct nested_counters *c)
{
	c->invalidates++;
	c->pages_dropped += s->entries;
	drop_all(s);
}

bool nested_shadow_lookup(const struct nested_shadow *s, uint64_t l2_gpa,
			  bool write, uint64_t *l1_gpa)
{
	uint64_t page = l2_gpa / NESTED_PAGE;
	const struct nested_shadow_entry *e =
		&s->slot[page % NESTED_SHADOW_SLOTS];

	if (e->l2_page != page || (write && !e->writable))
		return false;
	*l1_gpa = e->l1_page | (l2_gpa & (NESTED_PAGE - 1));
	return true;
}

enum nested_walk_result nested_shadow_map(struct nested_shadow *s,
					  const struct guest_mem *mem,
					  uint64_t l2_gpa, bool write,
					  uint64_t *l1_gpa,
					  struct nested_counters *c)
{
	uint64_t page = l2_gpa / NESTED_PAGE, l1_page;
	struct nested_shadow_entry *e = &s->slot[page % NESTED_SHADOW_SLOTS];
	enum nested_walk_result r;

	if (nested_shadow_lookup(s, l2_gpa, write, l1_gpa))
		return NESTED_WALK_OK;
	c->shadow_faults++;
	r = nested_walk(mem, s->root, l2_gpa, write, &l1_page);
	if (r != NESTED_WALK_OK)
		return r;
	if (e->l2_page == EMPTY)
		s->entries++;
	if (e->l2_page != page)
		c->pages_mapped++;
	e->l2_page = page;
	e->l1_page = l1_page;
	/* write rights only when asked for and granted: a later write to a
	 * page first read walks again, and finds a read-only entry. */
	e->writable = write;
	*l1_gpa = l1_page | (l2_gpa & (NESTED_PAGE - 1));
	return NESTED_WALK_OK;
}
