/*
 * cpu/softcpu.c - the software CPU's life cycle and its run loop.
 *
 * softcpu_run() first hands the guest what the dispatcher completed for the
 * previous exit (IN data, MMIO read data, an OUT's end) - the instruction
 * that asked for it is still at RIP, and the copy of it decoded at the
 * exit runs again, this time to its end (cpu/exec_io.c says where RIP is
 * at each I/O exit, as on KVM) - then delivers an interrupt the VMM
 * injected, then executes instructions until one of them needs the VMM.  Interrupts are taken between instructions
 * only, never inside a block: the VMM's PIC decides, at an exit (with
 * --irqchip kernel the CPU asks the chip itself between blocks,
 * cpu/irqfd.c), and the CPU leaves a block early only when the shadow of
 * an STI or a MOV to SS, or an open window, needs looking at.
 *
 * The fast path - why the software CPU runs ~500 million instructions a
 * second without a JIT (docs/SOFTCPU.md: how that is measured):
 *
 *   1. icache_fetch() finds the block of decoded instructions starting at
 *      RIP (cpu/icache.c): one hash, one RIP compare and the validity
 *      checks (translation generation, execute right, code-page
 *      generations), once per block of up to 32 instructions.  Decoding,
 *      the instruction TLB and the page checks are paid only when a block
 *      is first seen or its code changed.
 *   2. A breakpoint costs two compares per block: the block's address
 *      range against [bp_min, bp_max].  Only a block that may hold one is
 *      cut short before it (run_insns()'s limit).
 *   3. The block runs as a chain (run_insns()): each decoded instruction
 *      carries a handler chosen when it was decoded for its exact form
 *      (cpu/exec_fast.c: ADD reg, reg; MOV reg, [mem]; JNZ ...), which does
 *      only that instruction's work and ends by calling the next
 *      instruction's handler - a tail call, so really a jump: no loop, no
 *      return, no test between two instructions.  Those handlers never
 *      touch RIP: each entry knows its own address, and RIP is settled
 *      once, by the Jcc or the entry after the block's last instruction
 *      (cpu_block_end()), or where an instruction faults.  Instructions
 *      without such a handler run under cpu_run_plain(), which settles RIP
 *      before and after the general handler and stops the chain when that
 *      one jumped, faulted, made an exit or wrote to decoded code
 *      (cpu->block_break).
 *   4. Flags are lazy (cpu/exec_flags.c): ADD or SHL records its operands
 *      and result, and JNZ asks only "was the result zero?".  Each Jcc has
 *      its own handler per condition, which reads just that.
 *   5. A load or store whose page is in the TLB is one host access: the
 *      TLB entry holds the page's host address (cpu_tlb_hit()).
 *   6. The kick, the instruction budget, RFLAGS.TF and single-stepping
 *      are looked at between blocks, and a kick every BLOCK_INSNS
 *      instructions, so it takes effect within microseconds.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/paging.h"
#include "cpu/cpu.h"
#include "cpu/soft_nested.h"
#include "guest/abi/nested.h"

#define BLOCK_INSNS 4096
#define DEBUG_EXCEPTION_DB 1   /* exit_record.u.debug.exception, as KVM */
#define PAGE_SIZE 4096ULL

/* The power-on state over mem, on a zeroed struct: what softcpu_create()
 * leaves and softcpu_reset() gives again. */
static void power_on(struct softcpu *cpu, struct guest_mem *mem)
{
	cpu->mem = mem;
	cpu->ram_pages = mem->size / PAGE_SIZE;
	cpu->rflags = RFLAGS_FIXED;
	cpu->lazy.op = LAZY_NONE;
	cpu->bp_min = UINT64_MAX;
	cpu->bp_max = 0;
	mmu_flush(cpu);
}

/* Forget the completion an I/O or MMIO read exit left for the
 * instruction that made it - IN's or the read's data, an OUT's end: that
 * instruction will not complete (handle_stop(), softcpu_set_regs(),
 * softcpu_drop_exit()). */
static void drop_completion(struct softcpu *cpu)
{
	cpu->await = AWAIT_NONE;
	cpu->io_ready = false;
	cpu->mmio_ready = false;
}

int softcpu_create(struct softcpu **out, struct guest_mem *mem)
{
	struct softcpu *cpu = calloc(1, sizeof(*cpu));
	int err;

	if (!cpu)
		return -ENOMEM;
	power_on(cpu, mem);
	err = icache_init(cpu);
	if (err) {
		free(cpu);
		return err;
	}
	*out = cpu;
	return 0;
}

/*
 * The state softcpu_create() leaves, again: everything the guest can see
 * or leave behind goes - registers, MSRs, an injected interrupt not yet
 * delivered, the window, the STI and MOV SS shadows, a pending #DB trap,
 * the data for a half-done IN or MMIO read.  What belongs to vmscope stays: the memory
 * and the caches over it (flushed) with the context sharing its code
 * tracking, the debugger's single-step and breakpoints, a kick not yet
 * seen, the counters, the ioeventfds, the irqchip and its irqfds (the
 * lines they held go down).  Zeroing all and putting back the few kept
 * fields, rather than clearing field by field, means a field added later
 * is reset too.
 */
void softcpu_reset(struct softcpu *cpu)
{
	struct guest_mem *mem = cpu->mem;
	uint8_t *code_pages = cpu->code_pages;
	uint32_t *page_gen = cpu->page_gen;
	struct softcpu *code_peer = cpu->code_peer;
	bool code_borrowed = cpu->code_borrowed;
	struct icache_block *icache = cpu->icache;
	uint8_t *icache_arena = cpu->icache_arena;
	size_t icache_used = cpu->icache_used;
	uint32_t icache_gen = cpu->icache_gen;
	bool single_step = cpu->single_step, kicked = atomic_load(&cpu->kicked);
	struct softcpu_counters counters = cpu->counters;
	uint64_t breakpoints[SOFTCPU_BREAKPOINTS];
	unsigned n_breakpoints = cpu->n_breakpoints;
	struct cpu_ioeventfds ioeventfds = cpu->ioeventfds;
	struct cpu_irqchip *chip = cpu->chip;
	const struct vm_clock *clock = cpu->clock;

	cpu_irqchip_reset(cpu);
	memcpy(breakpoints, cpu->breakpoints, sizeof(breakpoints));
	memset(cpu, 0, sizeof(*cpu));
	power_on(cpu, mem);
	cpu->code_pages = code_pages;
	cpu->page_gen = page_gen;
	cpu->code_peer = code_peer;
	cpu->code_borrowed = code_borrowed;
	cpu->icache = icache;
	cpu->icache_arena = icache_arena;
	cpu->icache_used = icache_used;
	cpu->icache_gen = icache_gen;
	cpu->single_step = single_step;
	cpu->counters = counters;
	cpu->ioeventfds = ioeventfds;
	cpu->chip = chip;
	cpu->clock = clock;
	atomic_store(&cpu->kicked, kicked);
	icache_flush(cpu);
	softcpu_set_breakpoints(cpu, breakpoints, n_breakpoints);
}

void softcpu_destroy(struct softcpu *cpu)
{
	if (!cpu)
		return;
	cpu_irqchip_free(cpu);
	icache_free(cpu);
	free(cpu);
}

int softcpu_get_regs(struct softcpu *cpu, struct vcpu_regs *r)
{
	const uint64_t *g = cpu->gpr;

	*r = (struct vcpu_regs){
		.rax = g[REG_RAX], .rbx = g[REG_RBX], .rcx = g[REG_RCX],
		.rdx = g[REG_RDX], .rsi = g[REG_RSI], .rdi = g[REG_RDI],
		.rsp = g[REG_RSP], .rbp = g[REG_RBP], .r8 = g[REG_R8],
		.r9 = g[REG_R9], .r10 = g[REG_R10], .r11 = g[REG_R11],
		.r12 = g[REG_R12], .r13 = g[REG_R13], .r14 = g[REG_R14],
		.r15 = g[REG_R15], .rip = cpu->rip,
		.rflags = cpu_get_rflags(cpu),
	};
	return 0;
}

void softcpu_drop_exit(struct softcpu *cpu)
{
	drop_completion(cpu);
}

/* A new RIP (a reset) abandons the instruction the last exit left at the
 * old one: its IN or MMIO data and its TF trap are dropped, as KVM skips
 * completing an exit once user space has moved RIP. */
int softcpu_set_regs(struct softcpu *cpu, const struct vcpu_regs *r)
{
	uint64_t *g = cpu->gpr;

	if (r->rip != cpu->rip) {
		drop_completion(cpu);
		cpu->db_trap_pending = false;
	}
	g[REG_RAX] = r->rax; g[REG_RBX] = r->rbx; g[REG_RCX] = r->rcx;
	g[REG_RDX] = r->rdx; g[REG_RSI] = r->rsi; g[REG_RDI] = r->rdi;
	g[REG_RSP] = r->rsp; g[REG_RBP] = r->rbp; g[REG_R8] = r->r8;
	g[REG_R9] = r->r9; g[REG_R10] = r->r10; g[REG_R11] = r->r11;
	g[REG_R12] = r->r12; g[REG_R13] = r->r13; g[REG_R14] = r->r14;
	g[REG_R15] = r->r15;
	cpu->rip = r->rip;
	cpu->lazy.op = LAZY_NONE;
	cpu->rflags = (r->rflags & FL_WRITABLE) | RFLAGS_FIXED;
	return 0;
}

int softcpu_get_sregs(struct softcpu *cpu, struct vcpu_sregs *s)
{
	*s = cpu->sregs;
	return 0;
}

/* Only 64-bit long mode with paging is supported. */
static int load_sregs(struct softcpu *cpu, const struct vcpu_sregs *s,
		      bool flush)
{
	if (!(s->cr0 & CR0_PG) || !(s->cr0 & CR0_PE) ||
	    !(s->cr4 & CR4_PAE) || !(s->efer & EFER_LMA) || !s->cs.l)
		return -EINVAL;
	cpu->sregs = *s;
	cpu->cpl = s->cs.dpl & 3;
	if (flush) {
		mmu_flush(cpu);
		icache_flush(cpu);
	}
	return 0;
}

int softcpu_set_sregs(struct softcpu *cpu, const struct vcpu_sregs *s)
{
	return load_sregs(cpu, s, true);
}

int softcpu_set_sregs_keep_tlb(struct softcpu *cpu, const struct vcpu_sregs *s)
{
	const struct vcpu_sregs *now = &cpu->sregs;

	return load_sregs(cpu, s, s->cr0 != now->cr0 || s->cr3 != now->cr3 ||
				  s->cr4 != now->cr4 || s->efer != now->efer);
}

void softcpu_kick(struct softcpu *cpu)
{
	atomic_store(&cpu->kicked, true);
}

void softcpu_set_single_step(struct softcpu *cpu, bool on)
{
	cpu->single_step = on;
}

int softcpu_set_breakpoints(struct softcpu *cpu, const uint64_t *addrs,
			    unsigned n)
{
	if (n > SOFTCPU_BREAKPOINTS)
		return -E2BIG;
	cpu->n_breakpoints = n;
	cpu->bp_min = UINT64_MAX;
	cpu->bp_max = 0;
	for (unsigned i = 0; i < n; i++) {
		cpu->breakpoints[i] = addrs[i];
		if (addrs[i] < cpu->bp_min)
			cpu->bp_min = addrs[i];
		if (addrs[i] > cpu->bp_max)
			cpu->bp_max = addrs[i];
	}
	return 0;
}

unsigned softcpu_shadow(const struct softcpu *cpu)
{
	return (cpu->sti_shadow ? SOFTCPU_SHADOW_STI : 0) |
	       (cpu->mov_ss_shadow ? SOFTCPU_SHADOW_MOV_SS : 0);
}

bool softcpu_interrupt_ready(const struct softcpu *cpu)
{
	return (cpu->rflags & FL_IF) && !softcpu_shadow(cpu) &&
	       !cpu->irq_pending;
}

unsigned softcpu_insn_shadow(const struct softcpu *cpu)
{
	return cpu->insn_shadow;
}

void softcpu_set_shadow(struct softcpu *cpu, unsigned shadow)
{
	cpu->sti_shadow = shadow & SOFTCPU_SHADOW_STI;
	cpu->mov_ss_shadow = shadow & SOFTCPU_SHADOW_MOV_SS;
}

void softcpu_inject_event(struct softcpu *cpu, const struct cpu_fault *ev,
			  uint8_t insn_len)
{
	cpu->irq_pending = true;
	cpu->irq_event = *ev;
	cpu->irq_insn_len = insn_len;
}

void softcpu_inject_interrupt(struct softcpu *cpu, uint8_t vector)
{
	const struct cpu_fault ev = { .pending = true, .vector = vector,
				      .external = true };

	softcpu_inject_event(cpu, &ev, 0);
}

void softcpu_request_interrupt_window(struct softcpu *cpu, bool on)
{
	cpu->irq_window = on;
}

void softcpu_get_counters(const struct softcpu *cpu,
			  struct softcpu_counters *out)
{
	*out = cpu->counters;
}

/* The dispatcher's answer to our previous exit, for the instruction that
 * is still waiting at RIP: IN's and an MMIO read's data come in the record
 * (one of another reason is no answer: the record an L2 gets at its
 * entry); an OUT's end needs none - its exit was not abandoned
 * (softcpu_set_regs(), softcpu_reset()), so it finishes, even when the
 * record comes back from another context's run (L1's run doorbell,
 * which L2's exits answer). */
static void complete_previous(struct softcpu *cpu,
			      const struct exit_record *exit)
{
	if ((cpu->await == AWAIT_IN && exit->reason == EXIT_IO) ||
	    cpu->await == AWAIT_OUT)
		cpu->io_ready = true;
	if (cpu->await == AWAIT_MMIO && exit->reason == EXIT_MMIO) {
		memcpy(cpu->mmio_data, exit->u.mmio.data,
		       sizeof(cpu->mmio_data));
		cpu->mmio_ready = true;
	}
	cpu->await = AWAIT_NONE;
}

static bool breakpoint_at(const struct softcpu *cpu, uint64_t rip)
{
	for (unsigned i = 0; i < cpu->n_breakpoints; i++)
		if (cpu->breakpoints[i] == rip)
			return true;
	return false;
}

static int debug_exit(struct softcpu *cpu)
{
	cpu_exit_begin(cpu, EXIT_DEBUG);
	cpu->exit->u.debug.exception = DEBUG_EXCEPTION_DB;
	cpu->exit->u.debug.pc = cpu->rip;
	return CPU_STOP;
}

/* How many of b's first n instructions run before a breakpoint (the
 * first one is exempt just after its breakpoint was reported). */
static unsigned before_breakpoint(struct softcpu *cpu,
				  const struct icache_block *b, unsigned n)
{
	for (unsigned k = 0; k < n; k++)
		if (breakpoint_at(cpu, b->insn[k].rip) &&
		    (k > 0 || !cpu->skip_breakpoint))
			return k;
	return n;
}

int cpu_run_plain(struct softcpu *cpu, const struct insn *insn)
{
	const struct icache_insn *d = icache_entry(insn);

	cpu->rip = d->rip;
	cpu->next_rip = d->next_rip;
	if (d->exec(cpu, insn)) {
		cpu->block_pos = d;
		return CPU_STOP;
	}
	cpu->rip = cpu->next_rip;
	if (cpu->block_break || cpu->next_rip != d->next_rip) {
		cpu->block_pos = d + 1;
		return cpu->block_break ? CPU_STOP : CPU_OK;
	}
	return cpu_next(cpu, insn);
}

int cpu_block_end(struct softcpu *cpu, const struct insn *insn)
{
	const struct icache_insn *d = icache_entry(insn);

	cpu->rip = d->rip;
	cpu->block_pos = d;
	return CPU_OK;
}

/*
 * Execute the first n instructions of b, which starts at cpu->rip; *done
 * counts those retired.  CPU_STOP when one faulted (it is not counted),
 * or made an exit or wrote to decoded code (cpu->block_break).  The
 * instructions run as a chain, each handler calling the next one's; to
 * stop after n < count, the run of entry n is the block end meanwhile.
 */
static int run_insns(struct softcpu *cpu, struct icache_block *b,
		     unsigned n, unsigned *done)
{
	struct icache_insn *stop = &b->insn[n];
	cpu_handler run = stop->run;
	int rc;

	cpu->block_break = false;
	stop->run = cpu_block_end;
	rc = b->insn[0].run(cpu, &b->insn[0].insn);
	stop->run = run;
	*done = (unsigned)(cpu->block_pos - b->insn);
	return rc;
}

/*
 * Execute up to n instructions, block by block; *done counts those
 * retired.  Returns CPU_OK after n, CPU_STOP at a fault (cpu->fault), an
 * exit (cpu->exit_pending), a breakpoint or RFLAGS.TF.
 */
static int run_blocks(struct softcpu *cpu, uint64_t n, uint64_t *done)
{
	uint64_t i = 0;

	while (i < n) {
		struct icache_block *b = icache_fetch(cpu);
		unsigned m, ran;
		int rc;

		if (!b)
			break;
		m = n - i < b->count ? (unsigned)(n - i) : b->count;
		if (b->rip <= cpu->bp_max && b->last_rip >= cpu->bp_min) {
			m = before_breakpoint(cpu, b, m);
			if (m == 0) {
				cpu->skip_breakpoint = true;
				debug_exit(cpu);
				break;
			}
		}
		cpu->skip_breakpoint = false;
		if (cpu->clock) {   /* only the instruction clock's TSC asks */
			cpu->block_base = cpu->counters.instructions + i;
			cpu->block_first = b->insn;
		}
		rc = run_insns(cpu, b, m, &ran);
		i += ran;
		if (rc && (cpu->exit_pending || cpu->fault.pending))
			break;
		if ((cpu->rflags & FL_TF) || cpu->sti_shadow ||
		    cpu->mov_ss_shadow)
			break;
		if ((cpu->irq_window || cpu->chip_wait) &&
		    (cpu->rflags & FL_IF))
			break;   /* IRET or POPF opened the window */
	}
	*done = i;
	return i == n ? CPU_OK : CPU_STOP;
}

/* The instruction an I/O or MMIO read exit stopped is still to finish:
 * it runs before anything else - an interrupt, an interrupt window - as
 * on KVM (complete_userspace_io), and past its breakpoint, which it
 * began after (no breakpoint is looked at for it, as KVM skips it on
 * re-entry). */
static bool completing_exit(const struct softcpu *cpu)
{
	return cpu->io_ready || cpu->mmio_ready;
}

/*
 * Finish that instruction: its copy decoded at the exit runs with the
 * exit's answer - an OUT only retires, an IN writes its register, an MMIO
 * read's instruction takes the data - and RIP goes past it.  Not the
 * bytes now at RIP: another context (an L2 storing into L1's code page)
 * or a device may have written there since, and KVM does not read them
 * again either (complete_fast_pio_out() moves RIP by the exit's
 * instruction length; an MMIO read completes in the emulator context
 * decoded at the exit).  The answer is spent whatever happens: no later
 * instruction takes it for its own.  *done: 1 if it retired.
 */
static int complete_exit_insn(struct softcpu *cpu, uint64_t *done)
{
	const struct icache_insn *d = &cpu->exit_insn;
	int rc;

	cpu->block_pos = d;
	cpu->block_break = false;
	cpu->next_rip = d->next_rip;
	rc = d->exec(cpu, &d->insn);
	cpu->io_ready = false;
	cpu->mmio_ready = false;
	*done = rc ? 0 : 1;
	if (!rc)
		cpu->rip = cpu->next_rip;
	return rc;
}

/*
 * The guest's own single step: an instruction that began with RFLAGS.TF
 * set and retired is followed by a #DB trap (so after a POPF that sets TF
 * the trap comes one instruction later: SDM Vol. 3A, 18.3.1.4).  When
 * that instruction made an exit, the trap waits for the next run.
 *
 * A MOV to SS holds debug traps, as it holds interrupts, until the
 * boundary after the next instruction (SDM Vol. 3A, 6.8.3), so that
 * `mov ss, ax; mov rsp, ...` never enters a handler with half a stack:
 * the MOV SS's own trap is not taken while its shadow is in force, and
 * the next instruction's, if TF asks for one, is the same #DB - one trap,
 * after that instruction (or, if it raised an exception or was INT n, on
 * top of that event's delivery, at its handler's first instruction, as
 * the SDM describes for an INT3 or SYSCALL there).  The host CPU does the
 * same (test_cpu_diff_shadow).  An instruction an exit stopped before
 * its end (IN, OUT, an MMIO read) has not retired yet: a trap held over it
 * comes after it finishes, at the next run.
 */
static bool single_step_due(const struct softcpu *cpu)
{
	return cpu->db_trap_pending && !cpu->mov_ss_shadow &&
	       !completing_exit(cpu);
}

static void guest_single_step_trap(struct softcpu *cpu)
{
	cpu->db_trap_pending = false;
	cpu_raise(cpu, VEC_DB);
	cpu_deliver(cpu);
}

/* The injected event goes through the IDT now, between instructions:
 * the frame holds RIP of the next one (after a HLT: the one after it),
 * past the instruction a software event stands for.  An L2's delivery cut
 * short by an exit (cpu/soft_nested.c) has changed nothing yet: the event
 * is pending again, and goes in when L2 runs again, as L0 re-injects an
 * event from VMX's IDT-vectoring information. */
static void deliver_interrupt(struct softcpu *cpu)
{
	cpu->irq_pending = false;
	cpu->fault = cpu->irq_event;
	cpu->next_rip = cpu->rip + cpu->irq_insn_len;
	cpu_deliver_event(cpu);
}

/* Copy the bytes at exit->rip into the record, as vm_fetch_insn() does
 * (an L2's through both stages: cpu/soft_nested.c). */
static void fetch_exit_insn(struct softcpu *cpu, struct exit_record *exit)
{
	uint8_t len = (uint8_t)(cpu->l2
		? soft_l2_read_code(cpu, exit->rip, exit->insn, EXIT_INSN_MAX)
		: paging_read_prefix(cpu->mem, cpu->sregs.cr3, exit->rip,
				     exit->insn, EXIT_INSN_MAX));

	exit->insn_len = len;
	if (exit->reason == EXIT_INTERNAL_ERROR) {
		uint8_t bytes[16] = { 0 };

		memcpy(bytes, exit->insn, len);
		exit->u.internal.data[1] = len;
		memcpy(&exit->u.internal.data[2], bytes, sizeof(bytes));
	}
}

/*
 * An event other than an exit: deliver a fault; returns CPU_STOP when
 * the run must return (an exit is in the record).  A fault abandons the
 * instruction an IN or MMIO read exit left half done (an INS whose store
 * faults): its data is dropped, as KVM drops it, so that no other
 * instruction - the handler's own IN or INS - takes it for its own.  The
 * abandoned instruction exits again when it runs again.
 */
static int handle_stop(struct softcpu *cpu)
{
	if (cpu->exit_pending)
		return CPU_STOP;
	if (cpu->fault.pending) {
		drop_completion(cpu);
		return cpu_deliver(cpu);
	}
	return CPU_OK;
}

/* An exit that awaits its completion keeps its instruction as decoded:
 * the chain stopped at it (cpu_run_plain(), complete_exit_insn() leave
 * block_pos there). */
static void finish_exit(struct softcpu *cpu, struct exit_record *exit)
{
	exit->t_ns = clock_now_ns();
	fetch_exit_insn(cpu, exit);
	if (exit->reason == EXIT_MMIO && !exit->u.mmio.is_write)
		cpu->await = AWAIT_MMIO;
	if (cpu->await != AWAIT_NONE && cpu->block_pos != &cpu->exit_insn)
		cpu->exit_insn = *cpu->block_pos;
}

/* Events delivered through the IDT so far (faults, INT n and injected
 * vectors). */
static uint64_t delivered(const struct softcpu *cpu)
{
	return cpu->counters.exceptions + cpu->counters.software_interrupts +
	       cpu->counters.interrupts;
}

uint64_t softcpu_work(const struct softcpu *cpu)
{
	return cpu->counters.instructions + delivered(cpu);
}

uint64_t cpu_work_before(const struct softcpu *cpu, const struct insn *insn)
{
	return cpu->block_base +
	       (uint64_t)(icache_entry(insn) - cpu->block_first) +
	       delivered(cpu);
}

void softcpu_set_clock(struct softcpu *cpu, const struct vm_clock *clock)
{
	cpu->clock = clock;
}

/*
 * The budget counts an event delivered through the IDT as one instruction:
 * a cascade of faults whose handlers fault again retires nothing, and
 * would otherwise go on, unbounded by max_insns, until the stack ran out
 * (or forever, on an IST stack that every delivery starts again).
 */
static uint64_t spend(uint64_t left, uint64_t n)
{
	return n < left ? left - n : 0;
}

int softcpu_run(struct softcpu *cpu, struct exit_record *exit,
		uint64_t max_insns)
{
	uint64_t left = max_insns ? max_insns : UINT64_MAX, done;

	complete_previous(cpu, exit);
	cpu->exit = exit;
	cpu->exit_pending = false;
	if (single_step_due(cpu))
		guest_single_step_trap(cpu);
	while (!cpu->exit_pending) {
		uint64_t n = left < BLOCK_INSNS ? left : BLOCK_INSNS;
		bool tf = cpu->rflags & FL_TF;
		uint64_t events = delivered(cpu);
		int rc;

		/* a kick waits for the exit's completion, as on KVM, which
		 * completes the I/O before it looks at immediate_exit or a
		 * signal: an INTR exit never shows an IN without its data */
		if (left == 0 || (!completing_exit(cpu) &&
				  atomic_exchange(&cpu->kicked, false))) {
			cpu_exit_begin(cpu, EXIT_INTR);
			break;
		}
		if (cpu->chip)
			cpu_irqchip_check(cpu, completing_exit(cpu));
		if (cpu->irq_pending && !completing_exit(cpu)) {
			deliver_interrupt(cpu);
			if (cpu->exit_pending)
				break;   /* a triple fault, an internal error */
		}
		if (cpu->irq_window && softcpu_interrupt_ready(cpu) &&
		    !completing_exit(cpu)) {
			cpu_exit_begin(cpu, EXIT_IRQ_WINDOW_OPEN);
			break;
		}
		if (cpu->single_step || tf || cpu->sti_shadow ||
		    cpu->mov_ss_shadow)
			n = 1;
		cpu->insn_shadow = softcpu_shadow(cpu);
		cpu->sti_shadow = false;
		cpu->mov_ss_shadow = false;
		rc = completing_exit(cpu) ? complete_exit_insn(cpu, &done)
					  : run_blocks(cpu, n, &done);
		cpu->counters.instructions += done;
		left -= done;
		if (tf && done == 1)
			cpu->db_trap_pending = true;
		if (rc && handle_stop(cpu))
			break;
		if (single_step_due(cpu) && !cpu->exit_pending)
			guest_single_step_trap(cpu);
		if (cpu->single_step && !cpu->exit_pending)
			debug_exit(cpu);
		left = spend(left, delivered(cpu) - events);
	}
	finish_exit(cpu, exit);
	return 0;
}
