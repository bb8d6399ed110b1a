/*
 * cpu/exec_io.c - port I/O: IN, OUT, INS, OUTS, and the I/O permission
 * check.
 *
 * Every port access leaves the CPU as EXIT_IO, filled like KVM's:
 * port, size (1, 2, 4), direction, count (> 1 only for REP INS) and
 * data in a buffer the CPU owns until the next run.  RIP at the exit is
 * where hardware KVM leaves it (Linux, arch/x86/kvm/x86.c and emulate.c):
 *
 *   - IN, INS and OUT stop at RIP, not yet complete (cpu->await); the next
 *     softcpu_run() executes them again, this time to completion, from
 *     their copy decoded at the exit (cpu->exit_insn; never the bytes now
 *     at RIP): IN and INS store the data the dispatcher wrote into the
 *     buffer, OUT only retires (cpu->io_ready), with no second look at
 *     the permission (below).  KVM finishes them so on the next KVM_RUN
 *     (complete_fast_pio_in, complete_fast_pio_out, complete_emulated_pio),
 *     unless user space has moved RIP meanwhile (softcpu_set_regs()).
 *     One exception, kept by KVM for old user space and on by default:
 *     an OUT to port 0x7e is past already (KVM_X86_QUIRK_OUT_7E_INC_RIP).
 *   - OUTS runs in KVM's instruction emulator, which writes its results
 *     back before exiting: the data is in the record, RSI (and RCX) have
 *     moved, and RIP is past the OUTS - or still at it while a REP has
 *     repetitions left.
 *
 * A REP INS reads at most one page of memory, and at most the buffer,
 * per exit, as KVM's emulator reads ahead (pio_in_emulated()); a REP OUTS
 * sends one element per exit, as KVM's does (em_out() passes
 * pio_out_emulated() a count of 1), so the same guest makes the same
 * exits on both backends.  The instruction stays at RIP until RCX
 * reaches 0, as KVM's does.
 *
 * An L2's CPU (cpu->l2, the nesting stage) makes its exits as VMX makes
 * an I/O instruction's exit to L1 (SDM Vol. 3C, "Instructions That Cause
 * VM Exits" and "Exit Qualification for I/O Instructions"): before the
 * instruction runs - RSI, RDI, RCX and RIP as they were; for a REP
 * string instruction, before its next repetition.  The instruction is
 * then L1's to emulate; one exit here stands for one element, as one
 * OUTS exit of KVM's emulator does.  So OUTS awaits its exit's completion
 * as OUT does: L1, when L0 reflects the exit, sees the registers unmoved
 * (and the entry from L1 drops the completion); L0's own device, when it
 * takes the port, lets L2's next run complete the element (RSI and RCX
 * step, RIP past the instruction once RCX reaches 0).
 *
 * Permission (SDM Vol. 1, 19.5 "Protected-Mode I/O"): with CPL > IOPL an
 * access is allowed only if the TSS's I/O permission bitmap has a 0 bit for
 * every port it touches; a bitmap beyond the TSS limit denies; else #GP(0).
 * It is checked once, before the exit - the hardware checks it before its
 * VM exit (SDM Vol. 3C, 25.1.1) - and never at the completion: a TSS
 * changed meanwhile (by vmscope, a device) does not undo an access that
 * was made.  KVM's emulator does the same for INS: the completion runs
 * the instruction again without decoding it, and the check it passed is
 * kept (ctxt->perm_ok, reset only by a new decode).
 */
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/exec.h"

#define TSS_IOMAP_BASE 0x66   /* offset of the I/O map base (figure 8-11) */
#define PORT_OUT_7E_INC_RIP 0x7e  /* KVM's quirk: an OUT exits past itself */
#define PAGE_SIZE 4096ULL

static int io_permitted(struct softcpu *cpu, uint16_t port, unsigned size)
{
	const struct vcpu_segment *tr = &cpu->sregs.tr;
	uint64_t base, bits, at;

	if (cpu->cpl <= (cpu->rflags & FL_IOPL) >> 12)
		return CPU_OK;
	if (tr->limit < TSS_IOMAP_BASE + 1 ||
	    cpu_read_sys(cpu, tr->base + TSS_IOMAP_BASE, 2, &base))
		return cpu_gp0(cpu);
	at = base + port / 8;
	if (at + 1 > tr->limit || cpu_read_sys(cpu, tr->base + at, 2, &bits))
		return cpu_gp0(cpu);
	if ((bits >> (port & 7)) & ((1u << size) - 1))
		return cpu_gp0(cpu);
	return CPU_OK;
}

/* The exit for an access; CPU_STOP (the instruction stays at RIP and
 * completes at the next run) for an instruction that awaits its exit's
 * completion. */
static int io_exit(struct softcpu *cpu, uint16_t port, unsigned size,
		   uint8_t dir, uint32_t count, bool awaits)
{
	struct exit_io *io;

	cpu_exit_begin(cpu, EXIT_IO);
	io = &cpu->exit->u.io;
	io->port = port;
	io->size = (uint8_t)size;
	io->direction = dir;
	io->count = count;
	io->data = cpu->io_buf;
	cpu->io_count = count;
	if (!awaits)
		return CPU_OK;
	cpu->await = dir == IO_IN ? AWAIT_IN : AWAIT_OUT;
	return CPU_STOP;
}

/* The port: an immediate, or DX. */
static uint16_t port_of(const struct softcpu *cpu, const struct insn_operand *o)
{
	if (o->kind == INSN_OPD_IMM)
		return (uint16_t)(o->imm & 0xff);
	return (uint16_t)cpu->gpr[REG_RDX];
}

int cpu_exec_in(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	uint16_t port = port_of(cpu, &insn->operand[1]);
	uint64_t v = 0;

	if (cpu->io_ready) {
		cpu->io_ready = false;
		memcpy(&v, cpu->io_buf, d->size);
		cpu_reg_write(cpu, d, v);
		return CPU_OK;
	}
	if (io_permitted(cpu, port, d->size))
		return CPU_STOP;
	return io_exit(cpu, port, d->size, IO_IN, 1, true);
}

int cpu_exec_out(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *s = &insn->operand[1];
	uint16_t port = port_of(cpu, &insn->operand[0]);
	uint64_t v = cpu_reg_read(cpu, s);

	if (cpu->io_ready) {
		cpu->io_ready = false;
		return CPU_OK;
	}
	if (io_permitted(cpu, port, s->size))
		return CPU_STOP;
	memcpy(cpu->io_buf, &v, s->size);
	return io_exit(cpu, port, s->size, IO_OUT, 1,
		       port != PORT_OUT_7E_INC_RIP);
}

static uint64_t addr_mask(const struct insn *insn)
{
	return cpu_size_mask(insn->addrsize);
}

/* How many elements one INS exit moves: RCX (or 1), capped by the
 * buffer and by the end (DF = 0) or start (DF = 1) of the memory page. */
static uint32_t ins_count(const struct softcpu *cpu, const struct insn *insn,
			  uint64_t va, unsigned size)
{
	uint64_t n = insn->rep ? cpu->gpr[REG_RCX] & addr_mask(insn) : 1;
	uint64_t room = cpu->rflags & FL_DF
				? (va & (PAGE_SIZE - 1)) / size + 1
				: (PAGE_SIZE - (va & (PAGE_SIZE - 1))) / size;
	uint64_t cap = sizeof(cpu->io_buf) / size;

	if (cpu->l2)
		return 1;   /* VMX's exit to L1: one element (see the top) */
	if (room == 0)
		room = 1;
	if (n > room)
		n = room;
	return (uint32_t)(n < cap ? n : cap);
}

/* Advance a string pointer register and RCX after n elements; the
 * instruction stays at RIP while repetitions remain. */
static void string_advance(struct softcpu *cpu, const struct insn *insn,
			   unsigned reg, unsigned size, uint32_t n)
{
	uint64_t step = (uint64_t)n * size, m = addr_mask(insn);
	uint64_t p = cpu->gpr[reg];

	p = cpu->rflags & FL_DF ? p - step : p + step;
	cpu_gpr_write(cpu, reg, insn->addrsize, p & m);
	if (!insn->rep)
		return;
	cpu_gpr_write(cpu, REG_RCX, insn->addrsize,
		      (cpu->gpr[REG_RCX] - n) & m);
	if (cpu->gpr[REG_RCX] & m)
		cpu->next_rip = cpu->rip;
}

static uint64_t element_va(const struct softcpu *cpu, uint64_t p, unsigned i,
			   unsigned size)
{
	return cpu->rflags & FL_DF ? p - (uint64_t)i * size
				   : p + (uint64_t)i * size;
}

/* OUTS: one element per exit (see the top). */
int cpu_exec_outs(struct softcpu *cpu, const struct insn *insn)
{
	unsigned size = insn->opsize;
	uint16_t port = (uint16_t)cpu->gpr[REG_RDX];
	uint64_t src = cpu->gpr[REG_RSI] & addr_mask(insn), v;
	uint64_t base = cpu_string_base(cpu, insn);

	if (insn->rep && (cpu->gpr[REG_RCX] & addr_mask(insn)) == 0)
		return CPU_OK;
	if (cpu->io_ready) {   /* an L2's: its exit's element went out */
		cpu->io_ready = false;
		string_advance(cpu, insn, REG_RSI, size, cpu->io_count);
		return CPU_OK;
	}
	if (io_permitted(cpu, port, size))
		return CPU_STOP;
	if (cpu_read(cpu, base + src, size, &v))
		return CPU_STOP;
	memcpy(cpu->io_buf, &v, size);
	if (cpu->l2)
		return io_exit(cpu, port, size, IO_OUT, 1, true);
	io_exit(cpu, port, size, IO_OUT, 1, false);
	string_advance(cpu, insn, REG_RSI, size, 1);
	return CPU_OK;
}

/* INS: the first pass exits for the data, the second stores it. */
int cpu_exec_ins(struct softcpu *cpu, const struct insn *insn)
{
	unsigned size = insn->opsize;
	uint16_t port = (uint16_t)cpu->gpr[REG_RDX];
	uint64_t dst = cpu->gpr[REG_RDI] & addr_mask(insn), v = 0;
	uint32_t n;

	if (insn->rep && (cpu->gpr[REG_RCX] & addr_mask(insn)) == 0)
		return CPU_OK;
	if (!cpu->io_ready) {
		if (io_permitted(cpu, port, size))
			return CPU_STOP;
		return io_exit(cpu, port, size, IO_IN,
			       ins_count(cpu, insn, dst, size), true);
	}
	n = cpu->io_count;
	for (uint32_t i = 0; i < n; i++) {
		memcpy(&v, cpu->io_buf + (size_t)i * size, size);
		if (cpu_write(cpu, element_va(cpu, dst, i, size), size, v))
			return CPU_STOP;
	}
	cpu->io_ready = false;
	string_advance(cpu, insn, REG_RDI, size, n);
	return CPU_OK;
}
