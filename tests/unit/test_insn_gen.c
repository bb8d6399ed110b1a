/*
 * tests/unit/test_insn_gen.c - the differential test's own instruments:
 * the native-execution harness (support/native_exec.c) and the random
 * instruction generator (support/insn_gen*.c).
 *
 * The harness must hand back exactly the registers and flags a known
 * sequence produces, and refuse to map over something that exists.  The
 * generator must cover every family it promises, encode every instruction
 * with the length capstone gives it (the decoder's agreement is checked as
 * each one is emitted), and produce sequences that run natively and
 * deterministically: the same inputs give the same outputs twice.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>
#include <cmocka.h>

#include "tests/unit/support/insn_gen.h"
#include "tests/unit/support/native_exec.h"

#define SEED 0x5eed0fd1ffULL
#define PER_FAMILY 3000
#define SEQUENCES 3000

static int setup(void **state)
{
	(void)state;
	return native_exec_init() == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	native_exec_fini();
	return 0;
}

static void zero_state(struct native_state *st)
{
	memset(st, 0, sizeof(*st));
	st->gpr[NATIVE_RSP] = NATIVE_STACK_TOP - 64;
	st->rflags = NATIVE_RFLAGS_FIXED;
}

static void test_empty_sequence_keeps_everything(void **state)
{
	struct native_state st;

	(void)state;
	for (int r = 0; r < 16; r++)
		st.gpr[r] = 0x1111111111111111ULL * (uint64_t)r + 3;
	st.gpr[NATIVE_RSP] = NATIVE_STACK_TOP - 128;
	st.rflags = NATIVE_RFLAGS_INPUT | NATIVE_RFLAGS_FIXED;
	assert_int_equal(native_exec_run(NULL, 0, &st), 0);
	for (int r = 0; r < 16; r++) {
		uint64_t want = r == NATIVE_RSP ? NATIVE_STACK_TOP - 128
						: 0x1111111111111111ULL * (uint64_t)r + 3;
		assert_int_equal(st.gpr[r], want);
	}
	assert_int_equal(st.rflags & (NATIVE_RFLAGS_INPUT | NATIVE_RFLAGS_FIXED),
			 NATIVE_RFLAGS_INPUT | NATIVE_RFLAGS_FIXED);
}

static void test_known_results(void **state)
{
	/* add rax, rbx; lea rcx, [rip]; mov [0x2000010], eax; stc */
	static const uint8_t code[] = {
		0x48, 0x01, 0xd8,
		0x48, 0x8d, 0x0d, 0x00, 0x00, 0x00, 0x00,
		0x89, 0x04, 0x25, 0x10, 0x00, 0x00, 0x02,
		0xf9,
	};
	struct native_state st;
	uint8_t *data = native_exec_data();

	(void)state;
	zero_state(&st);
	st.gpr[0] = 0x7fffffffffffffffULL;
	st.gpr[3] = 1;
	memset(data, 0xaa, NATIVE_DATA_SIZE);
	assert_int_equal(native_exec_run(code, sizeof(code), &st), 0);
	assert_int_equal(st.gpr[0], 0x8000000000000000ULL);
	assert_int_equal(st.gpr[1], NATIVE_CODE_BASE + 10);
	/* OF SF AF PF from the ADD (0x8000...0: PF of 0x00 is 1), CF from STC */
	assert_int_equal(st.rflags & NATIVE_RFLAGS_INPUT,
			 NATIVE_RFLAGS_OF | NATIVE_RFLAGS_SF | NATIVE_RFLAGS_AF |
			 NATIVE_RFLAGS_PF | NATIVE_RFLAGS_CF);
	data += 0x2000010 - NATIVE_DATA_BASE;
	assert_int_equal(data[-1], 0xaa);
	assert_int_equal(data[0], 0x00);
	assert_int_equal(data[3], 0x00);
	assert_int_equal(data[4], 0xaa);
}

static void test_refuses_taken_addresses(void **state)
{
	struct native_state st;

	(void)state;
	assert_int_equal(native_exec_init(), -EEXIST);
	zero_state(&st);
	st.gpr[NATIVE_RSP] = NATIVE_STACK_TOP + 8;
	assert_int_equal(native_exec_run(NULL, 0, &st), -EINVAL);
}

/* Every instruction of seq has capstone's length; returns how many. */
static unsigned check_lengths(csh cs, cs_insn *ci, const struct insn_gen_seq *seq)
{
	for (unsigned i = 0; i < seq->count; i++) {
		const uint8_t *code = seq->code + seq->offset[i];
		size_t size = seq->offset[i + 1] - seq->offset[i];
		uint64_t address = NATIVE_CODE_BASE + seq->offset[i];
		size_t want = size;

		if (!cs_disasm_iter(cs, &code, &size, &address, ci) || size) {
			fprintf(stderr, "capstone disagrees on:");
			for (size_t b = 0; b < want; b++)
				fprintf(stderr, " %02x", seq->code[seq->offset[i] + b]);
			fprintf(stderr, "\n");
			fail();
		}
	}
	return seq->count;
}

static void test_every_family_with_capstone_lengths(void **state)
{
	struct insn_gen g;
	struct insn_gen_seq seq;
	unsigned checked = 0;
	csh cs;
	cs_insn *ci;

	(void)state;
	assert_int_equal(cs_open(CS_ARCH_X86, CS_MODE_64, &cs), CS_ERR_OK);
	ci = cs_malloc(cs);
	insn_gen_init(&g, SEED);
	for (int f = 0; f < GEN_FAMILY_COUNT; f++) {
		unsigned of_family = 0;

		for (int n = 0; n < PER_FAMILY; n++) {
			insn_gen_seq_reset(&seq);
			insn_gen_one(&g, (enum insn_gen_family)f, &seq);
			checked += check_lengths(cs, ci, &seq);
			for (unsigned i = 0; i < seq.count; i++)
				of_family += seq.family[i] == f;
		}
		/* The last instruction is the family's; setup is GEN_MOV. */
		assert_true(of_family >= PER_FAMILY);
	}
	printf("insn_gen: %u instructions, capstone agrees on every length\n",
	       checked);
	cs_free(ci, 1);
	cs_close(&cs);
}

static void run_twice(const struct insn_gen_seq *seq,
		      const struct native_state *in, const uint8_t *data)
{
	static uint8_t after_first[NATIVE_DATA_SIZE];
	struct native_state first = *in, second = *in;
	uint8_t *area = native_exec_data();

	memcpy(area, data, NATIVE_DATA_SIZE);
	assert_int_equal(native_exec_run(seq->code, seq->len, &first), 0);
	memcpy(after_first, area, NATIVE_DATA_SIZE);
	memcpy(area, data, NATIVE_DATA_SIZE);
	assert_int_equal(native_exec_run(seq->code, seq->len, &second), 0);
	assert_memory_equal(&first, &second, sizeof(first));
	assert_memory_equal(after_first, area, NATIVE_DATA_SIZE);
	assert_int_equal(first.gpr[NATIVE_RSP], in->gpr[NATIVE_RSP]);
}

static void test_sequences_run_deterministically(void **state)
{
	static uint8_t data[NATIVE_DATA_SIZE];
	unsigned seen[GEN_FAMILY_COUNT] = { 0 }, insns = 0;
	struct insn_gen g, again;
	struct insn_gen_seq seq, copy;
	struct native_state in;

	(void)state;
	insn_gen_init(&g, SEED);
	for (int n = 0; n < SEQUENCES; n++) {
		again = g;
		insn_gen_sequence(&g, 1 + (unsigned)(n % 20), &seq);
		insn_gen_sequence(&again, 1 + (unsigned)(n % 20), &copy);
		assert_int_equal(seq.len, copy.len);
		assert_memory_equal(seq.code, copy.code, seq.len);
		insn_gen_inputs(&g, &in, data, sizeof(data));
		run_twice(&seq, &in, data);
		for (unsigned i = 0; i < seq.count; i++)
			seen[seq.family[i]]++;
		insns += seq.count;
	}
	for (int f = 0; f < GEN_FAMILY_COUNT; f++)
		assert_true(seen[f] > 0);
	printf("insn_gen: %d sequences, %u instructions ran natively twice\n",
	       SEQUENCES, insns);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_sequence_keeps_everything),
		cmocka_unit_test(test_known_results),
		cmocka_unit_test(test_refuses_taken_addresses),
		cmocka_unit_test(test_every_family_with_capstone_lengths),
		cmocka_unit_test(test_sequences_run_deterministically),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
