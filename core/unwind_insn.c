/*
 * core/unwind_insn.c - prologue and epilogue: where the return address is
 * (unwind_insn.h has the picture).
 *
 * Two readings of the guest's code, both bounded and both done on bytes
 * read through the guest's page tables (a hostile guest's code is just
 * bytes that fail to match):
 *
 *   prologue: decode from the function's first byte.  It must start with
 *   `push %rbp` (after an optional endbr64) and reach `mov %rsp,%rbp`
 *   within PROLOGUE_BYTES, or the function has no frame record of the kind
 *   the unwinder follows and nothing is said.  RIP at or before the push:
 *   the return address is at [rsp]; after the push, up to and including the
 *   mov: at [rsp + 8].
 *
 *   epilogue: decode forward from RIP.  Reaching `ret` before any
 *   `pop %rbp`, `leave` or change of control flow means %rbp has already
 *   been restored (or never was set): the return address is at [rsp].
 */
#include <string.h>

#include "core/unwind_insn.h"
#include "core/x86_insn.h"

/* How far into a function `mov %rsp,%rbp` may be: gcc schedules a few
 * argument moves in between, never many. */
#define PROLOGUE_BYTES 64
/* How many instructions after RIP the epilogue reading looks at. */
#define EPILOGUE_INSNS 16
#define EPILOGUE_BYTES 96

#define REX_W_ONLY 0x48

enum insn_kind {
	INSN_OTHER,
	INSN_ENDBR64,     /* f3 0f 1e fa */
	INSN_PUSH_RBP,    /* 55 */
	INSN_MOV_RSP_RBP, /* 48 89 e5 or 48 8b ec */
	INSN_POP_RBP,     /* 5d, or leave (c9): both restore the caller's %rbp */
	INSN_RET,         /* c3, c2 iw (with or without a rep prefix) */
	INSN_STACK,       /* moves %rsp or writes %rbp otherwise */
	INSN_BRANCH,      /* anything that may not fall through to the next */
};

/* Jumps, calls, software interrupts, far and interrupt returns, HLT
 * (SDM vol. 2 appendix A, one-byte map). */
static bool one_byte_branch(const struct x86_insn *in)
{
	uint8_t op = in->opcode, reg = (in->modrm >> 3) & 7;

	return (op >= 0x70 && op <= 0x7f) || (op >= 0xe0 && op <= 0xe3) ||
	       (op >= 0xe8 && op <= 0xeb) || (op >= 0xca && op <= 0xcf) ||
	       op == 0xf4 || (op == 0xff && reg >= 2 && reg <= 5);
}

/* Jcc rel32, SYSCALL, SYSRET, UD2, SYSENTER, SYSEXIT (0f map). */
static bool two_byte_branch(const struct x86_insn *in)
{
	uint8_t op = in->opcode;

	return (op >= 0x80 && op <= 0x8f) || op == 0x05 || op == 0x07 ||
	       op == 0x0b || op == 0x34 || op == 0x35;
}

/* Pushes, pops, ENTER, and the moves and arithmetic gcc uses on %rsp and
 * %rbp (register 4 or 5 without REX.B/REX.R as the destination). */
static bool one_byte_stack(const struct x86_insn *in)
{
	uint8_t op = in->opcode, mod = in->modrm >> 6;
	uint8_t reg = (in->modrm >> 3) & 7, rm = in->modrm & 7;
	bool rm_sp_bp = mod == 3 && !in->rex_b && (rm == 4 || rm == 5);
	bool reg_sp_bp = !(in->rex & 0x04) && (reg == 4 || reg == 5);

	return (op >= 0x50 && op <= 0x5f) || op == 0x68 || op == 0x6a ||
	       op == 0x8f || op == 0x9c || op == 0x9d || op == 0xc8 ||
	       (op == 0xff && reg == 6) ||
	       ((op == 0x81 || op == 0x83) && rm_sp_bp) ||
	       ((op == 0x89 || op == 0xc7) && rm_sp_bp) ||
	       ((op == 0x8b || op == 0x8d) && reg_sp_bp);
}

static enum insn_kind classify(const struct x86_insn *in)
{
	if (in->map == 1)
		return in->opcode == 0x1e && in->modrm == 0xfa ? INSN_ENDBR64
		       : two_byte_branch(in) ? INSN_BRANCH : INSN_OTHER;
	if (in->map != 0)
		return INSN_OTHER;
	if (in->opcode == 0x55 && !in->rex_b)
		return INSN_PUSH_RBP;
	if ((in->opcode == 0x5d && !in->rex_b) || in->opcode == 0xc9)
		return INSN_POP_RBP;
	if (in->rex == REX_W_ONLY &&
	    ((in->opcode == 0x89 && in->modrm == 0xe5) ||
	     (in->opcode == 0x8b && in->modrm == 0xec)))
		return INSN_MOV_RSP_RBP;
	if (in->opcode == 0xc3 || in->opcode == 0xc2)
		return INSN_RET;
	if (one_byte_branch(in))
		return INSN_BRANCH;
	return one_byte_stack(in) ? INSN_STACK : INSN_OTHER;
}

/*
 * RIP in fn's prologue before its frame exists: *offset is where the
 * return address is relative to %rsp (0 before the push, 8 after it).
 */
static bool in_prologue(const struct vspace *vs, const struct symbol *fn,
			 uint64_t rip, uint64_t *offset)
{
	uint8_t code[PROLOGUE_BYTES];
	uint64_t push_end = 0, mov_end = 0;
	unsigned n, at = 0, len;
	struct x86_insn in;

	if (!fn || rip < fn->addr || rip - fn->addr >= PROLOGUE_BYTES)
		return false;
	n = (unsigned)vspace_read_prefix(vs, fn->addr, code, sizeof(code));
	while (!mov_end && (len = x86_insn_decode(code + at, n - at, &in))) {
		enum insn_kind kind = classify(&in);

		if (!push_end && kind == INSN_PUSH_RBP)
			push_end = fn->addr + at + len;
		else if (!push_end && !(at == 0 && kind == INSN_ENDBR64))
			return false;      /* no frame record of ours */
		else if (push_end && kind == INSN_MOV_RSP_RBP)
			mov_end = fn->addr + at + len;
		else if (push_end && kind != INSN_OTHER)
			return false;      /* the stack moves before the mov */
		at += len;
	}
	if (!mov_end || rip >= mov_end)
		return false;
	*offset = rip < push_end ? 0 : 8;
	return true;
}

/* From RIP, `ret` comes before anything that restores %rbp or leaves the
 * straight line: the epilogue has already popped %rbp. */
static bool before_ret(const struct vspace *vs, uint64_t rip)
{
	uint8_t code[EPILOGUE_BYTES];
	unsigned n = (unsigned)vspace_read_prefix(vs, rip, code, sizeof(code));
	unsigned at = 0, len, i;
	struct x86_insn in;

	for (i = 0; i < EPILOGUE_INSNS; i++) {
		len = x86_insn_decode(code + at, n - at, &in);
		if (len == 0)
			return false;
		switch (classify(&in)) {
		case INSN_RET:
			return true;
		case INSN_OTHER:
		case INSN_ENDBR64:
			break;
		default:
			return false;
		}
		at += len;
	}
	return false;
}

bool unwind_insn_ret_slot(const struct vspace *vs,
			  const struct symbol *fn, uint64_t rip, uint64_t rsp,
			  uint64_t *slot)
{
	uint64_t offset = 0;

	if (!in_prologue(vs, fn, rip, &offset) && !before_ret(vs, rip))
		return false;
	*slot = rsp + offset;
	return true;
}
