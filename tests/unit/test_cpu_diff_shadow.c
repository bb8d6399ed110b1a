/*
 * tests/unit/test_cpu_diff_shadow.c - RFLAGS.TF's single-step traps around
 * a MOV to SS, on the host CPU and on the software CPU, for the same
 * bytes: the same traps must come at the same offsets.
 *
 * The host runs each sequence in user mode with TF set by its first
 * instruction (POPFQ); the kernel turns every #DB into a SIGTRAP, whose
 * handler notes where the trap came (the RIP it returns to) and clears TF
 * once the sequence is done.  The software CPU runs the same bytes with
 * a HLT as its #DB handler; at each stop there the test notes the frame's
 * RIP and returns as IRETQ would.  A MOV SS holds the trap until after
 * the next instruction (SDM Vol. 3A, 6.8.3), and one MOV SS in the shadow
 * of another holds it once more - what the host does, measured, where
 * the SDM lets a CPU choose.  test_softcpu_shadow.c has the rest of the
 * shadow's rules.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

#define VEC_DB 1
#define TF     0x100ULL
#define MAX_TRAPS 16

/* Trap offsets from a sequence's start, in the order they came. */
struct traps {
	uint64_t at[MAX_TRAPS];
	unsigned n;
};

/*
 * The sequences, as the host runs them: entered with RAX = the host's SS
 * selector and RFLAGS | TF on the stack for the POPFQ; each ends at its
 * _end label.  The software CPU runs the bytes between the labels.
 */
extern const uint8_t shadow_one[], shadow_one_end[];
extern const uint8_t shadow_two[], shadow_two_end[];
__asm__(".pushsection .text\n"
	"shadow_one:\n"
	"	popfq\n"
	"	mov %eax, %ss\n"
	"	nop\n"
	"	nop\n"
	"	nop\n"
	"shadow_one_end:\n"
	"	ret\n"
	"shadow_two:\n"
	"	popfq\n"
	"	mov %eax, %ss\n"
	"	mov %eax, %ss\n"
	"	nop\n"
	"	nop\n"
	"shadow_two_end:\n"
	"	ret\n"
	".popsection\n");

static struct traps native;
static uintptr_t native_start, native_end;

static void on_sigtrap(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;
	greg_t rip = uc->uc_mcontext.gregs[REG_RIP];

	(void)sig;
	(void)si;
	if (native.n < MAX_TRAPS)
		native.at[native.n++] = (uint64_t)rip - native_start;
	if ((uintptr_t)rip >= native_end || native.n == MAX_TRAPS)
		uc->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)TF;
}

/* Run the sequence at start with TF set by its POPFQ: RFLAGS | TF is
 * pushed above the return address its RET takes (past the red zone). */
static void run_native(const uint8_t *start, const uint8_t *end)
{
	struct sigaction sa = { .sa_sigaction = on_sigtrap,
				.sa_flags = SA_SIGINFO };
	struct sigaction old;

	memset(&native, 0, sizeof(native));
	native_start = (uintptr_t)start;
	native_end = (uintptr_t)end;
	assert_int_equal(sigaction(SIGTRAP, &sa, &old), 0);
	__asm__ volatile("sub $128, %%rsp\n\t"
			 "mov %%ss, %%eax\n\t"
			 "lea 1f(%%rip), %%rcx\n\t"
			 "push %%rcx\n\t"
			 "pushfq\n\t"
			 "orq %1, (%%rsp)\n\t"
			 "jmp *%0\n"
			 "1:\n\t"
			 "add $128, %%rsp\n\t"
			 : : "r"(start), "i"(TF)
			 : "rax", "rcx", "memory", "cc");
	assert_int_equal(sigaction(SIGTRAP, &old, NULL), 0);
}

/* The same bytes on the software CPU, each #DB noted and returned from. */
static void run_soft(struct scpu_fixture *f, const uint8_t *start,
		     const uint8_t *end, struct traps *t)
{
	size_t len = (size_t)(end - start);
	uint64_t frame[5];
	struct vcpu_sregs s;

	memset(t, 0, sizeof(*t));
	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, start, len);
	scpu_load(f, SCPU_CODE + len, (const uint8_t[]){ 0xf4 }, 1);
	assert_int_equal(softcpu_get_sregs(f->cpu, &s), 0);
	assert_int_equal(softcpu_get_regs(f->cpu, &f->regs), 0);
	f->regs.rax = s.ss.selector;
	f->regs.rsp -= 8;
	frame[0] = f->regs.rflags | TF;
	assert_int_equal(guest_mem_write(&f->mem, f->regs.rsp, frame, 8), 0);
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
	for (;;) {
		scpu_run(f, EXIT_HLT);
		if (f->exit.rip != SCPU_HANDLERS + 16 * VEC_DB)
			break;
		assert_true(t->n < MAX_TRAPS);
		assert_int_equal(guest_mem_read(&f->mem, f->regs.rsp, frame,
						sizeof(frame)), 0);
		t->at[t->n++] = frame[0] - SCPU_CODE;
		f->regs.rip = frame[0];
		f->regs.rflags = frame[0] < SCPU_CODE + len ? frame[2]
							     : frame[2] & ~TF;
		f->regs.rsp = frame[3];
		assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
	}
	assert_int_equal(f->exit.rip, SCPU_CODE + len);
}

static void compare(struct scpu_fixture *f, const uint8_t *start,
		    const uint8_t *end, const uint64_t *want, unsigned n)
{
	struct traps soft;

	run_native(start, end);
	run_soft(f, start, end, &soft);
	assert_int_equal(native.n, n);
	assert_int_equal(soft.n, n);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(native.at[i], want[i]);
		assert_int_equal(soft.at[i], want[i]);
	}
}

/* popfq (00), mov ss (01), nop (03), nop (04), nop (05): the MOV SS's
 * trap is held, so no trap at 03; then one after each NOP. */
static void test_one_mov_ss(void **state)
{
	static const uint64_t want[] = { 0x04, 0x05, 0x06 };

	compare(*state, shadow_one, shadow_one_end, want, 3);
}

/* popfq (00), mov ss (01), mov ss (03), nop (05), nop (06): the second
 * MOV SS holds the trap once more: the first comes after the NOP. */
static void test_two_mov_ss(void **state)
{
	static const uint64_t want[] = { 0x06, 0x07 };

	compare(*state, shadow_two, shadow_two_end, want, 2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_one_mov_ss),
		T(test_two_mov_ss),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
