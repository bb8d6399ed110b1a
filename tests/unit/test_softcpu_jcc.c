/*
 * tests/unit/test_softcpu_jcc.c - the software CPU's Jcc, specialised per
 * condition when it is decoded (cpu/exec_fast.c), takes the branch exactly
 * when SETcc of the same condition, which goes through the general
 * cpu_cond() that the differential test checks against the host, says 1.
 *
 * For every condition and every kind of flag producer (SUB/CMP, ADD,
 * logic, TEST, shifts, INC, DEC, NEG, a byte-sized CMP, flags loaded by
 * POPF) and many operand pairs (random ones and the edges: 0, 1, -1, the
 * sign bits, equal operands):
 *
 *      op                 the flag producer, on RAX and RBX
 *      jcc +5             over the next instruction
 *      mov ecx, 0         (RCX starts at 1)
 *      setcc dl           the same condition, after the branch
 *      hlt
 *
 * RCX (taken: 1) must equal DL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

#define PAIRS 48
#define SEED 0x6a63635f74657374ULL

struct producer {
	uint8_t bytes[4];
	uint8_t len;
	const char *name;
};

static const struct producer producers[] = {
	{ { 0x48, 0x39, 0xd8 }, 3, "cmp rax, rbx" },
	{ { 0x29, 0xd8 }, 2, "sub eax, ebx" },
	{ { 0x48, 0x01, 0xd8 }, 3, "add rax, rbx" },
	{ { 0x01, 0xd8 }, 2, "add eax, ebx" },
	{ { 0x21, 0xd8 }, 2, "and eax, ebx" },
	{ { 0x48, 0x85, 0xd8 }, 3, "test rax, rbx" },
	{ { 0x48, 0x83, 0xf8, 0x05 }, 4, "cmp rax, 5" },
	{ { 0xc1, 0xe0, 0x05 }, 3, "shl eax, 5" },
	{ { 0x48, 0xd1, 0xe8 }, 3, "shr rax, 1" },
	{ { 0xc1, 0xf8, 0x03 }, 3, "sar eax, 3" },
	{ { 0xff, 0xc0 }, 2, "inc eax" },
	{ { 0x48, 0xff, 0xc8 }, 3, "dec rax" },
	{ { 0xf7, 0xd8 }, 2, "neg eax" },
	{ { 0x38, 0xd8 }, 2, "cmp al, bl" },
	{ { 0x53, 0x9d }, 2, "push rbx; popf" },
};

#define NPRODUCERS (sizeof(producers) / sizeof(producers[0]))

static uint64_t next_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/* A random value, or one of the edges every condition turns on. */
static uint64_t operand(uint64_t *state)
{
	static const uint64_t edges[] = {
		0, 1, UINT64_MAX, 0x7fffffff, 0x80000000, 0xffffffff,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, 0x7f, 0x80, 5,
	};
	uint64_t r = next_random(state);

	if (r & 1)
		return edges[(r >> 1) % (sizeof(edges) / sizeof(edges[0]))];
	return next_random(state);
}

static void load_case(struct scpu_fixture *f, const struct producer *p,
		      unsigned cc)
{
	uint8_t code[32];
	size_t n = 0;

	memcpy(code, p->bytes, p->len);
	n += p->len;
	code[n++] = (uint8_t)(0x70 + cc);                 /* jcc +5 */
	code[n++] = 0x05;
	memcpy(code + n, (const uint8_t[]){ 0xb9, 0, 0, 0, 0 }, 5);
	n += 5;                                           /* mov ecx, 0 */
	code[n++] = 0x0f;                                 /* setcc dl */
	code[n++] = (uint8_t)(0x90 + cc);
	code[n++] = 0xc2;
	code[n++] = 0xf4;                                 /* hlt */
	scpu_load(f, SCPU_CODE, code, n);
	softcpu_invalidate_code(f->cpu, SCPU_CODE, n);
}

static void run_pair(struct scpu_fixture *f, const struct vcpu_regs *boot,
		     uint64_t a, uint64_t b, bool popf)
{
	struct vcpu_regs r = *boot;

	r.rip = SCPU_CODE;
	r.rax = a;
	/* POPF loads only the status flags (and the fixed bit 1) */
	r.rbx = popf ? (b & 0x8d5) | 2 : b;
	r.rcx = 1;
	r.rdx = 0;
	assert_int_equal(softcpu_set_regs(f->cpu, &r), 0);
	scpu_run(f, EXIT_HLT);
}

static void test_jcc_agrees_with_setcc(void **state)
{
	struct scpu_fixture *f = *state;
	struct vcpu_regs boot;
	uint64_t rng = SEED;
	unsigned runs = 0;

	assert_int_equal(softcpu_get_regs(f->cpu, &boot), 0);
	for (size_t p = 0; p < NPRODUCERS; p++) {
		for (unsigned cc = 0; cc < 16; cc++) {
			load_case(f, &producers[p], cc);
			for (unsigned k = 0; k < PAIRS; k++) {
				uint64_t a = operand(&rng);
				uint64_t b = k % 5 == 0 ? a : operand(&rng);

				run_pair(f, &boot, a, b, p == NPRODUCERS - 1);
				if (f->regs.rcx != (f->regs.rdx & 0xff))
					fail_msg("%s with a=%#llx b=%#llx: "
						 "j%x %s, set%x gives %llu",
						 producers[p].name,
						 (unsigned long long)a,
						 (unsigned long long)b, cc,
						 f->regs.rcx ? "taken"
							     : "not taken",
						 cc, (unsigned long long)
							 (f->regs.rdx & 0xff));
				runs++;
			}
		}
	}
	assert_int_equal(runs, NPRODUCERS * 16 * PAIRS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_jcc_agrees_with_setcc,
						scpu_setup, scpu_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
