/*
 * bench/first_byte.c - BENCH first_byte_ms: from process start to the
 * guest's first console byte.
 *
 * Starts `vmscope trace --backend kvm --serial /dev/fd/3 hello` with fd 3
 * the write end of a pipe and times fork() to the first byte on the read
 * end.  Median of ROUNDS runs.
 *
 * Usage: first_byte BUILD_DIR [ROUNDS]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/support/timing.h"
#include "core/clock.h"

static double one_run(char *vmscope)
{
	char *argv[] = { vmscope, "trace", "--backend", "kvm", "--serial",
			 "/dev/fd/3", "hello", NULL };
	uint64_t start, first = 0;
	int fds[2], status;
	char byte;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	start = clock_now_ns();
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		dup2(fds[1], 3);
		execv(vmscope, argv);
		_exit(127);
	}
	close(fds[1]);
	if (pid > 0 && read(fds[0], &byte, 1) == 1)
		first = clock_now_ns();
	while (read(fds[0], &byte, 1) > 0)
		;
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !first)
		return -1;
	return (double)(first - start) / 1e6;
}

int main(int argc, char **argv)
{
	char vmscope[512];
	int rounds = argc > 2 ? atoi(argv[2]) : 11;
	double ms[64];

	if (argc < 2 || rounds < 1 || rounds > 64) {
		fprintf(stderr, "usage: first_byte BUILD_DIR [ROUNDS<=64]\n");
		return 2;
	}
	snprintf(vmscope, sizeof(vmscope), "%s/vmscope", argv[1]);
	for (int i = 0; i < rounds; i++) {
		ms[i] = one_run(vmscope);
		if (ms[i] < 0) {
			fprintf(stderr, "first_byte: a run failed\n");
			return 1;
		}
	}
	printf("BENCH first_byte_ms %.2f ms\n", timing_median(ms, (size_t)rounds));
	printf("  process start to the first byte on the guest's console "
	       "(median of %d; goal <= 10 ms)\n", rounds);
	return 0;
}
