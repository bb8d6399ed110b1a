/*
 * core/unwind_trap.c - where the trap frame is while the kernel builds it
 * or takes it apart (unwind_trap.h).
 *
 * The stubs and trap_entry are straight-line stack arithmetic, so reading
 * the code forward from RIP says how far %rsp is from the trap frame:
 *
 *   ... to the `call` in trap_entry: there %rsp is the trap frame's address
 *   ... to the `iretq` in trap_entry: there %rsp points at its rip field
 *
 * The reading follows pushes and pops (of 8 bytes, or 2 with a 0x66
 * prefix), an immediate added to or subtracted from %rsp, `cld`, `nop`,
 * register-to-register moves that leave %rsp alone, and direct jumps, for
 * at most TRAP_PATH_INSNS instructions; anything else ends it with no
 * answer.  The end must lie in trap_entry, so ordinary code
 * that happens to push and call is never taken for the trap path.
 */
#include <stddef.h>
#include <string.h>

#include "core/unwind_trap.h"
#include "core/x86_insn.h"
#include "guest/abi/trapframe.h"

#define TRAP_PATH_INSNS 48
#define PUSHED_IMMS     4      /* a stub pushes an error code and a vector */
#define REX_W           0x08
#define REG_RSP         4

enum step { STEP_ON, STEP_CALL, STEP_IRET, STEP_STOP };

/* How the stack moved from RIP's %rsp, and what immediates went on it. */
struct scan {
	int64_t depth;                  /* bytes pushed so far (pops subtract) */
	unsigned nimms;
	int64_t imm_depth[PUSHED_IMMS]; /* depth just after each push $imm */
	uint64_t imm[PUSHED_IMMS];
};

/* The instruction's last size bytes (1, 2 or 4), sign-extended: its
 * immediate. */
static int64_t immediate(const uint8_t *code, unsigned len, unsigned size)
{
	if (size == 1)
		return (int8_t)code[len - 1];
	if (size == 2)
		return (int16_t)((uint16_t)code[len - 2] |
				 (uint16_t)code[len - 1] << 8);
	return (int32_t)((uint32_t)code[len - 4] | (uint32_t)code[len - 3] << 8 |
			 (uint32_t)code[len - 2] << 16 |
			 (uint32_t)code[len - 1] << 24);
}

/*
 * The bytes a push or pop moves %rsp by in 64-bit mode: 8, or 2 with a
 * 0x66 prefix - unless REX.W, which wins (SDM Vol. 2B, PUSH: there is no
 * 32-bit push).
 */
static int64_t stack_width(const struct x86_insn *in)
{
	return in->opsize16 && !(in->rex & REX_W) ? 2 : 8;
}

/* push $imm: 6a ib, or 68 with an immediate of the operand size (iw
 * after 0x66, else id).  Only a full 8-byte slot is remembered as a value
 * (the vector and error code a stub pushes are). */
static void push_imm(struct scan *s, const struct x86_insn *in,
		     const uint8_t *code)
{
	int64_t width = stack_width(in);
	unsigned size = in->opcode == 0x6a ? 1 : width == 2 ? 2 : 4;

	s->depth += width;
	if (width == 8 && s->nimms < PUSHED_IMMS) {
		s->imm_depth[s->nimms] = s->depth;
		s->imm[s->nimms++] = (uint64_t)immediate(code, in->len, size);
	}
}

/* add/sub $imm, %rsp (83 /0, 83 /5, 81 /0, 81 /5 with REX.W). */
static bool rsp_arith(const struct x86_insn *in, const uint8_t *code,
		      struct scan *s)
{
	unsigned size = in->opcode == 0x83 ? 1 : 4;
	int64_t value = immediate(code, in->len, size);

	if (!(in->rex & REX_W) || (in->modrm != 0xc4 && in->modrm != 0xec))
		return false;
	s->depth += in->modrm == 0xc4 ? -value : value;
	return true;
}

/* A register-to-register move whose destination is not %rsp. */
static bool harmless_move(const struct x86_insn *in)
{
	unsigned dest = in->opcode == 0x89 ? (in->modrm & 7) | in->rex_b
					   : ((in->modrm >> 3) & 7) |
					     (in->rex & 0x04 ? 8 : 0);

	return in->modrm >> 6 == 3 && dest != REG_RSP;
}

static enum step step(const struct x86_insn *in, const uint8_t *code,
		      uint64_t *pc, struct scan *s)
{
	uint8_t op = in->opcode;

	if (in->map != 0)
		return STEP_STOP;
	if (op >= 0x50 && op <= 0x57)
		s->depth += stack_width(in);
	else if (op >= 0x58 && op <= 0x5f)
		s->depth -= stack_width(in);
	else if (op == 0x6a || op == 0x68)
		push_imm(s, in, code);
	else if (op == 0xe8)
		return STEP_CALL;
	else if (op == 0xcf && (in->rex & REX_W))
		return STEP_IRET;
	else if (op == 0xeb || op == 0xe9)
		*pc += (uint64_t)immediate(code, in->len, op == 0xeb ? 1 : 4);
	else if (op == 0x83 || op == 0x81)
		return rsp_arith(in, code, s) ? STEP_ON : STEP_STOP;
	else if (op == 0x89 || op == 0x8b)
		return harmless_move(in) ? STEP_ON : STEP_STOP;
	else if (op != 0xfc && !(op == 0x90 && !in->rex_b))    /* cld, nop */
		return STEP_STOP;
	return STEP_ON;
}

static bool in_trap_entry(const struct symtab *syms, uint64_t pc)
{
	const struct symbol *sym = symtab_lookup(syms, pc);

	return sym && strcmp(sym->name, TRAPFRAME_ENTRY_SYMBOL) == 0;
}

/* Read forward from rip to trap_entry's call or iretq. */
static enum step scan_to_end(const struct vspace *vs,
			     const struct symtab *syms, uint64_t rip,
			     struct scan *s)
{
	uint8_t code[X86_INSN_MAX];
	uint64_t pc = rip;
	struct x86_insn in;

	for (unsigned i = 0; i < TRAP_PATH_INSNS; i++) {
		unsigned n = (unsigned)vspace_read_prefix(vs, pc, code,
							  sizeof(code));
		enum step st;

		if (x86_insn_decode(code, n, &in) == 0)
			return STEP_STOP;
		pc += in.len;
		st = step(&in, code, &pc, s);
		if (st != STEP_ON)
			return in_trap_entry(syms, pc - in.len) ? st : STEP_STOP;
	}
	return STEP_STOP;
}

bool unwind_trap_path(const struct vspace *vs, const struct symtab *syms,
		      uint64_t rip, uint64_t rsp,
		      uint64_t *tf, uint64_t *vector)
{
	struct scan s = { 0 };
	enum step end = scan_to_end(vs, syms, rip, &s);
	uint64_t at_end = rsp - (uint64_t)s.depth;
	uint64_t vector_at;

	if (end == STEP_CALL)
		*tf = at_end;
	else if (end == STEP_IRET)
		*tf = at_end - offsetof(struct trapframe, rip);
	else
		return false;
	vector_at = *tf + offsetof(struct trapframe, vector);
	for (unsigned i = 0; i < s.nimms; i++) {
		if (rsp - (uint64_t)s.imm_depth[i] == vector_at) {
			*vector = s.imm[i];       /* not pushed yet */
			return true;
		}
	}
	return vspace_read(vs, vector_at, vector, sizeof(*vector)) == 0;
}
