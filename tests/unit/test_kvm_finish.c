/*
 * tests/unit/test_kvm_finish.c - finishing a KVM exit before vmscope gives
 * the vCPU a new state (kvm/kvm_events.c), the parts that need no
 * /dev/kvm: which answer of a KVM_RUN with immediate_exit set ends it, and
 * what an access KVM asks for on the way is given.
 *
 * KVM runs the pending completion before it looks at immediate_exit, and
 * returns 0 with a new exit when the completion needs user space again:
 * the next fragment of a 16-byte MMIO access, the next page of a rep outs,
 * or a single step's DEBUG exit.  Before this, any 0 from that KVM_RUN was
 * an error (-EIO), and a reset, an L2 entry or a refused doorbell ended
 * the VM.  Last, the kick counter that keeps a kick made while finishing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kvm/kvm_vcpu.h"

static void test_eintr_is_done(void **state)
{
	(void)state;
	assert_int_equal(kvm_finish_next(-1, EINTR, KVM_EXIT_IO, 0),
			 KVM_FINISH_DONE);
}

static void test_other_error_fails(void **state)
{
	(void)state;
	assert_int_equal(kvm_finish_next(-1, EFAULT, KVM_EXIT_IO, 0),
			 KVM_FINISH_FAILED);
}

/* The next fragment of an MMIO access, the next page of string I/O: KVM
 * has another completion pending, so run again. */
static void test_next_piece_runs_again(void **state)
{
	(void)state;
	assert_int_equal(kvm_finish_next(0, 0, KVM_EXIT_MMIO, 0),
			 KVM_FINISH_AGAIN);
	assert_int_equal(kvm_finish_next(0, 0, KVM_EXIT_IO, 3),
			 KVM_FINISH_AGAIN);
}

/* A step's DEBUG exit after the completed instruction: nothing pending. */
static void test_step_debug_is_done(void **state)
{
	(void)state;
	assert_int_equal(kvm_finish_next(0, 0, KVM_EXIT_DEBUG, 0),
			 KVM_FINISH_DONE);
}

static void test_bounded(void **state)
{
	(void)state;
	assert_int_equal(kvm_finish_next(0, 0, KVM_EXIT_MMIO,
					 KVM_FINISH_ROUNDS - 2),
			 KVM_FINISH_AGAIN);
	assert_int_equal(kvm_finish_next(0, 0, KVM_EXIT_MMIO,
					 KVM_FINISH_ROUNDS - 1),
			 KVM_FINISH_FAILED);
}

#define RUN_SIZE 4096

static struct kvm_run *new_run(uint32_t reason)
{
	struct kvm_run *run = calloc(1, RUN_SIZE);

	assert_non_null(run);
	run->exit_reason = reason;
	return run;
}

static void test_abandoned_mmio_read_is_all_ones(void **state)
{
	struct kvm_run *run = new_run(KVM_EXIT_MMIO);
	const uint8_t ones[8] = { 0xff, 0xff, 0xff, 0xff,
				  0xff, 0xff, 0xff, 0xff };

	(void)state;
	run->mmio.len = 8;
	kvm_finish_abandon(run, RUN_SIZE);
	assert_memory_equal(run->mmio.data, ones, sizeof(ones));
	free(run);
}

static void test_abandoned_write_untouched(void **state)
{
	struct kvm_run *run = new_run(KVM_EXIT_MMIO);

	(void)state;
	run->mmio.is_write = 1;
	run->mmio.data[0] = 0x12;
	kvm_finish_abandon(run, RUN_SIZE);
	assert_int_equal(run->mmio.data[0], 0x12);
	free(run);
}

static void test_abandoned_in_is_all_ones(void **state)
{
	struct kvm_run *run = new_run(KVM_EXIT_IO);
	uint8_t *data = (uint8_t *)run + 1024;

	(void)state;
	run->io.direction = KVM_EXIT_IO_IN;
	run->io.size = 2;
	run->io.count = 3;
	run->io.data_offset = 1024;
	kvm_finish_abandon(run, RUN_SIZE);
	for (int i = 0; i < 6; i++)
		assert_int_equal(data[i], 0xff);
	assert_int_equal(data[6], 0);
	free(run);
}

/* An offset or count outside the page is not written (ASan would see). */
static void test_in_outside_page_untouched(void **state)
{
	struct kvm_run *run = new_run(KVM_EXIT_IO);

	(void)state;
	run->io.direction = KVM_EXIT_IO_IN;
	run->io.size = 4;
	run->io.count = 1;
	run->io.data_offset = RUN_SIZE - 2;
	kvm_finish_abandon(run, RUN_SIZE);
	run->io.data_offset = RUN_SIZE + 8;
	kvm_finish_abandon(run, RUN_SIZE);
	assert_int_equal(((uint8_t *)run)[RUN_SIZE - 2], 0);
	free(run);
}

/*
 * The kick counter (kvm/kvm_run.c).  Finishing sets immediate_exit to 1
 * itself and puts the old value back after; a kick from another thread in
 * between also writes 1, and its signal is used up by the finishing
 * KVM_RUN.  Putting back the old 0 then lost it: the next KVM_RUN ran the
 * guest on with nobody to stop it.
 */
static struct kvm_vcpu_state *new_state(void)
{
	struct kvm_vcpu_state *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->run = new_run(KVM_EXIT_IO);
	return s;
}

static void free_state(struct kvm_vcpu_state *s)
{
	free(s->run);
	free(s);
}

static void test_kick_while_finishing_stays(void **state)
{
	struct kvm_vcpu_state *s = new_state();
	unsigned gen = atomic_load(&s->kicks);

	(void)state;
	s->run->immediate_exit = 1;        /* finishing */
	kvm_state_kick(s);                 /* another thread's kick */
	kvm_kick_restore(s, gen, 0);
	assert_int_equal(s->run->immediate_exit, 1);
	free_state(s);
}

static void test_no_kick_restores(void **state)
{
	struct kvm_vcpu_state *s = new_state();
	unsigned gen = atomic_load(&s->kicks);

	(void)state;
	s->run->immediate_exit = 1;
	kvm_kick_restore(s, gen, 0);
	assert_int_equal(s->run->immediate_exit, 0);
	free_state(s);
}

/* A kick before finishing began: its 1 was saved, and comes back. */
static void test_kick_before_stays(void **state)
{
	struct kvm_vcpu_state *s = new_state();
	unsigned gen;

	(void)state;
	kvm_state_kick(s);
	gen = atomic_load(&s->kicks);
	kvm_kick_restore(s, gen, s->run->immediate_exit);
	assert_int_equal(s->run->immediate_exit, 1);
	free_state(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eintr_is_done),
		cmocka_unit_test(test_other_error_fails),
		cmocka_unit_test(test_next_piece_runs_again),
		cmocka_unit_test(test_step_debug_is_done),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_abandoned_mmio_read_is_all_ones),
		cmocka_unit_test(test_abandoned_write_untouched),
		cmocka_unit_test(test_abandoned_in_is_all_ones),
		cmocka_unit_test(test_in_outside_page_untouched),
		cmocka_unit_test(test_kick_while_finishing_stays),
		cmocka_unit_test(test_no_kick_restores),
		cmocka_unit_test(test_kick_before_stays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
