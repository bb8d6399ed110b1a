/*
 * tests/unit/test_disasm.c - cli/disasm.c: the instructions it names
 * without capstone (IN, OUT, HLT) read exactly as capstone reads them -
 * every encoding it takes, each immediate port, with and without the
 * operand-size prefix and with bytes after the instruction - and the
 * encodings it leaves to capstone (other prefixes, the 8-bit forms with
 * 0x66, string I/O) do reach capstone.  And capstone is not opened until
 * an instruction needs it: its allocator (capstone's CS_OPT_MEM hooks,
 * counted here) is not called for port I/O, and is for a NOP.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>
#include <cmocka.h>

#include "cli/disasm.h"

/* How many times capstone allocated memory (every capstone in this test). */
static unsigned long capstone_allocs;

static void *count_malloc(size_t size)
{
	capstone_allocs++;
	return malloc(size);
}

static void *count_calloc(size_t n, size_t size)
{
	capstone_allocs++;
	return calloc(n, size);
}

static void *count_realloc(void *p, size_t size)
{
	capstone_allocs++;
	return realloc(p, size);
}

static int count_setup(void **state)
{
	cs_opt_mem mem = {
		.malloc = count_malloc, .calloc = count_calloc,
		.realloc = count_realloc, .free = free,
		.vsnprintf = vsnprintf,
	};

	(void)state;
	return cs_option(0, CS_OPT_MEM, (size_t)&mem) == CS_ERR_OK ? 0 : -1;
}

/* capstone's own text and length for bytes, "" and 0 when it has none. */
static size_t capstone_text(csh cs, cs_insn *ci, const uint8_t *bytes,
			    size_t len, char *buf, size_t buflen)
{
	const uint8_t *code = bytes;
	size_t size = len;
	uint64_t address = 0x1000;

	if (!cs_disasm_iter(cs, &code, &size, &address, ci)) {
		snprintf(buf, buflen, "(bad)");
		return 0;
	}
	snprintf(buf, buflen, ci->op_str[0] ? "%s %s" : "%s", ci->mnemonic,
		 ci->op_str);
	return ci->size;
}

/* cli/disasm.c beside a capstone handle of the test's own. */
struct pair {
	struct disasm *d;
	csh cs;
	cs_insn *ci;
};

static int pair_open(void **state)
{
	static struct pair p;

	if (disasm_open(&p.d) ||
	    cs_open(CS_ARCH_X86, CS_MODE_64, &p.cs) != CS_ERR_OK)
		return -1;
	cs_option(p.cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
	p.ci = cs_malloc(p.cs);
	*state = &p;
	return p.ci ? 0 : -1;
}

static int pair_close(void **state)
{
	struct pair *p = *state;

	cs_free(p->ci, 1);
	cs_close(&p->cs);
	disasm_close(p->d);
	return 0;
}

/* bytes[0..len) read the same through disasm_one() and capstone. */
static void same_as_capstone(struct pair *p, const uint8_t *bytes, size_t len)
{
	char ours[64], theirs[64];
	size_t our_len = disasm_one(p->d, bytes, len, 0x1000, ours,
				    sizeof(ours));
	size_t their_len = capstone_text(p->cs, p->ci, bytes, len, theirs,
					 sizeof(theirs));

	if (our_len != their_len || strcmp(ours, theirs) != 0)
		fail_msg("%02x %02x %02x (%zu bytes): \"%s\" (%zu) vs capstone's "
			 "\"%s\" (%zu)", bytes[0], len > 1 ? bytes[1] : 0,
			 len > 2 ? bytes[2] : 0, len, ours, our_len, theirs,
			 their_len);
}

static void test_port_io_reads_as_capstone(void **state)
{
	static const uint8_t ops[] = {
		0xe4, 0xe5, 0xe6, 0xe7, 0xec, 0xed, 0xee, 0xef, 0xf4,
	};
	struct pair *p = *state;

	for (size_t i = 0; i < sizeof(ops); i++) {
		for (unsigned prefix = 0; prefix < 2; prefix++) {
			for (unsigned imm = 0; imm < 256; imm++) {
				/* the instruction, then a NOP after it */
				uint8_t b[4] = { 0x66, ops[i], (uint8_t)imm, 0x90 };
				const uint8_t *at = b + !prefix;
				size_t len = sizeof(b) - !prefix;

				same_as_capstone(p, at, len);
				/* cut right after the opcode */
				same_as_capstone(p, at, 1 + prefix);
			}
		}
	}
}

/* What cli/disasm.c leaves to capstone, and capstone names. */
static void test_other_encodings_reach_capstone(void **state)
{
	static const uint8_t cases[][4] = {
		{ 0xf3, 0xee },             /* rep: not taken */
		{ 0x48, 0xef },             /* REX.W */
		{ 0x66, 0x66, 0xef },       /* two prefixes */
		{ 0x66, 0xec },             /* 0x66 on an 8-bit form */
		{ 0x66, 0xe4, 0x80 },
		{ 0x66, 0xf4 },
		{ 0x6e },                   /* outsb */
		{ 0xf3, 0x6c },             /* rep insb */
		{ 0x90 },
		{ 0x66 },                   /* a prefix alone */
	};
	struct pair *p = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = 1;

		while (len < sizeof(cases[i]) && cases[i][len])
			len++;
		same_as_capstone(p, cases[i], len);
	}
}

static void test_capstone_opened_when_needed(void **state)
{
	static const uint8_t out_dx[] = { 0xee }, in_imm[] = { 0xe4, 0x71 };
	static const uint8_t nop[] = { 0x90 };
	struct disasm *d;
	char text[64];

	(void)state;
	capstone_allocs = 0;
	assert_int_equal(disasm_open(&d), 0);
	assert_int_equal(disasm_one(d, out_dx, sizeof(out_dx), 0, text,
				    sizeof(text)), 1);
	assert_string_equal(text, "out dx, al");
	assert_int_equal(disasm_one(d, in_imm, sizeof(in_imm), 0, text,
				    sizeof(text)), 2);
	assert_string_equal(text, "in al, 0x71");
	assert_int_equal(capstone_allocs, 0);
	assert_int_equal(disasm_one(d, nop, sizeof(nop), 0, text,
				    sizeof(text)), 1);
	assert_string_equal(text, "nop");
	assert_true(capstone_allocs > 0);
	disasm_close(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_port_io_reads_as_capstone,
						pair_open, pair_close),
		cmocka_unit_test_setup_teardown(
			test_other_encodings_reach_capstone, pair_open,
			pair_close),
		cmocka_unit_test(test_capstone_opened_when_needed),
	};

	return cmocka_run_group_tests(tests, count_setup, NULL);
}
