/*
 * cpu/soft_nested.c - the software CPU runs L2.
 *
 * L2 gets a CPU context of its own: a second struct softcpu over L1's RAM,
 * created at the first run doorbell and kept until the VM goes.  Its MMU
 * translates in two stages (cpu/mmu.c calls soft_l2_phys() for every
 * page-table page and every page it maps), and its TLB and decoded
 * instructions are its own, so L1's and L2's translations never mix; the
 * two share the tracking of which RAM pages hold decoded code, so a store
 * of either to the other's code is seen (softcpu_share_code()).
 * Entering L2 loads the state L0 copied from L1's control block (L2's
 * TLB and decoded blocks kept while L0's shadow and L2's paging registers
 * are unchanged, load_paging()), with its blocking by NMI, and queues the
 * event L1 asked to inject - an interrupt, an NMI, an exception or a software
 * interrupt - which the CPU delivers through L2's IDT before L2's first
 * instruction; an exit L0 handles alone - a port L1 does not intercept -
 * lets L2 go on where it was, with the IN data the device gave.
 *
 * The MMU's stage 2 looks in L0's shadow only.  The first touch of an
 * L2-physical page the shadow lacks stops L2 with an EPT violation - a
 * shadow fault - and L0 (core/nested_run.c) walks L1's nested table: it
 * maps the page and L2 runs the instruction again, or, when L1's table
 * does not allow the access, reflects the nested page fault to L1.  The
 * instruction has changed nothing when it stops: the MMU translates
 * every page an access needs before it writes a byte, and an event
 * being delivered commits nothing before its last stack write.
 *
 * Exits are reported as VMX would report them to L1 (fault-like, RIP at
 * the instruction, its length in exit->nest.insn_len): an HLT the CPU
 * has already completed still shows its own RIP to L1, which steps past
 * it; an I/O instruction has not run at its exit - IN, OUT, INS and OUTS
 * alike, one element of a string instruction per exit, RSI, RDI and RCX
 * unmoved (cpu/exec_io.c) - and finishes when L2 runs on after L0's own
 * device took the port; reflected, it is L1's to emulate (an L1 looks at
 * RCX for a REP, as on VMX).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/vm.h"
#include "core/x86_insn.h"
#include "cpu/soft_nested.h"

struct soft_l2 {
	struct softcpu *cpu;         /* L2's CPU context */
	struct nested_l0 *n;         /* L0's state: the shadow, the counters */
	bool cpuid_exits;            /* L1's controls, for the hooks */
	uint32_t exception_bitmap;
	uint64_t tlb_generation;     /* the shadow's generation when L2's TLB
					was last flushed: its entries come
					from that shadow */
	/* this run: an event waits for its delivery through L2's IDT,
	 * which has not reached the handler (an exit now comes during the
	 * delivery: no STI or MOV SS shadow, no instruction's) */
	bool delivering;
	bool iret_unblocked;         /* the exit came in an IRET that had
					unblocked NMIs */
};

/* The soft CPU keeps its shadows in the bits of VMX's interruptibility
 * state, as the block does. */
_Static_assert(SOFTCPU_SHADOW_STI == NESTED_BLOCK_BY_STI &&
	       SOFTCPU_SHADOW_MOV_SS == NESTED_BLOCK_BY_MOV_SS,
	       "the shadows' bits are VMX's");
#define SHADOWS (NESTED_BLOCK_BY_STI | NESTED_BLOCK_BY_MOV_SS)

/* The exit record's reason for an exit KVM has no user-space number for
 * (CPUID, an exception, a nested page fault): VMX's, in hw_reason. */
static void begin_l2_exit(struct softcpu *cpu, uint32_t reason)
{
	cpu_exit_begin(cpu, EXIT_UNKNOWN);
	cpu->exit->nest.l2_reason = reason;
}

/* Stage 2 for an access of kind `acc`, with VMX's bits 7 and 8 in
 * `linear` should it exit (guest/abi/nested.h). */
static int stage2(struct softcpu *cpu, uint64_t l2_gpa, enum mem_access acc,
		  uint64_t linear, uint64_t *l1_gpa)
{
	struct nested_l0 *n = cpu->l2->n;
	static const uint64_t qual[] = {
		[ACC_READ] = NESTED_NPF_READ, [ACC_WRITE] = NESTED_NPF_WRITE,
		[ACC_FETCH] = NESTED_NPF_FETCH,
	};

	if (nested_shadow_lookup(n->map, l2_gpa, acc == ACC_WRITE, l1_gpa))
		return CPU_OK;
	if (cpu->exit_pending)
		return cpu_exit_internal(cpu, "a shadow fault after another "
					 "exit in one instruction");
	begin_l2_exit(cpu, NESTED_EXIT_NPF);
	cpu->exit->nest.gpa = l2_gpa;
	cpu->exit->nest.qualification = qual[acc] | linear;
	return CPU_STOP;
}

int soft_l2_phys(struct softcpu *cpu, uint64_t l2_gpa, enum mem_access acc,
		 uint64_t *l1_gpa)
{
	return stage2(cpu, l2_gpa, acc,
		      NESTED_NPF_LINEAR | NESTED_NPF_TRANSLATED, l1_gpa);
}

int soft_l2_table(struct softcpu *cpu, uint64_t l2_gpa, uint64_t *l1_gpa)
{
	return stage2(cpu, l2_gpa, ACC_WRITE, NESTED_NPF_LINEAR, l1_gpa);
}

size_t soft_l2_read_code(struct softcpu *cpu, uint64_t va, uint8_t *dst,
			 size_t len)
{
	struct nested_l0 *n = cpu->l2->n;
	size_t done = 0;

	while (done < len) {
		uint64_t at = va + done;
		const struct tlb_entry *e = &cpu->tlb[(at >> 12) % TLB_ENTRIES];
		size_t chunk = NESTED_PAGE - (at & (NESTED_PAGE - 1));

		if (chunk > len - done)
			chunk = len - done;
		if (e->vpn != at >> 12 || !e->host)
			return done + nested_read_virt(cpu->mem,
						       n->shadow.nested_root,
						       cpu->sregs.cr3, at,
						       dst + done, len - done);
		memcpy(dst + done, e->host + (at & (NESTED_PAGE - 1)), chunk);
		done += chunk;
	}
	return done;
}

bool soft_l2_cpuid_exits(const struct softcpu *cpu)
{
	return cpu->l2->cpuid_exits;
}

int soft_l2_exit(struct softcpu *cpu, uint32_t reason)
{
	begin_l2_exit(cpu, reason);
	return CPU_STOP;
}

/* The CPU's event in VMX's interruption-information format
 * (guest/abi/nested.h): the inverse of vmx_event() below. */
static uint32_t vmx_info(const struct cpu_fault *f)
{
	uint32_t type = f->external ? NESTED_INTR_EXTERNAL
			: f->nmi ? NESTED_INTR_NMI
			: f->int1 ? NESTED_INTR_PRIV_SW_EXCEPTION
			: f->int3 ? NESTED_INTR_SW_EXCEPTION
			: f->is_int ? NESTED_INTR_SW_INT
			: NESTED_INTR_HW_EXCEPTION;

	return f->vector | type | NESTED_INTR_VALID |
	       (f->has_error ? NESTED_INTR_HAS_ERROR : 0);
}

bool soft_l2_exception_exits(struct softcpu *cpu, const struct cpu_fault *f)
{
	bool int_n = f->is_int && !f->int3;

	if (f->external || f->nmi || int_n || f->vector >= 32 ||
	    !((cpu->l2->exception_bitmap >> f->vector) & 1))
		return false;
	cpu->fault.pending = false;
	begin_l2_exit(cpu, NESTED_EXIT_EXCEPTION);
	cpu->exit->nest.intr_info = vmx_info(f);
	cpu->exit->nest.intr_error = f->error;
	cpu->exit->nest.qualification = f->has_cr2 ? f->cr2 : 0;
	cpu->exit->nest.insn_len = f->int3 || f->int1 ?
		(uint32_t)(cpu->next_rip - cpu->rip) : 0;
	return true;
}

void soft_l2_cut_short(struct softcpu *cpu, const struct cpu_fault *f)
{
	uint8_t len = f->is_int || f->int1 ? (uint8_t)(cpu->next_rip - cpu->rip)
					   : 0;

	cpu->exit->nest.vect_info = vmx_info(f);
	cpu->exit->nest.vect_error = f->has_error ? f->error : 0;
	cpu->exit->nest.insn_len = len;
	softcpu_inject_event(cpu, f, len);
}

/*
 * From here on other threads' kicks (soft_kick(): L1's flag, then
 * backend_l2 looked up) reach L2's CPU too.  A kick that came before -
 * the waker saw the vCPU thread "in run" and kicked while this thread was
 * still creating L2's CPU - raised only L1's flag, and L2's first run
 * would go on to its next natural exit, the waker, its wake still
 * pending, kicking no more (core/waker.c): its flag is carried over.  The
 * store, then the read of L1's flag, each sequentially consistent; the
 * kick writes L1's flag, then reads backend_l2: one of the two sees the
 * other's write.  KVM's twin: kvm_nested_publish().
 */
static void publish_l2(struct vm *vm, struct nested_l0 *n,
		       struct soft_l2 *l2)
{
	struct softcpu *l1 = vm->backend_state;

	atomic_store(&n->backend_l2, l2);
	if (atomic_load(&l1->kicked))
		softcpu_kick(l2->cpu);
}

static int create_l2(struct vm *vm, struct nested_l0 *n)
{
	struct soft_l2 *l2 = calloc(1, sizeof(*l2));
	int err;

	if (!l2)
		return -ENOMEM;
	err = softcpu_create(&l2->cpu, &vm->mem);
	if (err) {
		free(l2);
		return err;
	}
	/* L1's stores to L2's code (and L2's to L1's) must reach the other
	 * context's decoded blocks: L2's are kept across entries. */
	softcpu_share_code(l2->cpu, vm->backend_state);
	l2->cpu->l2 = l2;
	l2->n = n;
	publish_l2(vm, n, l2);
	return 0;
}

/* An event in VMX's interruption-information format (guest/abi/nested.h),
 * as the CPU takes it: an external interrupt or an NMI pushes RIP, a
 * hardware exception RIP and its error code, a software interrupt or
 * exception RIP past the instruction it stands for, after the gate's DPL
 * check (INT n, INT3, INTO; INT1 has none).  Like VMX's injection, none
 * writes CR2: L1 sets L2's CR2 itself for a #PF. */
static struct cpu_fault vmx_event(uint32_t info, uint32_t error)
{
	uint32_t type = info & NESTED_INTR_TYPE_MASK;

	return (struct cpu_fault){
		.pending = true,
		.vector = (uint8_t)(info & NESTED_INTR_VECTOR_MASK),
		.has_error = info & NESTED_INTR_HAS_ERROR,
		.error = error,
		.is_int = type == NESTED_INTR_SW_INT ||
			  type == NESTED_INTR_SW_EXCEPTION,
		.int3 = type == NESTED_INTR_SW_EXCEPTION,
		.int1 = type == NESTED_INTR_PRIV_SW_EXCEPTION,
		.nmi = type == NESTED_INTR_NMI,
		.external = type == NESTED_INTR_EXTERNAL,
	};
}

/* The event L1 put in the block (checked: core/nested_validate.c). */
static void inject_entry_event(struct softcpu *cpu, const struct nested_block *b)
{
	struct cpu_fault ev = vmx_event(b->entry_intr_info, b->entry_intr_error);
	bool software = ev.is_int || ev.int1;

	softcpu_inject_event(cpu, &ev,
			     software ? (uint8_t)b->entry_insn_len : 0);
}

/*
 * L2's paging state from the block.  L2's TLB is kept, as a TLB tagged
 * with a VPID keeps a guest's entries across VM exits and entries, while
 * everything its entries were made from is unchanged: L0's shadow of L1's
 * table (no invalidate, no new nested root since the TLB was flushed) and
 * L2's CR0, CR3, CR4 and EFER.  An L1 that rewrites L2's own page tables
 * behind L2's back rings the invalidate doorbell, as it would INVVPID.
 */
static int load_paging(struct soft_l2 *l2)
{
	struct nested_l0 *n = l2->n;

	if (l2->tlb_generation == n->map->generation)
		return softcpu_set_sregs_keep_tlb(l2->cpu, &n->l2_sregs);
	l2->tlb_generation = n->map->generation;
	return softcpu_set_sregs(l2->cpu, &n->l2_sregs);
}

/* An entry from L1: L0's checked copy of the block becomes L2's state. */
static int load_l2(struct soft_l2 *l2, struct exit_record *exit)
{
	struct nested_l0 *n = l2->n;
	int err;

	l2->cpuid_exits = n->controls.intercepts & NESTED_INTERCEPT_CPUID;
	l2->exception_bitmap = n->controls.exception_bitmap;
	/* The record in hand is L1's doorbell: not an answer for L2.  And
	 * the entry starts L2 from the block's state: an I/O instruction its
	 * last exit left at RIP runs from its start again (an OUT: its exit
	 * again). */
	exit->reason = EXIT_UNKNOWN;
	softcpu_drop_exit(l2->cpu);
	err = load_paging(l2);
	if (!err)
		err = softcpu_set_regs(l2->cpu, &n->l2_regs);
	l2->cpu->nmi_blocked = n->l2_interruptibility & NESTED_BLOCK_BY_NMI;
	/* Only the event of this entry, if L1 asked for one: an event whose
	 * delivery an exit to L1 cut short is L1's now, in the block's
	 * IDT-vectoring information, for L1 to inject again.  An entry that
	 * injects one has no STI or MOV SS shadow after it; one that does
	 * not keeps the block's for L2's first instruction (SDM Vol. 3C,
	 * 27.6.1). */
	l2->cpu->irq_pending = false;
	softcpu_set_shadow(l2->cpu, 0);
	if (!err && (n->shadow.entry_intr_info & NESTED_INTR_VALID))
		inject_entry_event(l2->cpu, &n->shadow);
	else
		softcpu_set_shadow(l2->cpu, n->l2_interruptibility & SHADOWS);
	return err;
}

/* Which of VMX's exits the CPU's exit is, for L1 (NESTED_EXIT_NONE for a
 * kick, a debug stop, an error: those are L0's own). */
static uint32_t l2_reason(const struct exit_record *exit)
{
	switch (exit->reason) {
	case EXIT_IO: return NESTED_EXIT_IO;
	case EXIT_HLT: return NESTED_EXIT_HLT;
	case EXIT_SHUTDOWN: return NESTED_EXIT_TRIPLE_FAULT;
	case EXIT_UNKNOWN: return exit->nest.l2_reason;
	default: return NESTED_EXIT_NONE;
	}
}

/* The blocking at the boundary L2's CPU stands at. */
static uint32_t blocking_now(const struct softcpu *cpu)
{
	return softcpu_shadow(cpu) |
	       (cpu->nmi_blocked ? NESTED_BLOCK_BY_NMI : 0);
}

/* An exit of an instruction's own: RIP stays at it (an HLT exit is
 * reported so, though the CPU has done the instruction). */
static bool insn_exit(uint32_t reason)
{
	return reason == NESTED_EXIT_IO || reason == NESTED_EXIT_HLT ||
	       reason == NESTED_EXIT_CPUID || reason == NESTED_EXIT_EXCEPTION ||
	       reason == NESTED_EXIT_NPF;
}

/* A single-step trap (#DB, a hardware exception: L2's INT1 is a software
 * one): it comes after the instruction, which completed - no exit of the
 * instruction's own, though the exit reports an exception. */
static bool trap_exit(const struct exit_record *exit, uint32_t reason)
{
	return reason == NESTED_EXIT_EXCEPTION &&
	       (exit->nest.intr_info &
		(NESTED_INTR_VECTOR_MASK | NESTED_INTR_TYPE_MASK)) ==
		       (VEC_DB | NESTED_INTR_HW_EXCEPTION);
}

/*
 * L2's blocking at the exit, for L1 (SDM Vol. 3C, "Architectural State
 * before a VM Exit", "Saving Non-Register State").  An instruction's exit
 * reports the STI or MOV SS shadow the instruction began under; an exit
 * during an event's delivery (or right at it), a triple fault none; any
 * other stop - a single-step trap after an instruction included - the
 * shadow in force where L2 stands.  An IRET that unblocked NMIs and then
 * exited without completing leaves them unblocked, and bit 12 of the
 * exit's information says so (exit_intr_info, or the EPT violation's
 * qualification).  An instruction that did not finish runs again under
 * what it began with should L0 let L2 go on (a shadow fault L0 handled):
 * its shadow and its blocking by NMI go back into the CPU, as the SDM
 * asks of a VMM that resumes such an IRET.
 */
static void save_blocking(struct soft_l2 *l2, struct exit_record *exit,
			  uint32_t reason)
{
	struct softcpu *cpu = l2->cpu;
	bool delivery = (exit->nest.vect_info & NESTED_INTR_VALID) ||
			l2->delivering;
	bool own = insn_exit(reason) && !delivery && !trap_exit(exit, reason);
	bool again = own && reason != NESTED_EXIT_IO &&
		     reason != NESTED_EXIT_HLT;
	uint32_t shadow = own ? softcpu_insn_shadow(cpu)
			  : delivery || reason == NESTED_EXIT_TRIPLE_FAULT ? 0
			  : softcpu_shadow(cpu);

	l2->n->l2_interruptibility = shadow |
		(cpu->nmi_blocked ? NESTED_BLOCK_BY_NMI : 0);
	if (again && l2->iret_unblocked) {
		if (reason == NESTED_EXIT_EXCEPTION)
			exit->nest.intr_info |= NESTED_INTR_NMI_UNBLOCKED;
		else if (reason == NESTED_EXIT_NPF)
			exit->nest.qualification |= NESTED_NPF_NMI_UNBLOCKED;
		cpu->nmi_blocked = true;
	}
	if (again)
		softcpu_set_shadow(cpu, shadow);
	l2->n->l2_blocking_now = blocking_now(cpu) |
		(cpu->irq_pending ? NESTED_HELD_BY_EVENT : 0);
}

/* After the run: the record as L1 would see it, and L2's state for L0. */
static void finish_l2_exit(struct soft_l2 *l2, struct exit_record *exit)
{
	struct nested_l0 *n = l2->n;
	struct softcpu *cpu = l2->cpu;
	uint32_t reason = l2_reason(exit);
	struct x86_insn insn;

	exit->nest.l2_reason = reason;
	softcpu_get_regs(cpu, &n->l2_regs);
	softcpu_get_sregs(cpu, &n->l2_sregs);
	save_blocking(l2, exit, reason);
	if (reason == NESTED_EXIT_NONE)
		return;
	exit->hw_reason = reason;
	exit->hw_reason_known = true;
	if (reason == NESTED_EXIT_IO || reason == NESTED_EXIT_CPUID ||
	    reason == NESTED_EXIT_HLT) {
		exit->nest.insn_len = x86_insn_decode(exit->insn,
						      exit->insn_len, &insn);
		exit->nest.next_rip = cpu->next_rip;
		n->l2_regs.rip = exit->rip;
	}
}

/* Is an exit L0 makes between two instructions (core/nested_boundary.c)
 * due but held - by L2's blocking, or by an event still to be delivered,
 * which goes first? */
static bool boundary_held(const struct soft_l2 *l2)
{
	return nested_boundary_wanted(l2->n) &&
	       (l2->cpu->irq_pending ||
		nested_boundary_exit(l2->n, blocking_now(l2->cpu)) ==
			NESTED_EXIT_NONE);
}

/* Where the event waiting for delivery starts L2: its 64-bit gate's
 * target in L2's IDT, read through both stages (SDM Vol. 3A, 6.14.1);
 * false when it cannot be read (the delivery itself will exit then). */
static bool event_target(const struct soft_l2 *l2, uint64_t *rip)
{
	const struct softcpu *cpu = l2->cpu;
	uint64_t at = cpu->sregs.idt.base + 16ULL * cpu->irq_event.vector;
	uint8_t gate[16];
	uint16_t lo, mid;
	uint32_t hi;

	if (nested_read_virt(cpu->mem, l2->n->shadow.nested_root,
			     cpu->sregs.cr3, at, gate, sizeof(gate)) !=
	    sizeof(gate))
		return false;
	memcpy(&lo, gate, 2);
	memcpy(&mid, gate + 6, 2);
	memcpy(&hi, gate + 8, 4);
	*rip = lo | (uint64_t)mid << 16 | (uint64_t)hi << 32;
	return true;
}

/*
 * One step of L2's: the event waiting for delivery, if any, and one
 * instruction.  With an event waiting, L2 stops right after its delivery,
 * before the handler's first instruction: there an exit L0 makes between
 * instructions that waits for the event comes (VMX makes the NMI window's
 * "follow event injection"), and from there an exit is no longer during
 * the delivery (save_blocking()).  The soft CPU has no stop there, so L2
 * is stopped with a breakpoint at the gate's target for the step (L0's
 * own come back after it), and the stop is no exit of L2's.  A delivery
 * that faults on the way to another handler makes the stop come one
 * instruction late.  *at_target: it did.
 */
static int step(struct soft_l2 *l2, struct exit_record *exit,
		bool *at_target)
{
	struct softcpu *cpu = l2->cpu;
	const struct nested_breaks *own = &l2->n->breaks[l2->n->run_level - 1];
	uint64_t target;
	bool stop = cpu->irq_pending && event_target(l2, &target);
	int err;

	if (stop)
		softcpu_set_breakpoints(cpu, &target, 1);
	err = softcpu_run(cpu, exit, 1);
	if (stop)
		softcpu_set_breakpoints(cpu, own->addrs, own->n);
	*at_target = stop && exit->reason == EXIT_DEBUG && exit->rip == target;
	/* The stop was L0's, never reported: a breakpoint of the user's at
	 * the handler (the TUI's `b L2:handler`) is not passed over as one
	 * just reported would be. */
	if (*at_target)
		cpu->skip_breakpoint = false;
	return err;
}

/*
 * Run L2 to its next exit.  One step at a time while an event waits for
 * its delivery (so an exit is known to come during it or after it) and
 * while blocking by NMI is in force (so an exit in the IRET that ends it
 * is known as one: save_blocking()) - an injected NMI's delivery, its
 * handler and the IRET can all be one run - and while an exit L0 makes
 * between instructions is due: at the first boundary it may come, L2
 * stops (n->at_boundary) and core/nested_run.c makes it.  (At the start
 * that boundary is held, or an IN L0's device took must complete first:
 * core/nested_run.c makes the exit before the run otherwise.)  Events
 * are injected one at a time, NMI handlers are short, and only L1's
 * injected NMIs block: L2 runs whole blocks otherwise.
 */
static int run_l2(struct soft_l2 *l2, struct exit_record *exit)
{
	struct softcpu *cpu = l2->cpu;

	l2->iret_unblocked = false;
	l2->delivering = cpu->irq_pending;
	while (cpu->irq_pending || cpu->nmi_blocked ||
	       nested_boundary_wanted(l2->n)) {
		bool nmi_before = cpu->nmi_blocked, at_target;
		/* what the step did: instructions retired, events delivered */
		uint64_t before = softcpu_work(cpu),
			 insns = cpu->counters.instructions;
		int err = step(l2, exit, &at_target);

		if (err)
			return err;
		if (!at_target && (exit->reason != EXIT_INTR ||
				   softcpu_work(cpu) == before)) {
			/* an exit of L2's, or a kick: in an IRET that ended
			 * blocking by NMI and did not complete (a trap after
			 * a completed IRET is not in it) */
			l2->iret_unblocked = nmi_before && !cpu->nmi_blocked &&
					     cpu->counters.instructions == insns;
			return 0;
		}
		l2->delivering = cpu->irq_pending;
		if (nested_boundary_wanted(l2->n) && !boundary_held(l2)) {
			l2->n->at_boundary = true;
			return 0;
		}
	}
	return softcpu_run(cpu, exit, 0);
}

static int soft_nested_run(struct vm *vm, struct nested_l0 *n,
			   struct exit_record *exit)
{
	struct soft_l2 *l2;
	int err;

	if (!n->backend_l2) {
		err = create_l2(vm, n);
		if (err)
			return err;
	}
	l2 = n->backend_l2;
	if (n->load_state) {
		err = load_l2(l2, exit);
		if (err)
			return err;
	}
	/* vmscope's own single step (the TUI's i, --step-insn) steps the
	 * level that runs: L2's CPU follows L1's setting. */
	softcpu_set_single_step(l2->cpu,
				((struct softcpu *)vm->backend_state)->single_step);
	/* ... and its breakpoints in the code of the level this run is (the
	 * TUI's l, L2: and L3: breakpoints) are that level's virtual
	 * addresses, checked in this context */
	softcpu_set_breakpoints(l2->cpu, n->breaks[n->run_level - 1].addrs,
				n->breaks[n->run_level - 1].n);
	exit->nest.l2_reason = NESTED_EXIT_NONE;
	err = run_l2(l2, exit);
	if (err)
		return err;
	if (exit->reason == EXIT_INTR)
		soft_nested_kicks_seen(vm);
	finish_l2_exit(l2, exit);
	return 0;
}

/* The doorbell's OUT does not finish: RIP is still at it, where its exit
 * left it (cpu/exec_io.c), and the fault goes in there before anything
 * else runs. */
static int soft_fault_l1(struct vm *vm, const struct exit_record *exit,
			 uint32_t info, uint32_t error)
{
	struct softcpu *cpu = vm->backend_state;
	const struct cpu_fault ev = vmx_event(info, error);

	(void)exit;
	softcpu_drop_exit(cpu);
	softcpu_inject_event(cpu, &ev, 0);
	return 0;
}

static void soft_nested_drop(struct vm *vm, struct nested_l0 *n)
{
	struct soft_l2 *l2 = n->backend_l2;

	(void)vm;
	if (!l2)
		return;
	softcpu_destroy(l2->cpu);
	free(l2);
	n->backend_l2 = NULL;
}

bool soft_nested_counters(const struct vm *vm, struct softcpu_counters *out)
{
	const struct soft_l2 *l2 = vm->nested ? vm->nested->backend_l2 : NULL;

	if (!l2)
		return false;
	softcpu_get_counters(l2->cpu, out);
	return true;
}

void soft_nested_kick(struct vm *vm)
{
	struct soft_l2 *l2 = vm->nested ? vm->nested->backend_l2 : NULL;

	if (l2)
		softcpu_kick(l2->cpu);
}

/*
 * Either level's run ended with an INTR exit: the kicks so far are seen.
 * Most are kicks (L1's runs have no instruction budget); L2's can also be
 * the end of a one-instruction step at a boundary stop, with no kick.
 * Each kick raised both levels' flags and only the CPU that ran took its
 * own down; the other's next run would stop at once, an INTR exit for
 * nothing.  Taking both down loses no kick, whichever INTR it was: every
 * kicker posts what it wants before it kicks (the waker's flag, a stop or
 * attention request), and the run loop looks at all of them after every
 * exit; the stores are sequentially consistent, so those later loads
 * cannot pass them (the store-buffering window KVM's plain
 * immediate_exit bytes need kvm_kick_mark_down() for).  KVM's twin:
 * kvm_kicks_seen().
 */
void soft_nested_kicks_seen(struct vm *vm)
{
	struct soft_l2 *l2 = vm->nested ? vm->nested->backend_l2 : NULL;

	atomic_store(&((struct softcpu *)vm->backend_state)->kicked, false);
	if (l2)
		atomic_store(&l2->cpu->kicked, false);
}

const struct nested_backend_ops soft_nested_ops = {
	.run = soft_nested_run,
	.fault_l1 = soft_fault_l1,
	.drop = soft_nested_drop,
};
