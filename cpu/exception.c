/*
 * cpu/exception.c - raising exceptions and delivering them (and INT n)
 * through the 64-bit IDT.
 *
 * Delivery follows SDM Vol. 3A, 6.14 "Exception and Interrupt Handling in
 * 64-bit Mode": the 16-byte gate (figure 6-8) must be an interrupt (0xE)
 * or trap (0xF) gate, present, and for INT n / INT3 from software its DPL
 * must be >= CPL (else #GP(vector*8+2)).  The handler's CS gives the new
 * CPL; on a privilege change the new RSP comes from the TSS (RSP0..2), an
 * IST index picks TSS.IST1..7 in any case.  RSP is aligned to 16, then SS,
 * RSP, RFLAGS, CS, RIP and the error code are pushed; TF, NT and RF are
 * cleared, and IF too for an interrupt gate.
 *
 * The RFLAGS pushed for a fault has RF set (SDM Vol. 3A, 6.12.1 and
 * 17.3.1.1): the handler's IRET re-executes the faulting instruction
 * without a second instruction-breakpoint #DB.  A trap (#DB - this CPU
 * raises #DB only for single steps and INT1 -, #BP, #OF), an abort (#DF,
 * #MC), INT n and an interrupt push RFLAGS as it is.  KVM sets RF the same
 * way for a fault it injects (Linux, x86.c, inject_pending_event():
 * exception_type() == EXCPT_FAULT) - VM entry's event injection pushes
 * RFLAGS as the entry loaded it, so an event injected into this CPU (an
 * L1's into its L2) is pushed as it is too: RF is the injector's to set.
 *
 * An external interrupt (the PIC's vector, injected by the VMM) is
 * delivered the same way, with RIP of the next instruction and EXT set in
 * the error code of any fault on the way.
 *
 * A fault while delivering a fault combines as in SDM Vol. 3A, table 6-5:
 * contributory (#DE #TS #NP #SS #GP) after contributory, or #PF/contributory
 * after #PF, becomes #DF; anything but a benign exception while delivering
 * #DF shuts the CPU down (triple fault -> EXIT_SHUTDOWN, as KVM reports).
 * Delivery through tables or a stack that no RAM backs stops the CPU with
 * INTERNAL_ERROR rather than exit for MMIO halfway through an event.
 */
#include "cpu/cpu.h"
#include "cpu/soft_nested.h"

/* Gate descriptor fields (SDM Vol. 3A, figure 6-8) */
#define GATE_TYPE(lo)   (((lo) >> 40) & 0xf)
#define GATE_DPL(lo)    (((lo) >> 45) & 3)
#define GATE_P(lo)      (((lo) >> 47) & 1)
#define GATE_SEL(lo)    ((uint16_t)((lo) >> 16))
#define GATE_IST(lo)    (((lo) >> 32) & 7)
#define GATE_INTERRUPT  0xe
#define GATE_TRAP       0xf
/* Error code of a fault on an IDT entry (SDM Vol. 3A, 6.13): IDT bit,
 * and EXT when an exception (not INT n) was being delivered. */
#define ERR_EXT         1u
#define ERR_IDT         2u
/* 64-bit TSS (SDM Vol. 3A, figure 8-11) */
#define TSS_RSP0        4
#define TSS_IST1        0x24

int cpu_raise_err(struct softcpu *cpu, unsigned vector, uint32_t error)
{
	cpu->fault = (struct cpu_fault){ .pending = true,
					 .vector = (uint8_t)vector,
					 .has_error = true, .error = error };
	return CPU_STOP;
}

int cpu_raise(struct softcpu *cpu, unsigned vector)
{
	cpu->fault = (struct cpu_fault){ .pending = true,
					 .vector = (uint8_t)vector };
	return CPU_STOP;
}

int cpu_gp0(struct softcpu *cpu)
{
	return cpu_raise_err(cpu, VEC_GP, 0);
}

enum fault_class { BENIGN, CONTRIBUTORY, PAGE_FAULT, DOUBLE_FAULT };

/* An external interrupt is benign whatever its vector: a PIC programmed
 * with base 8 (as the BIOS leaves it) sends IRQ 0 as vector 8, which is
 * not a #DF. */
static enum fault_class classify(const struct cpu_fault *f)
{
	if (f->external)
		return BENIGN;
	switch (f->vector) {
	case VEC_DE: case VEC_TS: case VEC_NP: case VEC_SS: case VEC_GP:
		return CONTRIBUTORY;
	case VEC_PF:
		return PAGE_FAULT;
	case VEC_DF:
		return DOUBLE_FAULT;
	default:
		return BENIGN;
	}
}

struct gate {
	uint64_t target;
	uint16_t sel;
	unsigned type, ist;
};

static int read_gate(struct softcpu *cpu, const struct cpu_fault *f,
		     struct gate *g)
{
	uint32_t err = f->vector * 8u + ERR_IDT + (f->is_int ? 0 : ERR_EXT);
	uint64_t lo, hi, at = f->vector * 16ULL;

	if (at + 15 > cpu->sregs.idt.limit)
		return cpu_raise_err(cpu, VEC_GP, err);
	if (cpu_read_sys(cpu, cpu->sregs.idt.base + at, 8, &lo) ||
	    cpu_read_sys(cpu, cpu->sregs.idt.base + at + 8, 8, &hi))
		return CPU_STOP;
	g->type = (unsigned)GATE_TYPE(lo);
	if (g->type != GATE_INTERRUPT && g->type != GATE_TRAP)
		return cpu_raise_err(cpu, VEC_GP, err);
	if (f->is_int && GATE_DPL(lo) < cpu->cpl)
		return cpu_raise_err(cpu, VEC_GP, err);
	if (!GATE_P(lo))
		return cpu_raise_err(cpu, VEC_NP, err);
	g->sel = GATE_SEL(lo);
	g->ist = (unsigned)GATE_IST(lo);
	g->target = (lo & 0xffff) | (((lo >> 48) & 0xffff) << 16) |
		    (hi << 32);
	return CPU_OK;
}

/* The stack the handler runs on (before alignment). */
static int handler_stack(struct softcpu *cpu, const struct gate *g,
			 unsigned new_cpl, uint64_t *rsp)
{
	uint64_t tss = cpu->sregs.tr.base;

	if (g->ist)
		return cpu_read_sys(cpu, tss + TSS_IST1 + 8 * (g->ist - 1), 8,
				    rsp);
	if (new_cpl < cpu->cpl)
		return cpu_read_sys(cpu, tss + TSS_RSP0 + 8 * new_cpl, 8, rsp);
	*rsp = cpu->gpr[REG_RSP];
	return CPU_OK;
}

/* Is the event a fault-class exception (Linux, x86.c exception_type())? */
static bool is_fault(const struct cpu_fault *f)
{
	if (f->is_int || f->int1 || f->external || f->nmi)
		return false;
	switch (f->vector) {
	case VEC_DB: case VEC_BP: case VEC_OF: case VEC_DF: case VEC_MC:
		return false;
	default:
		return true;
	}
}

/* Deliver one event; returns CPU_STOP with cpu->fault set if that faults.
 * injected: the event came with a VM entry (see the top). */
static int deliver_one(struct softcpu *cpu, const struct cpu_fault *f,
		       bool injected)
{
	uint64_t frame[6], rsp, d;
	struct gate g;
	unsigned new_cpl, n = 0;

	if (read_gate(cpu, f, &g) || cpu_read_descriptor(cpu, g.sel, &d))
		return CPU_STOP;
	new_cpl = cpu_desc_dpl(d);
	if (new_cpl > cpu->cpl)
		return cpu_raise_err(cpu, VEC_GP, g.sel & ~3u);
	if (cpu_check_code(cpu, g.sel, new_cpl, &d) ||
	    handler_stack(cpu, &g, new_cpl, &rsp))
		return CPU_STOP;
	rsp &= ~15ULL;
	if (f->has_error)
		frame[n++] = f->error;
	frame[n++] = f->is_int || f->int1 ? cpu->next_rip : cpu->rip;
	frame[n++] = cpu->sregs.cs.selector;
	frame[n++] = cpu_get_rflags(cpu) |
		     (is_fault(f) && !injected ? FL_RF : 0);
	frame[n++] = cpu->gpr[REG_RSP];
	frame[n++] = cpu->sregs.ss.selector;
	for (unsigned i = 0; i < n; i++)
		if (cpu_write_sys(cpu, rsp - 8 * (n - i), 8, frame[i]))
			return CPU_STOP;
	if (new_cpl < cpu->cpl)
		cpu->sregs.ss = (struct vcpu_segment){ .selector =
						       (uint16_t)new_cpl };
	cpu_load_cs(cpu, g.sel, new_cpl, d);
	cpu->gpr[REG_RSP] = rsp - 8 * n;
	cpu->rip = g.target;
	cpu->rflags &= ~(FL_TF | FL_NT | FL_RF | FL_VM);
	if (g.type == GATE_INTERRUPT)
		cpu->rflags &= ~FL_IF;
	return CPU_OK;
}

static int triple_fault(struct softcpu *cpu)
{
	cpu->fault.pending = false;
	cpu_exit_begin(cpu, EXIT_SHUTDOWN);
	return CPU_STOP;
}

/*
 * Delivery touched MMIO: an IDT, GDT, TSS or stack that no RAM backs.  An
 * MMIO exit now would leave the event half delivered (an injected vector
 * lost, the read's data arriving for the instruction at RIP), so the CPU
 * stops, as KVM does when event delivery hits MMIO (an internal error).
 */
static int delivery_exit(struct softcpu *cpu)
{
	if (cpu->exit->reason == EXIT_MMIO)
		return cpu_exit_internal(cpu, "delivering an event touched "
					 "MMIO (IDT, GDT, TSS or stack)");
	return CPU_STOP;
}

/*
 * What one delivery was (SDM Vol. 3A, 6.3 and 6.4): an interrupt - the
 * PIC's, or an NMI -, INT n's software interrupt, or an exception - a
 * fault, trap or abort the CPU detected, or INT3, INTO or INT1, which
 * the SDM counts as exceptions raised by software (6.4.2).  Counted once
 * the handler's frame is written: an attempt that met a fault on its
 * way delivered nothing (what it turned into - a #DF, a triple fault -
 * is told by its own delivery or exit).
 */
static void count_delivery(struct softcpu *cpu, const struct cpu_fault *f)
{
	if (f->external || f->nmi) {
		cpu->counters.interrupts++;
		cpu->counters.chip_interrupts += f->from_chip;
	}
	else if (f->is_int && !f->int3)
		cpu->counters.software_interrupts++;
	else
		cpu->counters.exceptions++;
}

/*
 * Deliver cpu->fault and whatever faults on its way.  For an L2, L1's
 * exception bitmap is asked about each fault before it is delivered or
 * combines into a #DF, as VMX asks (SDM Vol. 3C, 26.2: a triple fault is
 * an exception while calling the #DF handler that the bitmap did not make
 * an exit) - but not about the first event when the VMM injected it.
 * An exit of L2's while an event goes through the IDT - an EPT violation
 * on the IDT, the GDT, the TSS or the stack, or a fault on the way that
 * L1's bitmap asks for - happened during its delivery: the exit carries
 * the event (soft_l2_cut_short(); SDM Vol. 3C, "Information for VM Exits
 * During Event Delivery").  One that the
 * event itself causes - its vector, or the #DF it turns into, in the
 * bitmap - or a triple fault does not.
 */
static int deliver_chain(struct softcpu *cpu, bool ask_l1)
{
	struct cpu_fault f = cpu->fault;
	bool injected = !ask_l1;

	for (;;) {
		enum fault_class first = classify(&f), second;
		int rc;

		if (ask_l1 && cpu->l2 && soft_l2_exception_exits(cpu, &f))
			return CPU_STOP;
		cpu->fault.pending = false;
		if (f.has_cr2)
			cpu->sregs.cr2 = f.cr2;
		rc = deliver_one(cpu, &f, injected);
		ask_l1 = true;
		injected = false;
		if (rc == CPU_OK)
			count_delivery(cpu, &f);
		if (rc == CPU_OK && f.nmi)
			cpu->nmi_blocked = true;
		if (cpu->exit_pending) {
			if (cpu->l2)
				soft_l2_cut_short(cpu, &f);
			return delivery_exit(cpu);
		}
		if (rc == CPU_OK)
			return CPU_OK;
		if (cpu->l2 && soft_l2_exception_exits(cpu, &cpu->fault)) {
			soft_l2_cut_short(cpu, &f);
			return CPU_STOP;
		}
		/* A #PF met on the way has loaded CR2 before the CPU
		 * decides it makes a #DF (a double-fault handler reads the
		 * second fault's address there, Linux to see a stack
		 * overflow). */
		if (cpu->fault.has_cr2)
			cpu->sregs.cr2 = cpu->fault.cr2;
		second = classify(&cpu->fault);
		if (first == DOUBLE_FAULT && second != BENIGN)
			return triple_fault(cpu);
		if ((first == CONTRIBUTORY && second == CONTRIBUTORY) ||
		    (first == PAGE_FAULT && second != BENIGN))
			cpu_raise_err(cpu, VEC_DF, 0);
		f = cpu->fault;
	}
}

int cpu_deliver(struct softcpu *cpu)
{
	return deliver_chain(cpu, true);
}

int cpu_deliver_event(struct softcpu *cpu)
{
	return deliver_chain(cpu, false);
}
