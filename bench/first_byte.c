/*
 * bench/first_byte.c - from process start to the guest's first console
 * byte.
 *
 *   BENCH first_byte_ms / first_byte_soft_ms   `vmscope trace --backend
 *       kvm|soft --serial /dev/fd/3 hello`, fd 3 the write end of a pipe:
 *       fork() to the first byte on the read end
 *   BENCH first_byte_ratio / first_byte_soft_ratio   the same over the
 *       bare loop's (bench/raw_kvm_loop or raw_soft_loop with the hello
 *       guest, its console on stdout, a write(2) per byte)
 *
 * Rounds alternate vmscope and the bare loop; each figure is the median of
 * the rounds with min-max, the ratio the median of the rounds' ratios.
 * Both read stdin from /dev/null: `trace` in a terminal also starts its
 * key reader (cli/stdin_keys.h), so the figure would depend on whether
 * the bench was started from one.
 * vmscope writes the console as the guest writes it, a write(2) per batch
 * (cli/trace_console.h): `strace -e write` shows `write(4, "Hello,
 * world!\n", 14)` (4: vmscope's descriptor for /dev/fd/3) as the first
 * console write, before the guest's next line, so what is timed is the
 * first line's arrival, not the run's end (docs/BENCH.md).
 *
 * Usage: first_byte BUILD_DIR ROUNDS kvm|soft
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/support/timing.h"
#include "core/clock.h"

#define MAX_ROUNDS 64

/* ms from fork() to the first byte the child writes on fd out_fd; -1 when
 * it could not run, wrote nothing or failed. */
static double one_run(char *const argv[], int out_fd)
{
	uint64_t start, first = 0;
	int fds[2], status;
	char byte;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	start = clock_now_ns();
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		close(fds[0]);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		dup2(fds[1], out_fd);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	if (pid > 0 && read(fds[0], &byte, 1) == 1)
		first = clock_now_ns();
	while (read(fds[0], &byte, 1) > 0)
		;
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !first ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return (double)(first - start) / 1e6;
}

static void print_ms(const char *name, double *ms, int rounds)
{
	struct timing_spread s = timing_spread(ms, (size_t)rounds);

	printf("BENCH %s %.2f ms\n", name, s.median);
	printf("  process start to the guest's first console byte: median of "
	       "%d alternated rounds, min-max %.2f-%.2f ms\n", rounds, s.min,
	       s.max);
}

int main(int argc, char **argv)
{
	double ms[MAX_ROUNDS], bare_ms[MAX_ROUNDS], ratio[MAX_ROUNDS];
	struct timing_spread s;
	struct timing_args a;

	if (timing_parse_args("first_byte", argc, argv, MAX_ROUNDS, &a))
		return 2;
	char *trace_argv[] = { a.vmscope, "trace", "--backend", a.backend,
			       "--serial", "/dev/fd/3", "hello", NULL };
	char *bare_argv[] = { a.bare, "hello", NULL };
	int rounds = a.rounds;
	bool kvm = a.kvm;

	for (int i = 0; i < rounds; i++) {
		ms[i] = one_run(trace_argv, 3);
		bare_ms[i] = one_run(bare_argv, 1);
		if (ms[i] < 0 || bare_ms[i] < 0) {
			fprintf(stderr, "first_byte: a run failed\n");
			return 1;
		}
		ratio[i] = ms[i] / bare_ms[i];
	}
	print_ms(kvm ? "first_byte_ms" : "first_byte_soft_ms", ms, rounds);
	print_ms(kvm ? "first_byte_bare_ms" : "first_byte_soft_bare_ms",
		 bare_ms, rounds);
	s = timing_spread(ratio, (size_t)rounds);
	printf("BENCH %s %.2f x\n", kvm ? "first_byte_ratio"
				       : "first_byte_soft_ratio", s.median);
	printf("  vmscope's first byte over the bare loop's, the same guest "
	       "byte: median of %d alternated pairs, min-max %.2f-%.2f%s\n",
	       rounds, s.min, s.max, kvm ? "; goal <= 2" : "");
	return 0;
}
