/*
 * kvm/kvm_rip.c - where the instruction that exited starts.
 *
 * The exit record's rip is the address of the instruction that caused the
 * exit, on every backend.  KVM's RIP at an exit is not always that: it
 * depends on how KVM handled the instruction before returning.
 *
 *   - HLT: KVM skips the HLT, then exits (kvm_emulate_halt()): RIP is after
 *     it on every host.
 *   - IN, MMIO read, string I/O: KVM must put data into the guest, so it
 *     finishes the instruction on the next KVM_RUN: RIP is at it.
 *   - OUT through hardware KVM's fast path (VMX IO_INSTRUCTION, SVM IOIO):
 *     since Linux 5.x KVM also skips the OUT only on re-entry, so RIP is
 *     at it (except the KVM_X86_QUIRK_OUT_7E_INC_RIP quirk for port 0x7e).
 *   - OUT through KVM's instruction emulator, which is how PVM handles port
 *     I/O from ring 0 and ring 3 alike, and MMIO writes everywhere: the
 *     emulator writes the instruction back before exiting: RIP is after.
 *
 * Measured on this workplace's PVM host (kvm_pvm, Linux 6.18), ring 0 and
 * ring 3 behaving the same: `out %al,$imm` and `out %al,(%dx)` exit with
 * RIP after the OUT; `in` with RIP at it; `rep outsb` at it for every
 * element (but the last, by the emulator's code, is past it:
 * io_insn_ending()); an MMIO write after the store, an MMIO read at the
 * load; HLT after it.
 *
 * So for port I/O this file looks at the code: an I/O instruction that
 * matches the exit (direction, size, port) either starts at RIP or ends
 * there.  When only one does, that is the answer; when both do (two equal
 * OUTs in a row) the host's rule above decides.  For an MMIO write it
 * looks for the store that ends at RIP and wrote the exit's GPA.
 */
#include <stdbool.h>
#include <string.h>

#include "core/paging.h"
#include "core/vspace.h"
#include "kvm/kvm_insn.h"
#include "kvm/kvm_vcpu.h"

#define IO_INSN_MAX 6     /* up to four prefixes, opcode, imm8 port */
#define OPCODE_HLT 0xf4

/* The I/O opcodes (SDM vol. 2: IN, OUT, INS, OUTS). */
struct io_opcode {
	uint8_t opcode;
	uint8_t direction;   /* enum io_direction */
	bool wide;           /* 16/32-bit (by the 0x66 prefix), else 8-bit */
	bool imm_port;       /* port in an imm8, else in DX */
	bool string;         /* INS/OUTS: may repeat (count > 1) */
};

static const struct io_opcode io_opcodes[] = {
	{ 0xe4, IO_IN, false, true, false },   /* in al, imm8 */
	{ 0xe5, IO_IN, true, true, false },    /* in eax, imm8 */
	{ 0xe6, IO_OUT, false, true, false },  /* out imm8, al */
	{ 0xe7, IO_OUT, true, true, false },   /* out imm8, eax */
	{ 0xec, IO_IN, false, false, false },  /* in al, dx */
	{ 0xed, IO_IN, true, false, false },   /* in eax, dx */
	{ 0xee, IO_OUT, false, false, false }, /* out dx, al */
	{ 0xef, IO_OUT, true, false, false },  /* out dx, eax */
	{ 0x6c, IO_IN, false, false, true },   /* insb */
	{ 0x6d, IO_IN, true, false, true },    /* insd */
	{ 0x6e, IO_OUT, false, false, true },  /* outsb */
	{ 0x6f, IO_OUT, true, false, true },   /* outsd */
};

static const struct io_opcode *find_io_opcode(uint8_t opcode)
{
	for (size_t i = 0; i < sizeof(io_opcodes) / sizeof(io_opcodes[0]); i++)
		if (io_opcodes[i].opcode == opcode)
			return &io_opcodes[i];
	return NULL;
}

/* Length of the instruction at code[0..n) if it is an I/O instruction
 * that could have made this exit, else 0. */
static unsigned io_insn_len(const uint8_t *code, unsigned n,
			    const struct exit_io *io)
{
	const struct io_opcode *op;
	struct x86_insn insn;
	unsigned len = x86_insn_decode(code, n, &insn), size;

	if (!len || insn.map != 0 || !(op = find_io_opcode(insn.opcode)))
		return 0;
	size = op->wide ? (insn.opsize16 ? 2 : 4) : 1;
	if (op->direction != io->direction || size != io->size ||
	    (io->count > 1 && !op->string))
		return 0;
	if (op->imm_port && code[len - 1] != io->port)
		return 0;
	return len;
}

/* Up to len bytes of guest code at gva, up to the first unmapped byte.
 * The code is read through sp: the guest's own page tables, or L2's two
 * stages for the nesting stage's L2 (kvm/kvm_nested.c). */
static unsigned read_code(const struct vspace *sp, uint64_t gva,
			  uint8_t *buf, unsigned len)
{
	return (unsigned)vspace_read_prefix(sp, gva, buf, len);
}

/*
 * An MMIO write: the store ends at rip.  Of the byte sequences that end
 * there (core/x86_insn.h), the one with a memory operand whose address the
 * guest's page tables map to the written GPA is it; the longest wins a
 * tie.  None: rip stays (a string store KVM has not finished yet is at
 * rip, for one).
 */
static uint64_t mmio_write_rip(struct vm *vm, const struct exit_mmio *mmio,
			       uint64_t rip, uint64_t cr3)
{
	const struct kvm_vcpu_state *s = kvm_state(vm);
	const struct vspace sp = vspace_flat(&vm->mem, cr3);
	uint8_t code[X86_INSN_MAX];
	struct x86_insn insn;
	uint64_t ea, gpa;

	for (unsigned k = X86_INSN_MAX; k > 0; k--) {
		if (rip < k || read_code(&sp, rip - k, code, k) != k ||
		    x86_insn_decode(code, k, &insn) != k ||
		    !kvm_insn_mem_addr(&insn, s->regs, s->sregs, rip, &ea) ||
		    paging_translate(&vm->mem, cr3, ea, &gpa) != 0)
			continue;
		if (gpa == mmio->gpa)
			return rip - k;
	}
	return rip;
}

/* Is insn a REP INS/OUTS whose count, RCX (ECX with 0x67), is used up? */
static bool rep_string_done(const struct x86_insn *insn, uint64_t rcx)
{
	bool string = insn->opcode >= 0x6c && insn->opcode <= 0x6f;

	return string && insn->rep &&
	       (insn->addr32 ? (uint32_t)rcx : rcx) == 0;
}

/*
 * The shortest I/O instruction matching the exit (direction, size, port)
 * that ends exactly at the end of code[0..n): its length, or 0.  Shortest,
 * because the byte before an instruction may happen to read as a prefix:
 * in `89 f2 ee` (mov edx, esi; out dx, al) the tail `f2 ee` is also a
 * REPNE-prefixed OUT.  A prefix the instruction needs (0x66 for a 16-bit
 * OUT) changes the size, so the shorter form does not match the exit.
 *
 * One prefix the shortest match loses: KVM's emulator leaves RIP at a REP
 * OUTS until the element that takes RCX to 0, whose exit has RIP past the
 * instruction (x86_emulate_insn() writes RIP back then).  The bare `6e`
 * of `f3 6e` ends there too; so with RCX at 0 the shortest match that is
 * a REP string instruction wins.  (A plain OUTS after a byte that reads
 * as F2/F3, with RCX 0 by chance, is taken for a REP one.)
 */
static unsigned io_insn_ending(const uint8_t *code, unsigned n,
			       const struct exit_io *io, uint64_t rcx)
{
	struct x86_insn insn;
	unsigned shortest = 0;

	for (unsigned k = 1; k <= n; k++) {
		if (io_insn_len(code + n - k, k, io) != k)
			continue;
		if (!shortest)
			shortest = k;
		x86_insn_decode(code + n - k, k, &insn);
		if (rep_string_done(&insn, rcx))
			return k;
	}
	return shortest;
}

/*
 * The bytes around rip: up to IO_INSN_MAX before it into before[] (n_before
 * of them, ending at rip) and after it into after[].  One read in the
 * common case; an exit runs this, so it is kept cheap.
 */
static void read_around(const struct vspace *sp, uint64_t rip,
			uint8_t *before, unsigned *n_before, uint8_t *after,
			unsigned *n_after)
{
	uint8_t both[2 * IO_INSN_MAX];

	if (rip >= IO_INSN_MAX &&
	    vspace_read(sp, rip - IO_INSN_MAX, both, sizeof(both)) == 0) {
		memcpy(before, both, IO_INSN_MAX);
		memcpy(after, both + IO_INSN_MAX, IO_INSN_MAX);
		*n_before = *n_after = IO_INSN_MAX;
		return;
	}
	*n_after = read_code(sp, rip, after, IO_INSN_MAX);
	*n_before = 0;
	while (*n_before < IO_INSN_MAX && rip > *n_before &&
	       read_code(sp, rip - *n_before - 1,
			 &before[IO_INSN_MAX - *n_before - 1], 1) == 1)
		(*n_before)++;
}

static uint64_t io_rip(const struct vspace *sp, enum host_flavour f,
		       const struct exit_io *io, uint64_t rip, uint64_t rcx)
{
	uint8_t before[IO_INSN_MAX], after[IO_INSN_MAX];
	unsigned n_before, n_after, ending;
	bool at, emulated_out = f == HOST_PVM && io->direction == IO_OUT;

	read_around(sp, rip, before, &n_before, after, &n_after);
	at = io_insn_len(after, n_after, io) != 0;
	ending = io_insn_ending(before + IO_INSN_MAX - n_before, n_before, io,
				rcx);
	if (ending && (!at || emulated_out))
		return rip - ending;
	return rip;
}

/* Is the byte at gva, read through sp, a HLT? */
static bool hlt_at(const struct vspace *sp, uint64_t gva)
{
	uint8_t byte;

	return vspace_read(sp, gva, &byte, 1) == 0 && byte == OPCODE_HLT;
}

static uint64_t hlt_rip(const struct vspace *sp, uint64_t rip)
{
	return rip > 0 && hlt_at(sp, rip - 1) ? rip - 1 : rip;
}

/*
 * Single-stepping over HLT.  Hardware KVM reports the HLT: its HLT exit
 * overwrites the step's DEBUG exit (kvm_emulate_halt()), as the software
 * CPU reports it.  PVM reports only the DEBUG exit, with the vCPU past the
 * HLT - or, not seen here but possible for an emulator, still at it - so
 * the HLT would never reach the dispatcher and a stepped guest that halts
 * would be stepped on forever.  The instruction the step started at tells:
 * a HLT there, and the vCPU at it or one byte on, is the HLT exit.
 */
bool kvm_rip_stepped_hlt(const struct guest_mem *mem, uint64_t cr3,
			 uint64_t step_rip, uint64_t rip)
{
	const struct vspace sp = vspace_flat(mem, cr3);

	return (rip == step_rip || rip == step_rip + 1) &&
	       hlt_at(&sp, step_rip);
}

uint64_t kvm_rip_io_hlt(const struct vspace *sp, enum host_flavour f,
			const struct exit_record *exit, uint64_t rip,
			uint64_t rcx)
{
	if (exit->reason == EXIT_IO)
		return io_rip(sp, f, &exit->u.io, rip, rcx);
	if (exit->reason == EXIT_HLT)
		return hlt_rip(sp, rip);
	return rip;
}

uint64_t kvm_rip_exiting(struct vm *vm, const struct exit_record *exit,
			 uint64_t rip, uint64_t cr3)
{
	const struct vspace sp = vspace_flat(&vm->mem, cr3);

	if (exit->reason == EXIT_MMIO)
		return exit->u.mmio.is_write
			       ? mmio_write_rip(vm, &exit->u.mmio, rip, cr3)
			       : rip;
	const struct kvm_vcpu_state *s = kvm_state(vm);

	return kvm_rip_io_hlt(&sp, s->flavour, exit, rip, s->regs->rcx);
}
