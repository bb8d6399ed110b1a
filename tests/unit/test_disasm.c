/*
 * tests/unit/test_disasm.c - cli/disasm.c: the instructions it names
 * without capstone (IN, OUT, HLT) read exactly as capstone reads them -
 * every encoding it takes, each immediate port, with and without the
 * operand-size prefix and with bytes after the instruction - and the
 * encodings it leaves to capstone (other prefixes, the 8-bit forms with
 * 0x66, string I/O) do reach capstone; a string instruction with 0x66
 * before its REP reads as the word form it is, as capstone 4.0.2 alone
 * does not.  And capstone is not opened until
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

/* One instruction's bytes and the text vmscope must show for them. */
struct named {
	uint8_t bytes[6];
	size_t len;
	const char *text;
};

/* A string instruction with 0x66 before its F3/F2, as gas encodes
 * `rep stosw`: capstone 4.0.2 alone reads 66 f3 ab as `rep stosd` (and
 * 66 f2 a5 as a bare `movsd`); every string op, both prefix orders, the
 * byte forms, other prefixes between, a REX with and without W (which
 * makes the operand size 64 for MOVS..SCAS, 32 for INS/OUTS, whatever
 * 0x66 says), and a non-string instruction whose F3 66 is part of the
 * opcode, untouched. */
static const struct named string_ops[] = {
	{ { 0x66, 0xf3, 0xa5 }, 3, "rep movsw word ptr [rdi], word ptr [rsi]" },
	{ { 0xf3, 0x66, 0xa5 }, 3, "rep movsw word ptr [rdi], word ptr [rsi]" },
	{ { 0x66, 0xf3, 0xa7 }, 3, "repe cmpsw word ptr [rsi], word ptr [rdi]" },
	{ { 0xf3, 0x66, 0xa7 }, 3, "repe cmpsw word ptr [rsi], word ptr [rdi]" },
	{ { 0x66, 0xf3, 0xab }, 3, "rep stosw word ptr [rdi], ax" },
	{ { 0xf3, 0x66, 0xab }, 3, "rep stosw word ptr [rdi], ax" },
	{ { 0x66, 0xf3, 0xad }, 3, "rep lodsw ax, word ptr [rsi]" },
	{ { 0xf3, 0x66, 0xad }, 3, "rep lodsw ax, word ptr [rsi]" },
	{ { 0x66, 0xf3, 0xaf }, 3, "repe scasw ax, word ptr [rdi]" },
	{ { 0xf3, 0x66, 0xaf }, 3, "repe scasw ax, word ptr [rdi]" },
	{ { 0x66, 0xf3, 0x6d }, 3, "rep insw word ptr [rdi], dx" },
	{ { 0xf3, 0x66, 0x6d }, 3, "rep insw word ptr [rdi], dx" },
	{ { 0x66, 0xf3, 0x6f }, 3, "rep outsw dx, word ptr [rsi]" },
	{ { 0xf3, 0x66, 0x6f }, 3, "rep outsw dx, word ptr [rsi]" },
	{ { 0x66, 0xf2, 0xa5 }, 3, "repne movsw word ptr [rdi], word ptr [rsi]" },
	{ { 0xf2, 0x66, 0xa5 }, 3, "repne movsw word ptr [rdi], word ptr [rsi]" },
	{ { 0x66, 0xf2, 0xa7 }, 3, "repne cmpsw word ptr [rsi], word ptr [rdi]" },
	{ { 0x66, 0xf2, 0xab }, 3, "repne stosw word ptr [rdi], ax" },
	{ { 0x66, 0xf2, 0xaf }, 3, "repne scasw ax, word ptr [rdi]" },
	{ { 0xf2, 0x66, 0xaf }, 3, "repne scasw ax, word ptr [rdi]" },
	{ { 0x66, 0xf3, 0xa4 }, 3, "rep movsb byte ptr [rdi], byte ptr [rsi]" },
	{ { 0x66, 0xf3, 0xaa }, 3, "rep stosb byte ptr [rdi], al" },
	{ { 0x66, 0xf3, 0x6e }, 3, "rep outsb dx, byte ptr [rsi]" },
	{ { 0x66, 0x67, 0xf3, 0xab }, 4, "rep stosw word ptr [edi], ax" },
	{ { 0x66, 0x2e, 0xf3, 0xa5 }, 4,
	  "rep movsw word ptr [rdi], word ptr cs:[rsi]" },
	{ { 0x66, 0xf3, 0x40, 0xab }, 4, "rep stosw word ptr [rdi], ax" },
	{ { 0x66, 0xf3, 0x48, 0xab }, 4, "rep stosq qword ptr [rdi], rax" },
	{ { 0xf3, 0x66, 0x48, 0xab }, 4, "rep stosq qword ptr [rdi], rax" },
	{ { 0x66, 0xf3, 0x48, 0x6d }, 4, "rep insd dword ptr [rdi], dx" },
	{ { 0x66, 0xab }, 2, "stosw word ptr [rdi], ax" },
	{ { 0xf3, 0xab }, 2, "rep stosd dword ptr [rdi], eax" },
	{ { 0xf3, 0x48, 0xab }, 3, "rep stosq qword ptr [rdi], rax" },
	{ { 0x66, 0xf3, 0x0f, 0xb8, 0xc0 }, 5, "popcnt ax, ax" },
};

static void test_string_ops_operand_size(void **state)
{
	struct disasm *d;
	char text[80];

	(void)state;
	assert_int_equal(disasm_open(&d), 0);
	for (size_t i = 0; i < sizeof(string_ops) / sizeof(string_ops[0]);
	     i++) {
		const struct named *c = &string_ops[i];
		/* the instruction, then a NOP after it: only its own bytes */
		uint8_t b[sizeof(c->bytes) + 1];
		size_t got;

		memcpy(b, c->bytes, c->len);
		b[c->len] = 0x90;
		got = disasm_one(d, b, c->len + 1, 0x1000, text, sizeof(text));
		if (got != c->len || strcmp(text, c->text) != 0)
			fail_msg("%02x %02x %02x %02x: \"%s\" (%zu bytes), not "
				 "\"%s\" (%zu)", c->bytes[0], c->bytes[1],
				 c->bytes[2], c->bytes[3], text, got, c->text,
				 c->len);
	}
	disasm_close(d);
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
		cmocka_unit_test(test_string_ops_operand_size),
		cmocka_unit_test(test_capstone_opened_when_needed),
	};

	return cmocka_run_group_tests(tests, count_setup, NULL);
}
