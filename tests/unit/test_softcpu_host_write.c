/*
 * tests/unit/test_softcpu_host_write.c - code vmscope itself writes into
 * guest RAM is the code the software CPU runs next.
 *
 * The CPU keeps decoded copies of the guest's instructions (cpu/icache.c).
 * A hardware CPU under KVM runs whatever RAM holds, so bytes a device or
 * L0 writes through host pointers must drop the copies over them: the
 * writer says what it wrote (core/mem_watch.h), and the CPU, its RAM's
 * watcher (softcpu_watch_writes(), as cpu/soft_backend.c sets it), bumps
 * the generation of each code page written.  Here a guest runs
 * `mov eax, 1; hlt` (decoded, kept), vmscope writes `mov eax, 2` over the
 * MOV - as the network card fills a posted buffer (virtq_filled()), as
 * guest_mem_write() (L0's write-back of the nested block, the loader) -
 * and the guest, run again from the start, finds 2.
 *
 * Each test asserts exact exits and registers.  Programs are raw bytes
 * with their assembly in a comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "devices/virtqueue.h"
#include "tests/unit/support/softcpu_fixture.h"

static const uint8_t code[] = {
	0xb8, 0x01, 0x00, 0x00, 0x00,   /* 00: mov eax, 1 */
	0xf4,                           /* 05: hlt */
};
static const uint8_t mov_eax_2[] = { 0xb8, 0x02, 0x00, 0x00, 0x00 };

/* The program ran once, its block decoded; RIP back at its start. */
static void ran_once(struct scpu_fixture *f)
{
	scpu_decoded(f, code, sizeof(code));
	assert_int_equal(f->regs.rax, 1);
}

/* The network card's way: bytes copied into a posted receive buffer
 * through its host pointer, the chain then said filled. */
static void test_device_write_runs(void **state)
{
	struct scpu_fixture *f = *state;
	struct virtq vq = { .mem = &f->mem };
	struct virtq_chain chain = {
		.n = 1, .writable_len = 64,
		.bufs = { { .gpa = SCPU_CODE, .len = 64, .writable = true } },
	};

	ran_once(f);
	memcpy(guest_mem_ptr(&f->mem, SCPU_CODE, sizeof(mov_eax_2)), mov_eax_2,
	       sizeof(mov_eax_2));
	virtq_filled(&vq, &chain, sizeof(mov_eax_2));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 5);
	assert_int_equal(f->regs.rax, 2);
	softcpu_watch_writes(f->cpu, false);
}

/* guest_mem_write(), the helper L0's write-back and the boot use. */
static void test_guest_mem_write_runs(void **state)
{
	struct scpu_fixture *f = *state;

	ran_once(f);
	assert_int_equal(guest_mem_write(&f->mem, SCPU_CODE, mov_eax_2,
					 sizeof(mov_eax_2)), 0);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 2);
	softcpu_watch_writes(f->cpu, false);
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_device_write_runs),
		T(test_guest_mem_write_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
