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
 * The map is direct-mapped (slot = page number modulo its size), with the
 * entries made last kept in a small ring as well: pages an instruction
 * needs together that share a slot - a page table at L2-physical 0x10000
 * and data at 16 MiB + 0x10000 - would otherwise evict each other at each
 * of the instruction's restarts, and L2 would never get past it.
 *
 * When may the shadow be kept?  While L1 says its table is unchanged: the
 * next run with the same nested root reuses it (counted: reused).  L0
 * keeps a few, one per root (struct nested_shadows): a run with a root
 * none was built from takes the least recently used and drops what it
 * held (rebuilt) - so at --nested 2, where L1 runs L2 and L3 from two
 * blocks with two roots, neither loses its shadow to the other.  The
 * invalidate doorbell drops them all (as INVEPT).  An L1 that rewrites its table without invalidating may
 * see L2 use the old page - as a real TLB would - but never memory outside
 * its RAM.
 */
#include <string.h>

#include "core/nested.h"

#define EMPTY UINT64_MAX

static void drop_all(struct nested_shadows *ss, struct nested_shadow *s)
{
	for (unsigned i = 0; i < NESTED_SHADOW_SLOTS; i++)
		s->slot[i].l2_page = EMPTY;
	for (unsigned i = 0; i < NESTED_SHADOW_RECENT; i++)
		s->recent[i].l2_page = EMPTY;
	s->recent_next = 0;
	s->entries = 0;
	s->generation = ++ss->generations;
}

static bool entry_serves(const struct nested_shadow_entry *e, uint64_t page,
			 bool write)
{
	return e->l2_page == page && (e->writable || !write);
}

void nested_shadows_init(struct nested_shadows *ss)
{
	ss->clock = 0;
	for (unsigned i = 0; i < NESTED_SHADOW_SETS; i++) {
		ss->set[i].root = 0;
		ss->set[i].built = false;
		ss->set[i].used = 0;
		drop_all(ss, &ss->set[i]);
	}
}

/* The shadow built from root, else the one to give it: the least
 * recently used (one never built has used 0). */
static struct nested_shadow *choose(struct nested_shadows *ss, uint64_t root)
{
	struct nested_shadow *pick = &ss->set[0];

	for (unsigned i = 0; i < NESTED_SHADOW_SETS; i++) {
		struct nested_shadow *s = &ss->set[i];

		if (s->built && s->root == root)
			return s;
		if (s->used < pick->used)
			pick = s;
	}
	return pick;
}

struct nested_shadow *nested_shadow_enter(struct nested_shadows *ss,
					  uint64_t root,
					  struct nested_counters *c)
{
	struct nested_shadow *s = choose(ss, root);

	s->used = ++ss->clock;
	if (s->built && s->root == root) {
		c->shadow_reused++;
		return s;
	}
	if (s->built)
		c->shadow_rebuilt++;
	drop_all(ss, s);
	s->root = root;
	s->built = true;
	return s;
}

void nested_shadow_invalidate(struct nested_shadows *ss,
			      struct nested_counters *c)
{
	c->invalidates++;
	for (unsigned i = 0; i < NESTED_SHADOW_SETS; i++) {
		c->pages_dropped += ss->set[i].entries;
		drop_all(ss, &ss->set[i]);
	}
}

/* The entry that maps page for the access: its slot's, or a recent one. */
static const struct nested_shadow_entry *
find(const struct nested_shadow *s, uint64_t page, bool write)
{
	const struct nested_shadow_entry *e =
		&s->slot[page % NESTED_SHADOW_SLOTS];

	if (entry_serves(e, page, write))
		return e;
	for (unsigned i = 0; i < NESTED_SHADOW_RECENT; i++)
		if (entry_serves(&s->recent[i], page, write))
			return &s->recent[i];
	return NULL;
}

bool nested_shadow_lookup(const struct nested_shadow *s, uint64_t l2_gpa,
			  bool write, uint64_t *l1_gpa)
{
	const struct nested_shadow_entry *e = find(s, l2_gpa / NESTED_PAGE,
						   write);

	if (!e)
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
	/* write rights only when asked for and granted: a later write to a
	 * page first read walks again, and finds a read-only entry. */
	*e = (struct nested_shadow_entry){ page, l1_page, write };
	s->recent[s->recent_next] = *e;
	s->recent_next = (s->recent_next + 1) % NESTED_SHADOW_RECENT;
	*l1_gpa = l1_page | (l2_gpa & (NESTED_PAGE - 1));
	return NESTED_WALK_OK;
}
