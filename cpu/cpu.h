/*
 * cpu/cpu.h - the software CPU's private state and the interfaces between
 * its parts (the cpu/ sources only; everyone else uses cpu/softcpu.h).
 *
 * How an instruction runs (cpu/softcpu.c explains the fast path):
 *   icache_fetch()   the block of decoded instructions starting at RIP
 *                    (cpu/icache.c), decoded once and kept until its code
 *                    page is written;
 *   run              each decoded instruction's entry point, chosen when it
 *                    was decoded: a handler specialised for its form
 *                    (cpu/exec_fast.c) that does the work and goes straight
 *                    on to the next instruction's run (cpu_next()), or
 *                    cpu_run_plain(), which settles RIP and calls
 *   exec             the general handler, one function per enum insn_op
 *                    (cpu/exec_table.c), that reads its operands, computes,
 *                    writes its results and sets cpu->next_rip;
 *   block end        the entry after the last instruction settles RIP.

 * Faults: every step that can fault (a memory access, a privilege check)
 * returns CPU_STOP after recording the exception in cpu->fault (or an exit
 * in cpu->exit); the handler returns CPU_STOP at once.  Handlers do
 * everything that can fault before they change registers, so a faulting
 * instruction leaves the state as it found it, as x86 faults do, and can
 * simply be executed again (after a #PF handler, or with the data an MMIO
 * read exit brought back).
 *
 * Flags are lazy (cpu/exec_flags.c): an arithmetic instruction stores its
 * operands and result in cpu->lazy; the six status flags are computed only
 * when something reads them.
 *
 * References: Intel SDM Vol. 1 ch. 3 (registers, flags), Vol. 3A ch. 4
 * (paging), ch. 6 (interrupts and exceptions); AMD APM Vol. 2.
 */
#ifndef CPU_CPU_H
#define CPU_CPU_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/exit.h"
#include "core/memory.h"
#include "core/regs.h"
#include "cpu/decode.h"
#include "cpu/softcpu.h"

/* Handler and helper results. */
#define CPU_OK   0
#define CPU_STOP 1   /* fault recorded in cpu->fault, or an exit in cpu->exit */

/* RFLAGS bits (SDM Vol. 1, 3.4.3, figure 3-8) */
#define FL_CF   (1ULL << 0)
#define FL_PF   (1ULL << 2)
#define FL_AF   (1ULL << 4)
#define FL_ZF   (1ULL << 6)
#define FL_SF   (1ULL << 7)
#define FL_TF   (1ULL << 8)
#define FL_IF   (1ULL << 9)
#define FL_DF   (1ULL << 10)
#define FL_OF   (1ULL << 11)
#define FL_IOPL (3ULL << 12)
#define FL_NT   (1ULL << 14)
#define FL_RF   (1ULL << 16)
#define FL_VM   (1ULL << 17)
#define FL_AC   (1ULL << 18)
#define FL_ID   (1ULL << 21)
#define FL_STATUS (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)
/* The bits software can change at all in 64-bit mode (VM, VIF, VIP stay 0). */
#define FL_WRITABLE (FL_STATUS | FL_TF | FL_IF | FL_DF | FL_IOPL | FL_NT | \
		     FL_RF | FL_AC | FL_ID)

/* Exception vectors (SDM Vol. 3A, table 6-1) */
#define VEC_DE 0    /* divide error */
#define VEC_DB 1    /* debug */
#define VEC_BP 3    /* breakpoint (INT3) */
#define VEC_OF 4    /* overflow (INTO) */
#define VEC_UD 6    /* invalid opcode */
#define VEC_DF 8    /* double fault */
#define VEC_TS 10   /* invalid TSS */
#define VEC_NP 11   /* segment not present */
#define VEC_SS 12   /* stack-segment fault */
#define VEC_GP 13   /* general protection */
#define VEC_PF 14   /* page fault */
#define VEC_MC 18   /* machine check */

/* Registers, numbered as in ModRM (SDM Vol. 2A, table 2-2). */
enum {
	REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI,
	REG_RDI, REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13,
	REG_R14, REG_R15,
};

/* Lazy flags: which computation the saved operands describe. */
enum lazy_op {
	LAZY_NONE,   /* cpu->rflags holds the status flags */
	LAZY_ADD, LAZY_ADC, LAZY_SUB, LAZY_SBB, LAZY_LOGIC, LAZY_INC,
	LAZY_DEC,
	LAZY_SHL, LAZY_SHR, LAZY_SAR,   /* by a count of 1..63 (src) */
};

struct lazy_flags {
	uint64_t dst, src, res;   /* res = dst op src (op carry) */
	uint8_t op;               /* enum lazy_op */
	uint8_t size;             /* operand size in bytes */
	/* ADC/SBB: the carry in.  INC/DEC: CF as it was (they keep it).
	 * Shifts: CF, the last bit shifted out (one shift to compute, and
	 * INC/DEC after a shift then need not redo the shift). */
	uint8_t carry;
};

/* Memory access kinds (they choose the permission bits a TLB entry needs). */
enum mem_access { ACC_READ, ACC_WRITE, ACC_FETCH };

/* TLB entry permission bits, computed once per fill from the page-table
 * entries, CR0.WP and EFER.NXE: one bit per (access, privilege). */
#define TLB_R_SUP   (1u << 0)
#define TLB_W_SUP   (1u << 1)
#define TLB_X_SUP   (1u << 2)
#define TLB_R_USER  (1u << 3)
#define TLB_W_USER  (1u << 4)
#define TLB_X_USER  (1u << 5)

#define TLB_ENTRIES 256   /* direct-mapped by virtual page number */

struct tlb_entry {
	uint64_t vpn;      /* virtual address >> 12; TLB_INVALID when empty */
	uint8_t *host;     /* host address of the page (RAM only) */
	uint64_t gpa;      /* guest-physical page address */
	uint32_t perm;     /* TLB_* bits; write bits only once dirty */
};
#define TLB_INVALID UINT64_MAX

struct softcpu;
struct soft_l2;
typedef int (*cpu_handler)(struct softcpu *cpu, const struct insn *insn);

/*
 * The decoded-instruction cache holds blocks: straight-line runs of up to
 * ICACHE_BLOCK_INSNS decoded instructions from one code page, ending at
 * the first instruction that may jump, change the CPU's mode or exit
 * (cpu_ends_block()), or at the end of the page.  Each instruction comes
 * with the handlers chosen for it when it was decoded (cpu_pick_handler())
 * and its address; one more entry follows the last instruction, the block
 * end (cpu_block_end(), at the address after it).
 *
 * A block's header - what the run loop checks - sits in a direct-mapped
 * table of ICACHE_SLOTS, by its first RIP; its instructions take the room
 * they need, no more, in an arena where blocks lie one after another in
 * the order they were first decoded (cpu/icache.c).  So a guest's start
 * touches a page of instructions per four blocks or so, not two per
 * block.
 */
#define ICACHE_SLOTS 1024       /* direct-mapped by the first RIP */
#define ICACHE_BLOCK_INSNS 32

struct icache_insn {
	cpu_handler run;       /* this instruction, then the next one's run */
	cpu_handler exec;      /* this instruction alone (cpu_run_plain()) */
	uint64_t rip;          /* its address */
	uint64_t next_rip;     /* the address after it */
	struct insn insn;
};

struct icache_block {
	uint64_t rip;          /* guest-virtual address of the first insn */
	uint64_t last_rip;     /* ... and of the last one */
	uint32_t gen;          /* valid while == cpu->icache_gen */
	uint32_t perm;         /* TLB_X_* of the page(s) it was fetched from */
	uint64_t page[2];      /* guest-physical page numbers of its bytes
				* (twice the same page unless the last
				* instruction crosses into the next) */
	uint32_t pgen[2];      /* cpu->page_gen[page[i]] when decoded */
	uint32_t count;        /* instructions, 1..ICACHE_BLOCK_INSNS */
	uint32_t room;         /* instructions insn has room for (0: none) */
	struct icache_insn *insn;   /* count of them, then the block end, in
				       the arena */
};

/* The arena: room for a block of ICACHE_BLOCK_INSNS in every slot, as the
 * table of full blocks had (cpu/icache.c checks that it is). */
#define ICACHE_ARENA_BYTES ((size_t)ICACHE_SLOTS * 5120)

/* An exception waiting to be delivered through the IDT. */
struct cpu_fault {
	bool pending;
	uint8_t vector;
	bool has_error;
	uint32_t error;
	bool is_int;           /* INT n / INT3 / INTO: a software interrupt */
	bool int3;             /* ... INT3 or INTO, the one-byte forms: VMX
				  calls them software exceptions (type 6),
				  INT n software interrupts (4) */
	bool nmi;              /* a non-maskable interrupt (vector 2) */
	bool has_cr2;          /* a #PF the CPU raised: its linear address, */
	uint64_t cr2;          /* which goes into CR2 as its delivery begins
				  - not when L1's exception bitmap makes it an
				  exit of L2's (VMX reports it in the exit
				  qualification, CR2 unchanged) */
	bool int1;             /* INT1 (ICEBP): the next RIP pushed as for
				  INT n, but no DPL check (an exception) */
	bool external;         /* an interrupt from the PIC (INTR pin) */
	bool from_chip;        /* ... one the CPU took from its own chip
				  (--irqchip kernel, cpu/irqfd.c) */
};

/* MSRs the CPU keeps (SDM Vol. 4, table 2-2; numbers in cpu/exec_msr.c). */
struct cpu_msrs {
	uint64_t star, lstar, cstar, fmask, kernel_gs_base, tsc_offset;
};

/* The writes that signal an eventfd instead of exiting (cpu/ioeventfd.c). */
struct cpu_ioeventfds {
	struct ioeventfd e[SOFTCPU_IOEVENTFDS];
	unsigned n;
};

/* The CPU's own interrupt controller and its irqfds (cpu/irqfd.c); the
 * watcher thread reads f and n only while no registration changes. */
struct cpu_irqchip {
	struct softcpu_irqchip ops;
	struct irqfd f[SOFTCPU_IRQFDS];
	unsigned n;
	_Atomic uint16_t signalled; /* lines the watcher saw signalled */
	pthread_mutex_t idle_lock; /* idle, and the watcher's wake with it */
	bool idle;                 /* the vCPU thread waits in a HLT */
	uint16_t held;             /* lines up until their EOI (resample) */
	int stop_fd;               /* tells the watcher to end */
	pthread_t watcher;
	bool watching;
};

struct softcpu {
	uint64_t gpr[16];
	uint64_t rip;
	uint64_t next_rip;     /* set by the handler; committed on CPU_OK */
	uint64_t rflags;       /* status bits valid only when lazy.op == NONE */
	struct lazy_flags lazy;
	struct vcpu_sregs sregs;
	struct cpu_msrs msr;
	uint8_t cpl;

	struct guest_mem *mem;
	uint8_t *code_pages;   /* one byte per 4 KiB RAM page: decoded code */
	uint32_t *page_gen;    /* per RAM page: bumped when its code changes */
	/* The other CPU context over the same RAM that shares code_pages and
	 * page_gen (L1's and L2's: softcpu_share_code()), or NULL; borrowed:
	 * the two arrays are the peer's to free. */
	struct softcpu *code_peer;
	bool code_borrowed;
	uint64_t ram_pages;
	struct tlb_entry tlb[TLB_ENTRIES];
	/* The decoded-instruction cache (cpu/icache.c): the blocks' headers
	 * and the arena their instructions lie in, both mapped. */
	struct icache_block *icache;   /* ICACHE_SLOTS of them */
	uint8_t *icache_arena;     /* ICACHE_ARENA_BYTES */
	size_t icache_used;        /* ... of which the blocks hold this */
	uint32_t icache_gen;
	/* Leave the current block after this instruction: it made an exit
	 * or wrote to a page holding decoded code. */
	bool block_break;
	/* Where the chain of a block's instructions returned: the first
	 * instruction not retired (the block end when all were). */
	const struct icache_insn *block_pos;

	struct cpu_fault fault;
	struct exit_record *exit;  /* where an exit is being reported */
	bool exit_pending;         /* the current instruction made an exit */
	/* Completion of the previous exit: an I/O instruction left at RIP
	 * (IN's data from the exit's record; an OUT's end, which needs no
	 * record: cpu/exec_io.c), an MMIO read's data. */
	enum { AWAIT_NONE, AWAIT_IN, AWAIT_OUT, AWAIT_MMIO } await;
	bool io_ready, mmio_ready;
	/* ... and the instruction that awaits it, as it was decoded when it
	 * exited: the completion runs this copy, never the bytes now at RIP,
	 * which a store from elsewhere may have changed (cpu/softcpu.c). */
	struct icache_insn exit_insn;
	uint8_t io_buf[4096];      /* exit_io.data for IN/OUT/INS/OUTS */
	uint32_t io_count;
	uint64_t mmio_gpa;
	uint8_t mmio_data[8];
	bool skip_breakpoint;      /* resume past a breakpoint (like RFLAGS.RF) */
	bool db_trap_pending;      /* RFLAGS.TF's #DB, due after an exit */

	/* External interrupts (cpu/softcpu.c).  The PIC lives in the VMM:
	 * it injects a vector when the CPU can take it, or asks for a window,
	 * as with KVM's KVM_INTERRUPT and request_interrupt_window.  The
	 * VMM may inject another event the same way (an exception, an NMI:
	 * KVM_SET_VCPU_EVENTS, VMX's event injection; softcpu_inject_event). */
	bool irq_pending;          /* irq_event goes in before the next insn */
	struct cpu_fault irq_event;
	uint8_t irq_insn_len;      /* a software event's instruction length:
				      the frame's RIP is RIP + this */
	bool irq_window;           /* exit IRQ_WINDOW_OPEN once one can */
	/* --irqchip kernel: the chip the CPU delivers from itself, and
	 * whether its INT waits for IF to open (cpu/irqfd.c) */
	struct cpu_irqchip *chip;
	bool chip_wait;
	bool nmi_blocked;          /* an NMI was delivered, no IRET since:
				      NMIs are held (SDM Vol. 3A, 6.7.1) */
	bool sti_shadow;           /* STI set IF: one more insn before any */
	bool mov_ss_shadow;        /* a MOV to SS retired: one more insn
				      before any interrupt or debug trap */
	uint8_t insn_shadow;       /* SOFTCPU_SHADOW_* the instruction now
				      running (or that made the exit) began
				      under */

	bool single_step;
	unsigned n_breakpoints;
	uint64_t breakpoints[SOFTCPU_BREAKPOINTS];
	uint64_t bp_min, bp_max;   /* a cheap range test before the list */
	atomic_bool kicked;

	struct softcpu_counters counters;
	/* With clock set, the block now running: counters.instructions
	 * plus those retired before it in this run_blocks() (the counter
	 * lags until it ends), and its first instruction - an instruction's
	 * exact place in the count, for --clock insn's TSC
	 * (cpu_work_before()). */
	uint64_t block_base;
	const struct icache_insn *block_first;
	/* --clock insn: the machine's time (core/vm_clock.h), which the TSC
	 * reads; NULL: the TSC counts host time */
	const struct vm_clock *clock;
	struct cpu_ioeventfds ioeventfds;  /* cpu/ioeventfd.c */

	/* Set on the context that runs an L2 (cpu/soft_nested.c): its
	 * physical addresses go through L0's shadow of L1's nested page
	 * table, and L1's intercepts make CPUID and exceptions exit.  NULL
	 * on the CPU of the guest vmscope runs. */
	struct soft_l2 *l2;
};

/* --- registers (inline: every instruction uses them) ------------------ */
static inline uint64_t cpu_size_mask(unsigned size)
{
	return size >= 8 ? UINT64_MAX : (1ULL << (size * 8)) - 1;
}

static inline uint64_t cpu_reg_read(const struct softcpu *cpu,
				    const struct insn_operand *o)
{
	uint64_t v = cpu->gpr[o->reg];

	if (o->high_byte)
		return (v >> 8) & 0xff;
	return v & cpu_size_mask(o->size);
}

/* Write a whole register with x86's size rules (SDM Vol. 1, 3.4.1.1):
 * a 32-bit result is zero-extended, 8- and 16-bit results merge. */
static inline void cpu_gpr_write(struct softcpu *cpu, unsigned reg,
				 unsigned size, uint64_t value)
{
	uint64_t *r = &cpu->gpr[reg];

	switch (size) {
	case 1: *r = (*r & ~0xffULL) | (value & 0xff); break;
	case 2: *r = (*r & ~0xffffULL) | (value & 0xffff); break;
	case 4: *r = value & 0xffffffffULL; break;
	default: *r = value; break;
	}
}

/* AH..BH are bits 8..15 of RAX..RBX (the decoder sets high_byte). */
static inline void cpu_reg_write(struct softcpu *cpu,
				 const struct insn_operand *o, uint64_t value)
{
	if (o->high_byte) {
		uint64_t *r = &cpu->gpr[o->reg];

		*r = (*r & ~0xff00ULL) | ((value & 0xff) << 8);
		return;
	}
	cpu_gpr_write(cpu, o->reg, o->size, value);
}

static inline uint64_t cpu_sign_extend(uint64_t value, unsigned size)
{
	switch (size) {
	case 1: return (uint64_t)(int64_t)(int8_t)value;
	case 2: return (uint64_t)(int64_t)(int16_t)value;
	case 4: return (uint64_t)(int64_t)(int32_t)value;
	default: return value;
	}
}

/* --- flags (cpu/exec_flags.c) ------------------------------------------ */
uint64_t cpu_get_rflags(struct softcpu *cpu);
/* Replace the status flags (CF PF AF ZF SF OF) with those in flags. */
void cpu_set_status(struct softcpu *cpu, uint64_t flags);
bool cpu_cond(struct softcpu *cpu, unsigned cc);
bool cpu_lazy_carry(const struct lazy_flags *l);
uint64_t cpu_flags_szp(uint64_t res, unsigned size);

/* CF alone, as ADC, SBB, INC and DEC need it: inline for the operations
 * whose CF is one compare or already saved, the rest in exec_flags.c. */
static inline bool cpu_get_cf(const struct softcpu *cpu)
{
	const struct lazy_flags *l = &cpu->lazy;
	uint64_t m = cpu_size_mask(l->size);

	switch (l->op) {
	case LAZY_NONE: return cpu->rflags & FL_CF;
	case LAZY_LOGIC: return false;
	case LAZY_SUB: return (l->dst & m) < (l->src & m);
	case LAZY_INC: case LAZY_DEC:
	case LAZY_SHL: case LAZY_SHR: case LAZY_SAR:
		return l->carry;
	default: return cpu_lazy_carry(l);
	}
}
static inline void cpu_lazy(struct softcpu *cpu, enum lazy_op op,
			    unsigned size, uint64_t dst, uint64_t src,
			    uint64_t res)
{
	cpu->lazy.op = (uint8_t)op;
	cpu->lazy.size = (uint8_t)size;
	cpu->lazy.dst = dst;
	cpu->lazy.src = src;
	cpu->lazy.res = res;
}

/* --- memory (cpu/mmu.c, cpu/memory.c) ---------------------------------- */

/*
 * The fast path of every guest load and store, inline: the host address
 * of [va, va + size) when the TLB holds va's page with the right the
 * access needs at the current CPL (read: TLB_R_SUP, TLB_R_USER; write:
 * the TLB_W_ pair, present only for a dirty RAM page without decoded
 * code) and the access stays within the page; else NULL, and the access
 * takes the slow path (cpu_read(), cpu_write()), which may fill the TLB,
 * fault or exit.
 */
static inline uint8_t *cpu_tlb_hit(const struct softcpu *cpu, uint64_t va,
				   unsigned size, uint32_t sup, uint32_t user)
{
	const struct tlb_entry *e = &cpu->tlb[(va >> 12) % TLB_ENTRIES];
	uint32_t need = cpu->cpl == 3 ? user : sup;

	if (e->vpn == va >> 12 && (e->perm & need) &&
	    (va & 4095) <= 4096 - size)
		return e->host + (va & 4095);
	return NULL;
}

/* Little-endian values of 1, 2, 4 or 8 bytes at a host address: fixed-size
 * copies, which the compiler makes single moves. */
static inline uint64_t cpu_load(const uint8_t *p, unsigned size)
{
	uint64_t q;
	uint32_t d;
	uint16_t w;

	switch (size) {
	case 1: return *p;
	case 2: memcpy(&w, p, 2); return w;
	case 4: memcpy(&d, p, 4); return d;
	default: memcpy(&q, p, 8); return q;
	}
}

static inline void cpu_store(uint8_t *p, unsigned size, uint64_t v)
{
	uint32_t d = (uint32_t)v;
	uint16_t w = (uint16_t)v;

	switch (size) {
	case 1: *p = (uint8_t)v; break;
	case 2: memcpy(p, &w, 2); break;
	case 4: memcpy(p, &d, 4); break;
	default: memcpy(p, &v, 8); break;
	}
}

/* A 48-bit linear address: bits 63:47 all equal (SDM Vol. 3A, 3.3.7.1). */
static inline bool cpu_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

void mmu_flush(struct softcpu *cpu);
void mmu_flush_page(struct softcpu *cpu, uint64_t va);
/* Translate va for access by a CPL (3: user); fills *e on success.  On a
 * fault records #PF (CR2, error code) and returns CPU_STOP. */
int mmu_translate(struct softcpu *cpu, uint64_t va, enum mem_access acc,
		  unsigned cpl, struct tlb_entry **e);
int cpu_read(struct softcpu *cpu, uint64_t va, unsigned size, uint64_t *val);
int cpu_write(struct softcpu *cpu, uint64_t va, unsigned size, uint64_t val);
/* The same through a segment (enum insn_seg; cpu_read/cpu_write are DS's):
 * through SS a non-canonical address is #SS(0), not #GP(0). */
int cpu_read_seg(struct softcpu *cpu, unsigned seg, uint64_t va,
		 unsigned size, uint64_t *val);
int cpu_write_seg(struct softcpu *cpu, unsigned seg, uint64_t va,
		  unsigned size, uint64_t val);
/* [va, va + size) through seg before paging: through SS a non-canonical
 * address records #SS(0) and returns CPU_STOP (cpu/memory.c). */
int cpu_segment_check(struct softcpu *cpu, unsigned seg, uint64_t va,
		      unsigned size);
/* Both pages of [va, va + len) translate for acc at the CPL, before a
 * store of several parts writes its first (SGDT/SIDT): CPU_STOP with the
 * fault recorded, CR2 the first byte on the page that faults. */
int cpu_span_translates(struct softcpu *cpu, uint64_t va, unsigned len,
			enum mem_access acc);
/* Accesses to system structures (GDT, IDT, TSS, the stack during
 * delivery) are supervisor accesses whatever the CPL. */
int cpu_read_sys(struct softcpu *cpu, uint64_t va, unsigned size,
		 uint64_t *val);
int cpu_write_sys(struct softcpu *cpu, uint64_t va, unsigned size,
		  uint64_t val);
int cpu_push(struct softcpu *cpu, unsigned size, uint64_t val);
int cpu_pop(struct softcpu *cpu, unsigned size, uint64_t *val);
/* Effective address of a memory operand: the offset (LEA), and the
 * linear address with the segment base. */
uint64_t cpu_ea_offset(const struct softcpu *cpu, const struct insn *insn,
		       const struct insn_operand *o);
uint64_t cpu_ea(const struct softcpu *cpu, const struct insn *insn,
		const struct insn_operand *o);
int cpu_opd_read(struct softcpu *cpu, const struct insn *insn,
		 const struct insn_operand *o, uint64_t *val);
int cpu_opd_write(struct softcpu *cpu, const struct insn *insn,
		  const struct insn_operand *o, uint64_t val);
/* The CPU writes into the RAM page at gpa - a store of the guest's, or
 * an accessed or dirty bit of a page-table entry (cpu/mmu.c): the page's
 * decoded instructions go, and a page of the window counts as dirty, as
 * KVM's dirty log would have it.  Not through the RAM's write watcher
 * (core/mem_watch.h), which is this CPU and hears vmscope's writes. */
void cpu_ram_written(struct softcpu *cpu, uint64_t gpa);
/* A write landed on a page holding decoded instructions. */
void icache_invalidate_page(struct softcpu *cpu, uint64_t gpa_page);
void icache_flush(struct softcpu *cpu);
int icache_init(struct softcpu *cpu);
void icache_free(struct softcpu *cpu);
/* Decode the block at cpu->rip into its slot b (cpu/icache.c); NULL with
 * a fault or exit recorded. */
struct icache_block *icache_fill(struct softcpu *cpu, struct icache_block *b);
/* Does op end a block (a jump, a mode change, an exit)? */
bool cpu_ends_block(enum insn_op op);
/* Set d->run and d->exec for the decoded instruction d->insn: a
 * specialised handler for the common forms, else cpu_run_plain() over
 * cpu_exec_table's (cpu/exec_fast.c). */
void cpu_pick_handler(struct icache_insn *d);

/* cpu/irqfd.c: the boundary check (completing: an IN or MMIO read
 * exit's instruction must finish first), a reset's and the end's
 * clean-up. */
void cpu_irqchip_check(struct softcpu *cpu, bool completing);
void cpu_irqchip_reset(struct softcpu *cpu);
void cpu_irqchip_free(struct softcpu *cpu);

/* An MMIO write of size bytes of val at gpa that matches an ioeventfd:
 * signal it and say true (no exit is made). */
bool cpu_ioeventfd_signal(struct softcpu *cpu, uint64_t gpa, unsigned size,
			  uint64_t val);

/* --- running a block (cpu/softcpu.c) ------------------------------------ */
/* The decoded instruction insn belongs to. */
static inline const struct icache_insn *icache_entry(const struct insn *insn)
{
	return (const struct icache_insn *)(const void *)
		((const char *)insn - offsetof(struct icache_insn, insn));
}

/* A specialised handler's last step: run the next instruction of the
 * block (a tail call: the chain does not grow the stack). */
static inline int cpu_next(struct softcpu *cpu, const struct insn *insn)
{
	const struct icache_insn *n = icache_entry(insn) + 1;

	return n->run(cpu, &n->insn);
}

/* run for the instructions without a specialised handler: exec with RIP
 * settled, then the next instruction unless this one jumped, faulted,
 * exited or wrote to code. */
int cpu_run_plain(struct softcpu *cpu, const struct insn *insn);
/* run of the entry after a block's last instruction (or of the one where
 * a shortened run must stop): RIP is its address, the chain returns. */
int cpu_block_end(struct softcpu *cpu, const struct insn *insn);
/* The CPU's work (softcpu_work()) before insn, an instruction of the block
 * now running: its exact place, for the TSC of --clock insn. */
uint64_t cpu_work_before(const struct softcpu *cpu, const struct insn *insn);

/* The block of decoded instructions at cpu->rip, or NULL with a
 * fault/exit set.  Inline: it runs once per block (cpu/icache.c says when
 * a block is still valid). */
static inline struct icache_block *icache_fetch(struct softcpu *cpu)
{
	uint64_t rip = cpu->rip;
	struct icache_block *b = &cpu->icache[(rip ^ (rip >> 10)) %
					      ICACHE_SLOTS];
	uint32_t need = cpu->cpl == 3 ? TLB_X_USER : TLB_X_SUP;

	if (b->rip == rip && b->gen == cpu->icache_gen && (b->perm & need) &&
	    __atomic_load_n(&cpu->page_gen[b->page[0]], __ATOMIC_RELAXED) ==
		    b->pgen[0] &&
	    __atomic_load_n(&cpu->page_gen[b->page[1]], __ATOMIC_RELAXED) ==
		    b->pgen[1])
		return b;
	return icache_fill(cpu, b);
}

/* --- exceptions (cpu/exception.c) -------------------------------------- */
int cpu_raise(struct softcpu *cpu, unsigned vector);
int cpu_raise_err(struct softcpu *cpu, unsigned vector, uint32_t error);
int cpu_gp0(struct softcpu *cpu);
/* Deliver cpu->fault through the IDT; returns CPU_STOP with a SHUTDOWN
 * exit on a triple fault, an INTERNAL_ERROR one if delivery touches MMIO
 * or needs 32-bit code. */
int cpu_deliver(struct softcpu *cpu);
/* The same for an event the VMM injected: L1's exception bitmap is not
 * asked about the event itself (VMX delivers an injected event through
 * the guest's IDT), only about a fault on its way. */
int cpu_deliver_event(struct softcpu *cpu);
/* Inject ev (pending set) to be delivered through the IDT before the next
 * instruction, whatever RFLAGS.IF says; insn_len for a software event
 * (is_int, int1): the frame's RIP is RIP + insn_len. */
void softcpu_inject_event(struct softcpu *cpu, const struct cpu_fault *ev,
			  uint8_t insn_len);
/* Load the hidden part of a segment register from a GDT selector. */
int cpu_load_segment(struct softcpu *cpu, unsigned seg, uint16_t sel);
int cpu_read_descriptor(struct softcpu *cpu, uint16_t sel, uint64_t *d);
int cpu_check_code(struct softcpu *cpu, uint16_t sel, unsigned new_cpl,
		   uint64_t *d);
unsigned cpu_desc_dpl(uint64_t d);
void cpu_load_cs(struct softcpu *cpu, uint16_t sel, unsigned cpl, uint64_t d);
int cpu_load_ss_for(struct softcpu *cpu, uint16_t sel, unsigned cpl);
void cpu_set_cs_flat(struct softcpu *cpu, uint16_t sel);
void cpu_set_ss_flat(struct softcpu *cpu, uint16_t sel);

/* --- exits (cpu/exits.c) ----------------------------------------------- */
int cpu_exit_internal(struct softcpu *cpu, const char *why);
void cpu_exit_begin(struct softcpu *cpu, uint32_t reason);

/* --- instruction handlers (cpu/exec_*.c) ------------------------------- */
extern const cpu_handler cpu_exec_table[INSN_OP_COUNT];
int cpu_exec_unimplemented(struct softcpu *cpu, const struct insn *insn);

#endif /* CPU_CPU_H */
