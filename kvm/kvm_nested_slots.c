/*
 * kvm/kvm_nested_slots.c - the bookkeeping of L2's memory slots.
 *
 * On KVM, L0's shadow address space for L2 is the memory slots of L2's
 * VM (kvm/kvm_nested.h).  A slot is costly to add (about 14 us measured
 * on a PVM host, more past a few thousand) and KVM prefetches only inside
 * one, so a shadow fault maps not just its page but the contiguous range
 * around it that L1's nested table maps the same way: hv's 2 MiB pages
 * become one slot each.  This file decides the ranges and remembers them;
 * kvm/kvm_nested.c makes the ioctls.  Nothing here trusts L1: a range
 * starts from a page L0's own walk gave and grows only over pages a walk
 * gives contiguously, and a range outside L1's RAM is refused.  Also what
 * a fault during an event's delivery asks of the slots.
 */
#include <errno.h>
#include <string.h>

#include <linux/kvm.h>

#include "kvm/kvm_nested.h"

/* What KVM puts where it has no guest-physical address (INVALID_GPA). */
#define KVM_NO_GPA (~0ULL)

void kvm_nested_slots_init(struct kvm_nested_slots *s, int kvm_max)
{
	memset(s, 0, sizeof(*s));
	s->max = kvm_max > 0 && kvm_max < KVM_NESTED_SLOTS_MAX
			 ? (unsigned)kvm_max : KVM_NESTED_SLOTS_MAX;
}

int kvm_nested_slots_find(const struct kvm_nested_slots *s, uint64_t l2_gpa)
{
	for (unsigned i = 0; i < s->max; i++) {
		const struct kvm_nested_range *r = &s->range[i];

		if (r->used && l2_gpa >= r->l2_gpa &&
		    l2_gpa - r->l2_gpa < r->len)
			return (int)i;
	}
	return -1;
}

bool kvm_nested_slots_l1(const struct kvm_nested_slots *s, uint64_t l2_gpa,
			 uint64_t *l1_gpa)
{
	int i = kvm_nested_slots_find(s, l2_gpa);

	if (i < 0)
		return false;
	*l1_gpa = s->range[i].l1_gpa + (l2_gpa - s->range[i].l2_gpa);
	return true;
}

/* Does L1's table map L2-physical page l2 to exactly l1, with the rights
 * given, while no slot holds it? */
static bool continues(const struct kvm_nested_slots *s,
		      const struct guest_mem *mem, uint64_t root,
		      uint64_t l2, uint64_t l1, bool writable)
{
	uint64_t page;

	if (kvm_nested_slots_find(s, l2) >= 0 ||
	    nested_walk(mem, root, l2, false, &page) != NESTED_WALK_OK ||
	    page != l1)
		return false;
	return (nested_walk(mem, root, l2, true, &page) == NESTED_WALK_OK) ==
	       writable;
}

/* L2-physical page p lies at l1_page + (p - page) in L1's RAM; below
 * page, only while that stays at or above L1-physical 0. */
void kvm_nested_range_at(const struct kvm_nested_slots *s,
			 const struct guest_mem *mem, uint64_t root,
			 uint64_t l2_gpa, uint64_t l1_page, bool writable,
			 struct kvm_nested_range *r)
{
	uint64_t page = l2_gpa & ~(NESTED_PAGE - 1);
	uint64_t block = l2_gpa & ~(KVM_NESTED_RANGE_MAX - 1);
	uint64_t lo = page, hi = page + NESTED_PAGE;

	while (lo > block && (page - lo) + NESTED_PAGE <= l1_page &&
	       continues(s, mem, root, lo - NESTED_PAGE,
			 l1_page - (page - lo) - NESTED_PAGE, writable))
		lo -= NESTED_PAGE;
	while (hi < block + KVM_NESTED_RANGE_MAX &&
	       continues(s, mem, root, hi, l1_page + (hi - page), writable))
		hi += NESTED_PAGE;
	*r = (struct kvm_nested_range){
		.l2_gpa = lo,
		.l1_gpa = l1_page - (page - lo),
		.len = hi - lo,
		.writable = writable,
	};
}

static bool overlaps(const struct kvm_nested_range *a,
		     const struct kvm_nested_range *b)
{
	return a->l2_gpa < b->l2_gpa + b->len && b->l2_gpa < a->l2_gpa + a->len;
}

static bool range_ok(const struct kvm_nested_range *r, uint64_t ram_size)
{
	return r->len > 0 && !(r->len & (NESTED_PAGE - 1)) &&
	       !(r->l2_gpa & (NESTED_PAGE - 1)) &&
	       !(r->l1_gpa & (NESTED_PAGE - 1)) &&
	       r->l2_gpa + r->len > r->l2_gpa &&
	       r->l1_gpa < ram_size && ram_size - r->l1_gpa >= r->len;
}

int kvm_nested_slots_add(struct kvm_nested_slots *s,
			 const struct kvm_nested_range *r, uint64_t ram_size)
{
	int free_slot = -1;

	if (!range_ok(r, ram_size))
		return -EINVAL;
	for (unsigned i = 0; i < s->max; i++) {
		if (s->range[i].used && overlaps(&s->range[i], r))
			return -EINVAL;
		if (!s->range[i].used && free_slot < 0)
			free_slot = (int)i;
	}
	if (free_slot < 0)
		return -ENOSPC;
	s->range[free_slot] = *r;
	s->range[free_slot].used = true;
	s->used++;
	return free_slot;
}

void kvm_nested_slots_drop(struct kvm_nested_slots *s, unsigned i)
{
	if (i >= s->max || !s->range[i].used)
		return;
	s->range[i].used = false;
	s->used--;
}

/*
 * KVM fills the words of a DELIVERY_EV exit in kvm_prepare_event_vectoring_
 * exit() (x86.c) as {exit info 2, exit reason, exit info 1, GPA, CPU} -
 * the GPA all ones when the exit had none - and older VMX code as
 * {vectoring info, reason, qualification, GPA, CPU} for an EPT
 * misconfiguration but without the GPA (4 words) otherwise: so the GPA is
 * data[3] only in an exit of 5 words or more.  The event itself stays
 * queued in KVM (its IDT-vectoring information is injected again), so
 * once the page has a slot, running L2 on delivers it.  Which access it
 * was KVM does not say: a page no slot holds is asked for as a read (its
 * slot is writable anyway if L1's table lets L2 write it); a page in a
 * read-only slot can only have been a write; a page in a writable slot is
 * no fault of the slots' - KVM's error then ends the run, rather than
 * vmscope mapping it again and again.
 */
enum kvm_delivery_fault kvm_nested_delivery_fault(
	const struct kvm_nested_slots *s, uint32_t suberror, uint32_t ndata,
	const __u64 *data, uint64_t *gpa)
{
	int slot;

	if (suberror != KVM_INTERNAL_ERROR_DELIVERY_EV || ndata < 5 ||
	    data[3] == KVM_NO_GPA)
		return KVM_DELIVERY_NONE;
	*gpa = data[3];
	slot = kvm_nested_slots_find(s, *gpa);
	if (slot < 0)
		return KVM_DELIVERY_READ;
	return s->range[slot].writable ? KVM_DELIVERY_NONE
				       : KVM_DELIVERY_WRITE;
}
