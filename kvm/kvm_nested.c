/*
 * kvm/kvm_nested.c - the KVM backend runs L2: a second VM, its memory
 * slots the shadow address space (kvm/kvm_nested.h).
 *
 * The life of an L2 run on KVM, beside core/nested_run.c's:
 *   - the first run doorbell creates L2's VM and vCPU with the backend's
 *     own code (kvm_state_open(), no RAM);
 *   - an entry from L1 (n->load_state) abandons whatever KVM still holds
 *     from L2's previous exit (a KVM_RUN with immediate_exit set completes
 *     it and returns at once), loads L0's checked copy of L2's state with
 *     KVM_SET_REGS/KVM_SET_SREGS, queues L1's event (kvm_events.c),
 *     and maps the pages KVM must find before L2's first instruction:
 *     L2's page-table pages on the way to RIP and RSP, and RIP's page (a
 *     page-table page without a slot never exits - L2 would take a #PF),
 *     and for an injected event its IDT gate's, the GDT's and the TSS's;
 *   - KVM_RUN; its exit becomes the exit record the software CPU makes
 *     (level 1, VMX's reason in exit->nest.l2_reason, RIP at the
 *     instruction, its length): KVM_EXIT_IO is IO_INSTRUCTION (30),
 *     KVM_EXIT_HLT is HLT (12), KVM_EXIT_SHUTDOWN a triple fault (2), an
 *     access to an L2-physical page no slot holds an EPT violation (48) -
 *     KVM_EXIT_MMIO with its GPA, or KVM_EXIT_INTERNAL_ERROR for an
 *     instruction fetch, whose page is RIP's, or for an event's delivery
 *     (KVM_INTERNAL_ERROR_DELIVERY_EV, with the GPA);
 *   - the rule of core/nested_reflect.c decides.  A shadow fault L0
 *     handles (L1's table maps the page) is finished at the next run: a
 *     slot for the range around the page, then the access KVM stopped at
 *     done by hand into L1's RAM (KVM completes the instruction on the
 *     next KVM_RUN), then L2 runs on.  An exit reflected to L1 leaves L2
 *     until L1's next doorbell;
 *   - L1's invalidate doorbell, or an entry with another nested root,
 *     deletes every slot: the only thing that makes KVM forget a stale
 *     translation (measured on PVM: not even KVM_SET_SREGS does).
 * What KVM cannot show user space: CPUID (answered in the kernel) and
 * exceptions of L2's (delivered through L2's IDT) never exit, whatever
 * L1's controls ask; docs/NESTING.md lists the differences.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "core/vspace.h"
#include "core/x86_insn.h"
#include "kvm/kvm_nested.h"
#include "kvm/kvm_vcpu.h"
#include "kvm/probe.h"

/* KVM's suberror for an instruction it could not emulate: what a fetch
 * from an L2-physical page without a slot gives. */
#define INTERNAL_EMULATION 1

/* Needs /dev/kvm and the slots this file makes: many, and read-only ones
 * for pages L1 maps read-only. */
static bool kvm_nested_available(char *why, size_t len)
{
	return probe_require("NR_MEMSLOTS", why, len) &&
	       probe_require("READONLY_MEM", why, len);
}

/* --- the slots ---------------------------------------------------------- */

static int set_range(struct kvm_l2 *l2, const struct guest_mem *mem,
		     unsigned i, bool present)
{
	const struct kvm_nested_range *r = &l2->slots.range[i];

	return kvm_memory_slot(l2->vcpu.vm_fd, i,
			       r->writable ? 0 : KVM_MEM_READONLY, r->l2_gpa,
			       present ? r->len : 0, mem->host + r->l1_gpa);
}

static int drop_slot(struct kvm_l2 *l2, const struct guest_mem *mem,
		     unsigned i)
{
	int err = set_range(l2, mem, i, false);

	kvm_nested_slots_drop(&l2->slots, i);
	return err;
}

static int drop_all(struct kvm_l2 *l2, const struct guest_mem *mem)
{
	int err = 0, e;

	for (unsigned i = 0; i < l2->slots.max; i++) {
		if (!l2->slots.range[i].used)
			continue;
		e = drop_slot(l2, mem, i);
		if (e)
			err = e;
	}
	return err;
}

/* A slot for the range around l2_gpa, whose page is l1_page in L1's RAM,
 * writable when L0's shadow let L2 write it (write) or L1's table does;
 * when every slot is taken, all are dropped first (a rebuild). */
static int add_range(struct vm *vm, struct kvm_l2 *l2, uint64_t l2_gpa,
		     uint64_t l1_page, bool write)
{
	const struct guest_mem *mem = &vm->mem;
	struct kvm_nested_range r;
	uint64_t page;
	bool writable;
	int slot, err;

	writable = write ||
		   (nested_walk(mem, l2->root, l2_gpa, true, &page) ==
		    NESTED_WALK_OK && page == l1_page);
	kvm_nested_range_at(&l2->slots, mem, l2->root, l2_gpa, l1_page,
			    writable, &r);
	slot = kvm_nested_slots_add(&l2->slots, &r, mem->size);
	if (slot == -ENOSPC) {
		err = drop_all(l2, mem);
		if (err)
			return err;
		l2->n->counters.shadow_rebuilt++;
		slot = kvm_nested_slots_add(&l2->slots, &r, mem->size);
	}
	if (slot < 0)
		return slot;
	err = set_range(l2, mem, (unsigned)slot, true);
	if (err)
		kvm_nested_slots_drop(&l2->slots, (unsigned)slot);
	return err;
}

/*
 * Make L2-physical l2_gpa reachable for the access (write or not): 0 when
 * a slot holds it now, 1 when L0's shadow cannot map it (L1's table does
 * not allow the access: the rule reflects that), or -errno.  A page in a
 * read-only slot that L0's shadow now lets L2 write gets its range again.
 */
static int ensure_mapped(struct vm *vm, struct kvm_l2 *l2, uint64_t l2_gpa,
			 bool write)
{
	int slot = kvm_nested_slots_find(&l2->slots, l2_gpa);
	uint64_t l1_gpa;

	if (slot >= 0 && (!write || l2->slots.range[slot].writable))
		return 0;
	if (!kvm_gpa_reachable(l2_gpa, l2->vcpu.maxphyaddr))
		return 1;   /* no slot can be there: see premap() */
	if (nested_shadow_map(l2->n->map, &vm->mem, l2_gpa, write, &l1_gpa,
			      &l2->n->counters) != NESTED_WALK_OK)
		return 1;
	if (slot >= 0) {
		int err = drop_slot(l2, &vm->mem, (unsigned)slot);

		if (err)
			return err;
	}
	return add_range(vm, l2, l2_gpa, l1_gpa & ~(NESTED_PAGE - 1), write);
}

/* --- entering L2 ---------------------------------------------------------- */

/*
 * The pages KVM needs before L2's first instruction: L2's page-table
 * pages on the way to gva, and gva's own page.  Where L2's tables (L1
 * wrote them) lead to an L2-physical address at or above 2^MAXPHYADDR,
 * nothing is mapped: KVM refuses a slot there (-EINVAL), and no slot is
 * needed - as on hardware, the address bits above MAXPHYADDR in L2's
 * paging entry are reserved, and L2 takes the #PF (error code RSVD) when
 * it runs, through its own IDT.  An L1 cannot make L0 fail that way.
 */
static int premap(struct vm *vm, struct kvm_l2 *l2, uint64_t gva)
{
	const struct nested_l0 *n = l2->n;
	uint64_t tables[4], l2_gpa;
	int err;

	if (!(n->l2_sregs.cr0 & CR0_PG))
		return ensure_mapped(vm, l2, gva, false) < 0 ? -EFAULT : 0;
	if (nested_translate_l2(&vm->mem, n->shadow.nested_root,
				n->l2_sregs.cr3, gva, &l2_gpa, tables))
		return 0;   /* L2's own tables do not map it: L2's #PF */
	for (int i = 0; i < 4; i++) {
		err = ensure_mapped(vm, l2, tables[i], false);
		if (err < 0)
			return err;
	}
	err = ensure_mapped(vm, l2, l2_gpa, false);
	return err < 0 ? err : 0;
}

/*
 * An event L1 injects is delivered before L2's first instruction, through
 * its IDT gate (16 bytes in long mode, 8 before), the GDT and - at a
 * change of CPL or with an IST - the TSS: their pages are mapped now too.
 * What this leaves out (a GDT or gate on a second page, the handler, a
 * stack the TSS names) comes back as a shadow fault at an instruction
 * fetch or as KVM's event-delivery error (delivery_fault()).
 */
static int premap_delivery(struct vm *vm, struct kvm_l2 *l2)
{
	const struct nested_l0 *n = l2->n;
	uint64_t vector = n->shadow.entry_intr_info & NESTED_INTR_VECTOR_MASK;
	uint64_t gate = n->l2_sregs.efer & EFER_LMA ? 16 : 8;
	int err;

	if (!(n->shadow.entry_intr_info & NESTED_INTR_VALID))
		return 0;
	err = premap(vm, l2, n->l2_sregs.idt.base + vector * gate);
	if (!err)
		err = premap(vm, l2, n->l2_sregs.gdt.base);
	if (!err)
		err = premap(vm, l2, n->l2_sregs.tr.base);
	return err;
}

/* The blocking L2 starts with: the block's, without the STI or MOV SS
 * shadow when the entry injects an event (SDM Vol. 3C, 27.6.1). */
static uint32_t entry_blocking(const struct nested_l0 *n)
{
	uint32_t b = n->l2_interruptibility;

	if (n->shadow.entry_intr_info & NESTED_INTR_VALID)
		b &= NESTED_BLOCK_BY_NMI;
	return b;
}

static int enter(struct vm *vm, struct kvm_l2 *l2, struct exit_record *exit)
{
	struct nested_l0 *n = l2->n;
	int err;

	/* The record in hand is L1's doorbell: not an answer for L2. */
	exit->reason = EXIT_UNKNOWN;
	l2->fault = false;
	/* an entry brings a new state: what KVM held from L2's last exit
	 * is finished first, and the events it left (a #DB for L2's TF, an
	 * event whose delivery the exit stopped) are dropped - L1's block
	 * says all L2 gets, as a VMX entry injects only entry_intr_info */
	err = kvm_state_finish_exit(&l2->vcpu);
	/* L0's shadow empty (the first entry, a new root, an invalidate, a
	 * reset): so are the slots */
	if (!err && (n->shadow.nested_root != l2->root || !n->map->entries)) {
		err = drop_all(l2, &vm->mem);
		l2->root = n->shadow.nested_root;
	}
	if (!err)
		err = kvm_state_set_sregs(&l2->vcpu, &n->l2_sregs);
	if (!err)
		err = kvm_state_set_regs(&l2->vcpu, &n->l2_regs);
	if (!err)
		err = kvm_state_enter_events(&l2->vcpu, entry_blocking(n),
					     n->shadow.entry_intr_info,
					     n->shadow.entry_intr_error,
					     n->shadow.entry_insn_len);
	if (!err)
		err = premap(vm, l2, n->l2_regs.rip);
	if (!err)
		err = premap(vm, l2, n->l2_regs.rsp);
	if (!err)
		err = premap_delivery(vm, l2);
	return err;
}

/* A shadow fault L0 handled: the slot, then the access KVM stopped at,
 * done into L1's RAM (KVM finishes the instruction at the next run). */
static int finish_fault(struct vm *vm, struct kvm_l2 *l2)
{
	struct kvm_run *run = l2->vcpu.run;
	const struct exit_mmio *m = &l2->mmio;
	uint64_t l1_gpa;
	int err;

	l2->fault = false;
	err = ensure_mapped(vm, l2, m->gpa, m->is_write);
	if (err)
		return err < 0 ? err : -EFAULT;
	if (!l2->fault_mmio)
		return 0;   /* a fetch, a delivery: KVM does it again */
	if (!kvm_nested_slots_l1(&l2->slots, m->gpa, &l1_gpa))
		return -EFAULT;
	if (m->is_write)
		return guest_mem_write(&vm->mem, l1_gpa, m->data, m->len);
	return guest_mem_read(&vm->mem, l1_gpa, run->mmio.data, m->len);
}

/* --- the exit, as L1 would see it ------------------------------------- */

static void shadow_fault_exit(struct kvm_l2 *l2, struct exit_record *exit,
			      uint64_t gpa, uint64_t qualification)
{
	exit->reason = EXIT_UNKNOWN;
	exit->nest.l2_reason = NESTED_EXIT_NPF;
	exit->nest.gpa = gpa;
	exit->nest.qualification = qualification;
	l2->fault = true;
}

/* The L2-physical address of L2's virtual gva: gva itself while L2's
 * paging is off.  0, or -EFAULT when L2's own tables do not map it. */
static int l2_physical(struct vm *vm, const struct kvm_l2 *l2, uint64_t gva,
		       uint64_t *l2_gpa)
{
	const struct nested_l0 *n = l2->n;

	if (!(n->l2_sregs.cr0 & CR0_PG)) {
		*l2_gpa = gva;
		return 0;
	}
	return nested_translate_l2(&vm->mem, n->shadow.nested_root,
				   n->l2_sregs.cr3, gva, l2_gpa, NULL)
		       ? -EFAULT : 0;
}

/* An instruction fetch KVM could not do: a page the instruction lies on
 * has no slot - RIP's, or the next one when the instruction crosses into
 * it (slots end at 2 MiB boundaries, so RIP's may have one and the next
 * not). */
static bool fetch_fault(struct vm *vm, struct kvm_l2 *l2,
			struct exit_record *exit)
{
	uint64_t rip = l2->n->l2_regs.rip, l2_gpa;
	const uint64_t ends[2] = { rip, rip + X86_INSN_MAX - 1 };

	if (exit->u.internal.suberror != INTERNAL_EMULATION)
		return false;
	for (int i = 0; i < 2; i++) {
		if (l2_physical(vm, l2, ends[i], &l2_gpa) ||
		    !kvm_gpa_reachable(l2_gpa, l2->vcpu.maxphyaddr))
			return false;
		if (kvm_nested_slots_find(&l2->slots, l2_gpa) >= 0)
			continue;
		/* without the capability KVM queued a #UD before it exited:
		 * L2 must not take it at its next run */
		if (!l2->exit_on_failure && kvm_state_drop_ud(&l2->vcpu))
			return false;
		l2->mmio = (struct exit_mmio){ .gpa = l2_gpa };
		l2->fault_mmio = false;
		shadow_fault_exit(l2, exit, l2_gpa, NESTED_NPF_FETCH);
		return true;
	}
	return false;
}

/* An event delivery that touched a page with no slot (kvm_nested.h):
 * the event KVM holds (ev) is the one cut short, VMX's IDT-vectoring
 * information for L1 should L0 reflect the exit.  Handled by L0, KVM
 * delivers it again once the page has its slot. */
static bool delivery_fault(struct kvm_l2 *l2, struct exit_record *exit,
			   const struct kvm_vcpu_events *ev)
{
	const struct kvm_run *run = l2->vcpu.run;
	enum kvm_delivery_fault f;
	uint64_t gpa;

	f = kvm_nested_delivery_fault(&l2->slots, run->internal.suberror,
				      run->internal.ndata, run->internal.data,
				      &gpa);
	if (f == KVM_DELIVERY_NONE)
		return false;
	l2->mmio = (struct exit_mmio){
		.gpa = gpa, .is_write = f == KVM_DELIVERY_WRITE,
	};
	l2->fault_mmio = false;
	shadow_fault_exit(l2, exit, gpa, l2->mmio.is_write ? NESTED_NPF_WRITE
							   : NESTED_NPF_READ);
	exit->nest.vect_info = kvm_events_vectoring(ev, &exit->nest.vect_error);
	return true;
}

static uint32_t classify(struct vm *vm, struct kvm_l2 *l2,
			 struct exit_record *exit,
			 const struct kvm_vcpu_events *ev)
{
	switch (exit->reason) {
	case EXIT_IO: return NESTED_EXIT_IO;
	case EXIT_HLT: return NESTED_EXIT_HLT;
	case EXIT_SHUTDOWN: return NESTED_EXIT_TRIPLE_FAULT;
	case EXIT_MMIO:
		l2->mmio = exit->u.mmio;
		l2->fault_mmio = true;
		shadow_fault_exit(l2, exit, l2->mmio.gpa,
				  l2->mmio.is_write ? NESTED_NPF_WRITE
						    : NESTED_NPF_READ);
		return NESTED_EXIT_NPF;
	case EXIT_INTERNAL_ERROR:
		return fetch_fault(vm, l2, exit) ||
		       delivery_fault(l2, exit, ev)
			       ? NESTED_EXIT_NPF : NESTED_EXIT_NONE;
	default:
		return NESTED_EXIT_NONE;
	}
}

/*
 * KVM runs string I/O in its instruction emulator, which writes an OUTS
 * back before it exits to user space (x86.c, x86_emulate_instruction():
 * an OUT's data is out, nothing is left to complete): RSI has moved past
 * the exit's elements and RCX counted them down under REP.  VMX exits
 * before the instruction runs (SDM Vol. 3C, "Instructions That Cause VM
 * Exits"), and L1 emulates the element itself: L0's copy of L2's
 * registers, which a reflection writes into L1's block, is put back as
 * it was.  L2's vCPU keeps KVM's state, for L2 to go on from when L0's
 * own device takes the port.  An INS has moved nothing yet: KVM finishes
 * it at the next KVM_RUN.
 */
static void outs_unmoved(struct vcpu_regs *r, const struct exit_record *exit,
			 const struct x86_insn *insn)
{
	uint64_t mask = insn->addr32 ? 0xffffffffULL : ~0ULL;
	uint64_t bytes = (uint64_t)exit->u.io.size * exit->u.io.count;

	if (exit->u.io.direction != IO_OUT || insn->map != 0 ||
	    (insn->opcode & 0xfe) != 0x6e)
		return;
	r->rsi = (r->rflags & RFLAGS_DF ? r->rsi + bytes : r->rsi - bytes) &
		 mask;
	if (insn->rep)
		r->rcx = (r->rcx + exit->u.io.count) & mask;
}

/* After KVM_RUN: L2's state for L0, and the record as the software CPU
 * makes it (RIP at the instruction, its bytes read through both stages). */
static void finish_exit(struct vm *vm, struct kvm_l2 *l2,
			struct exit_record *exit)
{
	struct nested_l0 *n = l2->n;
	const struct vspace sp = {
		.mem = &vm->mem, .cr3 = l2->vcpu.sregs->cr3, .nested = true,
		.nested_root = n->shadow.nested_root,
	};
	struct kvm_vcpu_events ev = { 0 };
	struct x86_insn insn;
	uint32_t reason, blocking;
	uint64_t next;

	kvm_state_get_regs(&l2->vcpu, &n->l2_regs);
	kvm_state_get_sregs(&l2->vcpu, &n->l2_sregs);
	/* what KVM holds where L2 stands: after an I/O or HLT exit KVM has
	 * done the instruction, and its shadow is over (docs/NESTING.md) */
	kvm_state_events(&l2->vcpu, &ev);
	blocking = kvm_events_blocking(&ev);
	n->l2_interruptibility = blocking & NESTED_INTERRUPTIBILITY_ALL;
	n->l2_blocking_now = blocking;
	exit->nest.l2_reason = NESTED_EXIT_NONE;
	reason = classify(vm, l2, exit, &ev);
	exit->nest.l2_reason = reason;
	next = n->l2_regs.rip;
	exit->rip = kvm_rip_io_hlt(&sp, l2->vcpu.flavour, exit, next,
				   n->l2_regs.rcx);
	exit->insn_len = (uint8_t)vspace_read_prefix(&sp, exit->rip,
						     exit->insn,
						     EXIT_INSN_MAX);
	if (reason == NESTED_EXIT_NONE)
		return;
	exit->hw_reason = reason;
	exit->hw_reason_known = true;
	if (reason == NESTED_EXIT_IO || reason == NESTED_EXIT_HLT) {
		exit->nest.insn_len = x86_insn_decode(exit->insn,
						      exit->insn_len, &insn);
		/* next_rip is L0's for an IN, OUT or HLT (core/exit.h);
		 * for INS/OUTS the core keeps L2 at the instruction
		 * (insn_waiting) */
		exit->nest.next_rip = exit->rip + exit->nest.insn_len;
		n->l2_regs.rip = exit->rip;
		if (reason == NESTED_EXIT_IO && exit->nest.insn_len)
			outs_unmoved(&n->l2_regs, exit, &insn);
	}
}

/* --- the ops ------------------------------------------------------------ */

/*
 * A fetch from an L2-physical page with no slot is an instruction KVM's
 * emulator cannot fetch.  KVM then queues #UD and exits to user space only
 * at CPL 0; at CPL 1-3 it does not exit at all and L2 takes the #UD
 * (x86.c, handle_emulation_failure()).  With KVM_CAP_EXIT_ON_EMULATION_
 * FAILURE (Linux 5.14) it exits at every CPL and queues nothing, which is
 * the shadow fault this file needs.  Without it, fetch_fault() drops the
 * #UD, and a fetch fault at CPL 3 stays L2's #UD (docs/NESTING.md).
 */
static bool exit_on_failure(int vm_fd)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_EXIT_ON_EMULATION_FAILURE, .args = { 1 },
	};

	return ioctl(vm_fd, KVM_CHECK_EXTENSION,
		     KVM_CAP_EXIT_ON_EMULATION_FAILURE) > 0 &&
	       ioctl(vm_fd, KVM_ENABLE_CAP, &cap) == 0;
}

static int create_l2(struct vm *vm, struct nested_l0 *n)
{
	struct kvm_l2 *l2 = calloc(1, sizeof(*l2));
	int err;

	if (!l2)
		return -ENOMEM;
	err = kvm_state_open(&l2->vcpu, NULL);
	if (err) {
		free(l2);
		return err;
	}
	kvm_nested_slots_init(&l2->slots,
			      ioctl(l2->vcpu.vm_fd, KVM_CHECK_EXTENSION,
				    KVM_CAP_NR_MEMSLOTS));
	l2->exit_on_failure = exit_on_failure(l2->vcpu.vm_fd);
	l2->n = n;
	l2->root = n->shadow.nested_root;
	kvm_nested_publish(kvm_state(vm), n, l2);
	return 0;
}

/* Every run of L2 starts with an entry from L1 (n->load_state), which
 * creates L2's VM the first time. */
static int kvm_nested_run(struct vm *vm, struct nested_l0 *n,
			  struct exit_record *exit)
{
	struct kvm_l2 *l2 = n->backend_l2;
	int err = 0;

	if (n->load_state && !l2) {
		err = create_l2(vm, n);
		l2 = n->backend_l2;
	}
	if (!err && !l2)
		err = -EINVAL;
	else if (!err && n->load_state)
		err = enter(vm, l2, exit);
	else if (!err && l2->fault)
		err = finish_fault(vm, l2);
	if (!err)
		err = kvm_run_state(&l2->vcpu, exit);
	if (err)
		return err;
	if (exit->reason == EXIT_INTR)
		kvm_kicks_seen(vm);
	finish_exit(vm, l2, exit);
	return 0;
}

/* L1's vCPU: KVM may still skip the OUT at the next KVM_RUN (its fast path
 * completes it then) - the fault takes its place (kvm_state_fault_at()). */
static int kvm_nested_fault_l1(struct vm *vm, const struct exit_record *exit,
			       uint32_t info, uint32_t error)
{
	return kvm_state_fault_at(vm->backend_state, exit->rip, info, error);
}

static void kvm_nested_invalidate(struct vm *vm, struct nested_l0 *n)
{
	struct kvm_l2 *l2 = n->backend_l2;

	if (l2)
		drop_all(l2, &vm->mem);
}

static void kvm_nested_drop(struct vm *vm, struct nested_l0 *n)
{
	struct kvm_l2 *l2 = n->backend_l2;

	(void)vm;
	if (!l2)
		return;
	atomic_store(&n->backend_l2, NULL);
	kvm_state_close(&l2->vcpu);
	free(l2);
}

/*
 * From here on other threads' kicks (kvm_kick()) reach L2's vCPU.  A kick
 * that came before - the waker saw the vCPU in run() and kicked while this
 * thread was still creating L2's VM - marked only L1's vCPU, and its
 * signal hit no KVM_RUN: its mark is carried over, or L2's first KVM_RUN
 * would run on, and the waker, its wake still pending, would kick no more
 * (core/waker.c).  The store, a full fence, then the read of L1's mark;
 * kvm_kick() writes L1's mark, fences, then reads backend_l2: one of the
 * two sees the other's write (tests/unit/test_kvm_kick.c).
 */
void kvm_nested_publish(struct kvm_vcpu_state *l1, struct nested_l0 *n,
			struct kvm_l2 *l2)
{
	atomic_store(&n->backend_l2, l2);
	atomic_thread_fence(memory_order_seq_cst);
	if (*(volatile __u8 *)&l1->run->immediate_exit)
		kvm_state_kick(&l2->vcpu);
}

static struct kvm_l2 *kickable_l2(struct vm *vm)
{
	return vm->nested ? atomic_load(&vm->nested->backend_l2) : NULL;
}

void kvm_nested_kick(struct vm *vm)
{
	struct kvm_l2 *l2 = kickable_l2(vm);

	if (l2)
		kvm_state_kick(&l2->vcpu);
}

void kvm_nested_kick_seen(struct vm *vm)
{
	struct kvm_l2 *l2 = kickable_l2(vm);

	if (l2)
		kvm_kick_mark_down(&l2->vcpu);
}

const struct nested_backend_ops kvm_nested_ops = {
	.run = kvm_nested_run,
	.fault_l1 = kvm_nested_fault_l1,
	.invalidate = kvm_nested_invalidate,
	.drop = kvm_nested_drop,
	.available = kvm_nested_available,
};
