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
 * the instruction, its length in exit->nest.insn_len): an OUT the CPU has
 * already completed still shows its own RIP to L1, which steps past it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/vm.h"
#include "cpu/soft_nested.h"

struct soft_l2 {
	struct softcpu *cpu;         /* L2's CPU context */
	struct nested_l0 *n;         /* L0's state: the shadow, the counters */
	bool cpuid_exits;            /* L1's controls, for the hooks */
	uint32_t exception_bitmap;
	uint64_t tlb_generation;     /* the shadow's generation when L2's TLB
					was last flushed: its entries come
					from that shadow */
};

/* The exit record's reason for an exit KVM has no user-space number for
 * (CPUID, an exception, a nested page fault): VMX's, in hw_reason. */
static void begin_l2_exit(struct softcpu *cpu, uint32_t reason)
{
	cpu_exit_begin(cpu, EXIT_UNKNOWN);
	cpu->exit->nest.l2_reason = reason;
}

int soft_l2_phys(struct softcpu *cpu, uint64_t l2_gpa, enum mem_access acc,
		 uint64_t *l1_gpa)
{
	struct nested_l0 *n = cpu->l2->n;
	static const uint64_t qual[] = {
		[ACC_READ] = NESTED_NPF_READ, [ACC_WRITE] = NESTED_NPF_WRITE,
		[ACC_FETCH] = NESTED_NPF_FETCH,
	};

	if (nested_shadow_lookup(&n->map, l2_gpa, acc == ACC_WRITE, l1_gpa))
		return CPU_OK;
	if (cpu->exit_pending)
		return cpu_exit_internal(cpu, "a shadow fault after another "
					 "exit in one instruction");
	begin_l2_exit(cpu, NESTED_EXIT_NPF);
	cpu->exit->nest.gpa = l2_gpa;
	cpu->exit->nest.qualification = qual[acc];
	return CPU_STOP;
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
	n->backend_l2 = l2;
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

	if (l2->tlb_generation == n->map.generation)
		return softcpu_set_sregs_keep_tlb(l2->cpu, &n->l2_sregs);
	l2->tlb_generation = n->map.generation;
	return softcpu_set_sregs(l2->cpu, &n->l2_sregs);
}

/* An entry from L1: L0's checked copy of the block becomes L2's state. */
static int load_l2(struct soft_l2 *l2, struct exit_record *exit)
{
	struct nested_l0 *n = l2->n;
	int err;

	l2->cpuid_exits = n->controls.intercepts & NESTED_INTERCEPT_CPUID;
	l2->exception_bitmap = n->controls.exception_bitmap;
	/* The record in hand is L1's doorbell: not an answer for L2. */
	exit->reason = EXIT_UNKNOWN;
	err = load_paging(l2);
	if (!err)
		err = softcpu_set_regs(l2->cpu, &n->l2_regs);
	l2->cpu->nmi_blocked = n->l2_interruptibility & NESTED_BLOCK_BY_NMI;
	/* Only the event of this entry, if L1 asked for one: an event whose
	 * delivery an exit to L1 cut short is L1's now, in the block's
	 * IDT-vectoring information, for L1 to inject again. */
	l2->cpu->irq_pending = false;
	if (!err && (n->shadow.entry_intr_info & NESTED_INTR_VALID))
		inject_entry_event(l2->cpu, &n->shadow);
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

/* After the run: the record as L1 would see it, and L2's state for L0. */
static void finish_l2_exit(struct soft_l2 *l2, struct exit_record *exit)
{
	struct nested_l0 *n = l2->n;
	struct softcpu *cpu = l2->cpu;
	uint32_t reason = l2_reason(exit);

	exit->nest.l2_reason = reason;
	softcpu_get_regs(cpu, &n->l2_regs);
	softcpu_get_sregs(cpu, &n->l2_sregs);
	n->l2_interruptibility = cpu->nmi_blocked ? NESTED_BLOCK_BY_NMI : 0;
	if (reason == NESTED_EXIT_NONE)
		return;
	exit->hw_reason = reason;
	exit->hw_reason_known = true;
	if (reason == NESTED_EXIT_IO || reason == NESTED_EXIT_CPUID ||
	    reason == NESTED_EXIT_HLT) {
		exit->nest.insn_len = (uint32_t)(cpu->next_rip - exit->rip);
		n->l2_regs.rip = exit->rip;
	}
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
	err = softcpu_run(l2->cpu, exit, 0);
	if (!err)
		finish_l2_exit(l2, exit);
	return err;
}

/* The OUT has run (an OUT exit comes after the instruction): RIP back at
 * it, and the fault goes in before anything else runs. */
static int soft_fault_l1(struct vm *vm, const struct exit_record *exit,
			 uint32_t info, uint32_t error)
{
	struct softcpu *cpu = vm->backend_state;
	const struct cpu_fault ev = vmx_event(info, error);

	cpu->rip = exit->rip;
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

const struct nested_backend_ops soft_nested_ops = {
	.run = soft_nested_run,
	.fault_l1 = soft_fault_l1,
	.drop = soft_nested_drop,
};
