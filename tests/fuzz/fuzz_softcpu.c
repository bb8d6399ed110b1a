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
 * ends at SHUTDOWN, INTERNAL_ERROR, a HLT nothing wakes, after
 * FUZZ_CPU_EXITS exits, or when FUZZ_CPU_WORK instructions and event
 * deliveries are spent (a REP instruction counts once per slice of up to
 * 1024 iterations; a delivery counts because a cascade of faults into
 * code that faults again retires nothing).  The cap keeps every input
 * short, so the fuzzer tries many: random code mostly faults at once and
 * would otherwise spend each input in such cascades.  The hand-written
 * seeds (tests/fuzz/seeds/softcpu/) are code that runs: loops of exits,
 * strings, handlers that return, frames to unwind.
 *
 * RAM starts every input from one snapshot of the entry state
 * (tests/fuzz/support/fuzz_ram.h puts back only the pages the last input
 * touched).
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
#include "tests/fuzz/support/fuzz_ram.h"

#define FUZZ_CPU_RAM (4ULL << 20)
#define FUZZ_CPU_CODE_MAX 4096
#define FUZZ_CPU_IDT 0x20000ULL    /* free low memory (guest/abi/machine.h) */
#define FUZZ_CPU_EXITS 16
#define FUZZ_CPU_WORK 64          /* instructions and deliveries, per input */
#define FUZZ_CPU_TRAP_ENTRY (KERNEL_BASE + 0x800)
#define FUZZ_CPU_STACK_KEPT 0x2000ULL  /* the boot stack's top 2 pages */

/* 64-bit interrupt gate, DPL 3 (SDM Vol. 3A, figure 6-8) */
#define GATE_INTERRUPT_DPL3 (0xeULL << 40 | 3ULL << 45 | 1ULL << 47)

static struct guest_mem mem;
static struct symtab syms;
static struct softcpu *cpu;
static struct fuzz_ram ram;          /* RAM at the entry state, no code */
static struct vcpu_regs entry_regs;
static struct vcpu_sregs entry_sregs;

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

/*
 * Made once: the CPU, and the machine at its entry state (core/boot.c's,
 * plus the IDT) as a RAM snapshot that every input starts from.  The code
 * page and the top of the boot stack are kept: nearly every input writes
 * them (a cascade of faults pushes a frame per delivery, 40 bytes each).
 * The rest of the stack is zero in the snapshot, and a page of it an
 * input touches is put back as any other (fuzz_ram.h).
 */
static void make_once(void)
{
	if (cpu)
		return;
	symtab_init(&syms);
	if (guest_mem_init(&mem, FUZZ_CPU_RAM) < 0 ||
	    boot_build(&mem, KERNEL_BASE, 0, &entry_regs, &entry_sregs) < 0 ||
	    symtab_add(&syms, "main", KERNEL_BASE, 0x800) < 0 ||
	    symtab_add(&syms, "trap_entry", FUZZ_CPU_TRAP_ENTRY, 0x100) < 0 ||
	    symtab_sort(&syms) < 0 || softcpu_create(&cpu, &mem) < 0)
		abort();
	write_idt(&entry_sregs);
	fuzz_ram_snapshot(&ram, &mem);
	fuzz_ram_keep(&ram, KERNEL_BASE, FUZZ_CPU_CODE_MAX);
	fuzz_ram_keep(&ram, BOOT_STACK_TOP - FUZZ_CPU_STACK_KEPT,
		      FUZZ_CPU_STACK_KEPT);
}

/* The machine at its entry state, as after a reset, the code at
 * KERNEL_BASE. */
static void boot(struct fuzz_input *in)
{
	uint8_t code[FUZZ_CPU_CODE_MAX];
	size_t n = fuzz_u16(in) % (FUZZ_CPU_CODE_MAX + 1);

	fuzz_ram_restore(&ram);
	fuzz_bytes(in, code, n);
	guest_mem_write(&mem, KERNEL_BASE, code, n);
	softcpu_reset(cpu);
	if (softcpu_set_sregs(cpu, &entry_sregs) < 0 ||
	    softcpu_set_regs(cpu, &entry_regs) < 0)
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

/* Instructions retired and events delivered so far: the work a run did. */
static uint64_t work_done(void)
{
	struct softcpu_counters c;

	softcpu_get_counters(cpu, &c);
	return c.instructions + c.exceptions + c.software_interrupts +
	       c.interrupts;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	struct exit_record exit;
	uint64_t start, used;

	make_once();
	fuzz_input_init(&in, data, size);
	boot(&in);
	memset(&exit, 0, sizeof(exit));
	start = work_done();
	for (int i = 0; i < FUZZ_CPU_EXITS; i++) {
		used = work_done() - start;
		if (used >= FUZZ_CPU_WORK ||
		    softcpu_run(cpu, &exit, FUZZ_CPU_WORK - used) < 0)
			break;
		trace_exit(&exit);
		if (!answer(&exit, &in))
			break;
	}
	return 0;
}
