/*
 * tests/unit/test_signals.c - a stop signal ends the --step prompt's wait
 * for input (cli/signals.c: signals_wait_readable()), also one that came
 * just before the wait began: the case where looking at a flag and then
 * calling read() waited on for good (a signal caught between the two
 * interrupts nothing).  The signal is made to come "just before" for
 * sure: blocked and raised, so it is pending when the wait starts.  An
 * alarm ends the test if the wait hangs.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/signals.h"

#define HANG_GUARD_S 20

struct pipe_ends {
	int rd, wr;
};

static int setup(void **state)
{
	static struct pipe_ends p;
	int fds[2];

	if (pipe(fds))
		return -1;
	p = (struct pipe_ends){ fds[0], fds[1] };
	*state = &p;
	signals_block();
	signals_catch(NULL);   /* remembered only: no VM */
	alarm(HANG_GUARD_S);
	return 0;
}

static int teardown(void **state)
{
	struct pipe_ends *p = *state;

	alarm(0);
	close(p->rd);
	close(p->wr);
	return 0;
}

static void test_input_ends_the_wait(void **state)
{
	struct pipe_ends *p = *state;

	assert_int_equal(write(p->wr, "\n", 1), 1);
	assert_true(signals_wait_readable(p->rd));
	assert_int_equal(signals_caught(), 0);
}

/* Pending when the wait starts: it must be taken inside the wait. */
static void test_signal_just_before_ends_the_wait(void **state)
{
	struct pipe_ends *p = *state;
	sigset_t intr;

	sigemptyset(&intr);
	sigaddset(&intr, SIGINT);
	pthread_sigmask(SIG_BLOCK, &intr, NULL);
	raise(SIGINT);
	assert_int_equal(signals_caught(), 0);   /* not taken yet */
	assert_false(signals_wait_readable(p->rd));
	assert_int_equal(signals_caught(), SIGINT);
	assert_int_equal(signals_status(), 130);
	/* taken now: a later wait ends at once too, the mask as it was */
	assert_false(signals_wait_readable(p->rd));
	pthread_sigmask(SIG_BLOCK, NULL, &intr);
	assert_true(sigismember(&intr, SIGINT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_input_ends_the_wait,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_signal_just_before_ends_the_wait, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
