/*
 * tests/fuzz/fuzz_softcpu.c - fuzz target: the software CPU (cpu/) running
 * random code from the machine's entry state, with the tracer's page walk
 * (core/paging.c) and unwinder (core/unwind.c) at every exit.
 *
 * The input is a guest: a 16-bit length n (up to 4 KiB), then n bytes of
 * code, loaded at the entry point KERNEL_BASE in the state core/boot.c
 * builds, with an IDT whose gate for vector v leads to KERNEL_BASE + 16 v:
 * into the random code again, so faults, `int n` and injected interrupts
 * run more of it.  The code may rewrite its page tables, GDT, IDT and
 * stack: it is the hostile guest.  The rest of the input answers the
 * exits: the data of each IN and MMIO read, and at a HLT with interrupts
 * on, the vector to inject (or 0: an interrupt window instead).  The run
 * ends at SHUTDOWN, INTERNAL_ERROR, a HLT nothing wakes, or after
 * FUZZ_CPU_EXITS exits of at most FUZZ_CPU_INSNS instructions each (small:
 * a REP instruction counts once for up to 1024 iterations, and random code
 * is full of them).
 *
 * At every exit, as `vmscope trace --stack` does: the instruction bytes at
 * RIP through the guest's CR3, and the call chain from RIP, RSP and RBP,
 * formatted, with symbols covering the code ("main", and a "trap_entry"
 * so the unwinder also crosses trap frames).
 */
#include <stdlib.h>
#include <string.h>

#include "core/boot.h"
#include "core/paging.h"
#include "core/symbols.h"
#include "core/unwind.h"
#include "cpu/softcpu.h"
#include "guest/abi/machine.h"
#include "tests/fuzz/support/fuzz_input.h"

#define FUZZ_CPU_RAM (4ULL << 20)
#define FUZZ_CPU_CODE_MAX 4096
#define FUZZ_CPU_IDT 0x20000ULL    /* free low memory (guest/abi/machine.h) */
#define FUZZ_CPU_EXITS 16
#define FUZZ_CPU_INSNS 100
#define FUZZ_CPU_TRAP_ENTRY (KERNEL_BASE + 0x800)

/* 64-bit interrupt gate, DPL 3 (SDM Vol. 3A, figure 6-8) */
#define GATE_INTERRUPT_DPL3 (0xeULL << 40 | 3ULL << 45 | 1ULL << 47)

static struct guest_mem mem;
static struct symtab syms;
static struct softcpu *cpu;

/* Made once: a new CPU per input would cost more than most inputs run.
 * softcpu_reset() makes each input start on a fresh machine anyway. */
static void make_once(void)
{
	if (cpu)
		return;
	symtab_init(&syms);
	if (guest_mem_init(&mem, FUZZ_CPU_RAM) < 0 ||
	    symtab_add(&syms, "main", KERNEL_BASE, 0x800) < 0 ||
	    symtab_add(&syms, "trap_entry", FUZZ_CPU_TRAP_ENTRY, 0x100) < 0 ||
	    symtab_sort(&syms) < 0 || softcpu_create(&cpu, &mem) < 0)
		abort();
}

static void write_idt(struct vcpu_sregs *sregs)
{
	for (uint64_t v = 0; v < 256; v++) {
		uint64_t target = KERNEL_BASE + 16 * v;
		uint64_t gate[2] = {
			(target & 0xffff) | (uint64_t)SEL_KERNEL_CODE << 16 |
			GATE_INTERRUPT_DPL3 | (target >> 16 & 0xffff) << 48,
			target >> 32,
		};

		guest_mem_write(&mem, FUZZ_CPU_IDT + 16 * v, gate, sizeof(gate));
	}
	sregs->idt.base = FUZZ_CPU_IDT;
	sregs->idt.limit = 256 * 16 - 1;
}

/* The machine at its entry state, as after a reset, the code at
 * KERNEL_BASE. */
static void boot(struct fuzz_input *in)
{
	uint8_t code[FUZZ_CPU_CODE_MAX];
	size_t n = fuzz_u16(in) % (FUZZ_CPU_CODE_MAX + 1);
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;

	if (guest_mem_clear(&mem) < 0 ||
	    boot_build(&mem, KERNEL_BASE, 0, &regs, &sregs) < 0)
		abort();
	fuzz_bytes(in, code, n);
	guest_mem_write(&mem, KERNEL_BASE, code, n);
	write_idt(&sregs);
	softcpu_reset(cpu);
	if (softcpu_set_sregs(cpu, &sregs) < 0 ||
	    softcpu_set_regs(cpu, &regs) < 0)
		abort();
}

/* What the tracer reads at an exit, with --stack: the exiting
 * instruction's bytes, the call chain. */
static void trace_exit(const struct exit_record *exit)
{
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;
	struct unwind_chain chain;
	uint8_t insn[15];
	uint64_t gpa;
	char buf[512];

	softcpu_get_regs(cpu, &regs);
	softcpu_get_sregs(cpu, &sregs);
	paging_translate(&mem, sregs.cr3, exit->rip, &gpa);
	paging_read(&mem, sregs.cr3, exit->rip, insn, sizeof(insn));
	unwind_guest(&mem, &syms, sregs.cr3,
		     &(struct unwind_regs){ regs.rip, regs.rsp, regs.rbp },
		     &chain);
	if (chain.count == 0 || chain.count > UNWIND_MAX_FRAMES)
		abort();
	unwind_format(&chain, buf, sizeof(buf));
}

/* Complete the exit as the dispatcher would; false: the run is over. */
static bool answer(struct exit_record *exit, struct fuzz_input *in)
{
	uint8_t vector;

	switch (exit->reason) {
	case EXIT_IO:
		if (exit->u.io.direction == IO_IN)
			fuzz_bytes(in, exit->u.io.data,
				   (size_t)exit->u.io.size * exit->u.io.count);
		return true;
	case EXIT_MMIO:
		if (!exit->u.mmio.is_write)
			fuzz_bytes(in, exit->u.mmio.data, exit->u.mmio.len);
		return true;
	case EXIT_HLT:
		vector = fuzz_u8(in);
		if (!softcpu_interrupt_ready(cpu))
			return false;
		if (vector)
			softcpu_inject_interrupt(cpu, vector);
		else
			softcpu_request_interrupt_window(cpu, true);
		return true;
	case EXIT_IRQ_WINDOW_OPEN:
		softcpu_request_interrupt_window(cpu, false);
		return true;
	case EXIT_INTR:
	case EXIT_DEBUG:
		return true;
	default:
		return false;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	struct exit_record exit;

	make_once();
	fuzz_input_init(&in, data, size);
	boot(&in);
	memset(&exit, 0, sizeof(exit));
	for (int i = 0; i < FUZZ_CPU_EXITS; i++) {
		if (softcpu_run(cpu, &exit, FUZZ_CPU_INSNS) < 0)
			break;
		trace_exit(&exit);
		if (!answer(&exit, &in))
			break;
	}
	return 0;
}
