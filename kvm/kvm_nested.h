/*
 * kvm/kvm_nested.h - how the KVM backend runs the nesting stage's L2.
 *
 * L2 runs in a second KVM VM of the same process, with one vCPU, run from
 * the same thread as L1's (kvm/kvm_nested.c).  That VM has no RAM of its
 * own: its memory slots ARE L0's shadow address space.  Each slot maps a
 * range of L2-physical addresses onto the host memory of L1's RAM at the
 * L1-physical address L1's nested page table gives, so L2's own page
 * tables stay L2's and KVM walks them itself.  Slots are added lazily: an
 * access to an L2-physical page no slot holds returns from KVM_RUN as
 * KVM_EXIT_MMIO (an instruction fetch as KVM_EXIT_INTERNAL_ERROR), which
 * becomes the same shadow fault (EPT violation, exit 48) the software
 * CPU reports; L0 walks L1's table (core/nested_walk.c) and the backend
 * adds a slot for the whole contiguous range around the page.
 *
 * kvm/kvm_nested_slots.c keeps the bookkeeping - which L2-physical range
 * is which slot, onto which L1-physical range, its rights - with no ioctl,
 * so the unit tests check it without /dev/kvm.
 *
 * Threading: the vCPU thread, except kvm_nested_kick() (any thread).
 */
#ifndef KVM_KVM_NESTED_H
#define KVM_KVM_NESTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>

#include "core/nested.h"
#include "kvm/kvm_vcpu.h"

struct vm;

extern const struct nested_backend_ops kvm_nested_ops;

/* --- the slots (kvm/kvm_nested_slots.c) -------------------------------- */

/* At most this many slots in L2's VM, whatever KVM allows: L1's nested
 * table is coalesced into ranges, so a handful is usual (hello under hv:
 * one per 2 MiB page L2 touches).  Past it the slots are all dropped and
 * the shadow is built again (counted as a rebuild). */
#define KVM_NESTED_SLOTS_MAX 64
/* A range never crosses a 2 MiB-aligned block of L2-physical addresses:
 * a slot is found by a walk of at most 512 pages. */
#define KVM_NESTED_RANGE_MAX (2ULL << 20)

struct kvm_nested_range {
	uint64_t l2_gpa;            /* page-aligned */
	uint64_t l1_gpa;            /* where it lies in L1's RAM */
	uint64_t len;               /* bytes, a multiple of a page */
	bool writable;              /* else KVM_MEM_READONLY: a write exits */
	bool used;
};

struct kvm_nested_slots {
	unsigned max;               /* slots usable: KVM's limit, at most
				       KVM_NESTED_SLOTS_MAX */
	unsigned used;
	struct kvm_nested_range range[KVM_NESTED_SLOTS_MAX];
};

/* The backend's L2 context (n->backend_l2). */
struct kvm_l2 {
	struct kvm_vcpu_state vcpu;  /* L2's VM and its vCPU */
	struct kvm_nested_slots slots;
	struct nested_l0 *n;
	uint64_t root;               /* the nested root the slots came from */
	bool fault;                  /* the last exit was a shadow fault */
	bool fault_mmio;             /* ... at an access KVM waits for */
	struct exit_mmio mmio;       /* ... this one */
	bool exit_on_failure;        /* KVM_CAP_EXIT_ON_EMULATION_FAILURE on */
};

/* Kicks (kvm/kvm_run.c's kvm_kick(), any thread).  publish: l2 becomes
 * n's backend_l2, kickable from now on, with a kick L1's vCPU (l1) got
 * before carried over; kick: make an L2 run in progress or about to start
 * return soon; kick_seen: take L2's kick mark down (kvm_kicks_seen()). */
void kvm_nested_publish(struct kvm_vcpu_state *l1, struct nested_l0 *n,
			struct kvm_l2 *l2);
void kvm_nested_kick(struct vm *vm);
void kvm_nested_kick_seen(struct vm *vm);

/* No slot used; max from KVM_CAP_NR_MEMSLOTS (0 or less: the maximum). */
void kvm_nested_slots_init(struct kvm_nested_slots *s, int kvm_max);
/* The slot holding L2-physical l2_gpa, or -1. */
int kvm_nested_slots_find(const struct kvm_nested_slots *s, uint64_t l2_gpa);
/* L2-physical to L1-physical through the slots; false when none holds it. */
bool kvm_nested_slots_l1(const struct kvm_nested_slots *s, uint64_t l2_gpa,
			 uint64_t *l1_gpa);
/*
 * The range to map for a shadow fault at l2_gpa, whose page L0's shadow
 * maps to L1-physical l1_page (writable or not): that page, grown page by
 * page up and down inside its 2 MiB-aligned block while L1's nested table
 * (at root, in mem) maps the neighbours contiguously with the same rights
 * and no slot holds them yet.  Reads L1's table only.
 */
void kvm_nested_range_at(const struct kvm_nested_slots *s,
			 const struct guest_mem *mem, uint64_t root,
			 uint64_t l2_gpa, uint64_t l1_page, bool writable,
			 struct kvm_nested_range *r);
/* Take a free slot for r: its number; -ENOSPC when all max are used,
 * -EINVAL when r is empty, not page-aligned, overlaps a slot's L2 range,
 * or does not lie wholly inside L1's RAM of ram_size bytes. */
int kvm_nested_slots_add(struct kvm_nested_slots *s,
			 const struct kvm_nested_range *r, uint64_t ram_size);
/* Free slot i (the caller deleted it from KVM first). */
void kvm_nested_slots_drop(struct kvm_nested_slots *s, unsigned i);

/*
 * A KVM_INTERNAL_ERROR exit with suberror KVM_INTERNAL_ERROR_DELIVERY_EV:
 * L2's event delivery (the IDT gate, the GDT, the TSS, the frame on the
 * stack) touched an L2-physical page KVM found no slot for.  The shadow
 * fault it stands for - NONE when it is none, else the access to ask L0's
 * walk for, with the address in *gpa - from the exit's words and the
 * slots (kvm/kvm_nested_slots.c says how).
 */
enum kvm_delivery_fault {
	KVM_DELIVERY_NONE, KVM_DELIVERY_READ, KVM_DELIVERY_WRITE,
};
enum kvm_delivery_fault kvm_nested_delivery_fault(
	const struct kvm_nested_slots *s, uint32_t suberror, uint32_t ndata,
	const __u64 *data, uint64_t *gpa);

#endif /* KVM_KVM_NESTED_H */
