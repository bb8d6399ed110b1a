/*
 * tests/fuzz/fuzz_decode.c - fuzz target: the software CPU's x86-64
 * decoder (cpu/decode.c).
 *
 * The guest chooses every byte the decoder reads.  The input is one
 * instruction's bytes, offered at every length from 0 to its whole, as the
 * soft CPU's instruction cache offers the bytes left on a page.  The
 * decoder must never read past avail, and what it accepts must be
 * consistent: a length within 1..15 and avail, at most three operands, each
 * register 0..15 and the operation's name known.  A broken promise aborts,
 * which the fuzzer reports as a crash.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/decode.h"
#include "tests/fuzz/support/fuzz_input.h"

static void check_operand(const struct insn_operand *o)
{
	if (o->kind == INSN_OPD_REG && o->reg > 15)
		abort();
	if (o->kind == INSN_OPD_MEM &&
	    ((o->mem.base != INSN_REG_NONE && o->mem.base > 15) ||
	     (o->mem.index != INSN_REG_NONE && o->mem.index > 15)))
		abort();
}

static void check_accepted(const struct insn *insn, int len, size_t avail)
{
	if (len < 1 || len > INSN_MAX_LENGTH || (size_t)len > avail ||
	    insn->length != len || insn->operand_count > 3 ||
	    insn->op <= INSN_INVALID || insn->op >= INSN_OP_COUNT ||
	    !decode_op_name(insn->op))
		abort();
	for (unsigned i = 0; i < insn->operand_count; i++)
		check_operand(&insn->operand[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct insn insn;
	uint8_t *bytes;

	/* A copy of each prefix of exactly that size: ASan sees any read
	 * past avail. */
	for (size_t avail = 0; avail <= size && avail <= 2 * INSN_MAX_LENGTH;
	     avail++) {
		bytes = malloc(avail ? avail : 1);
		if (!bytes)
			return 0;
		memcpy(bytes, data, avail);
		int len = decode_insn(bytes, avail, &insn);

		if (len >= 0)
			check_accepted(&insn, len, avail);
		else if (len != -ENODATA && len != -EILSEQ &&
			 len != -ENOTSUP && len != -E2BIG)
			abort();    /* only the errors cpu/decode.h names */
		free(bytes);
	}
	return 0;
}
