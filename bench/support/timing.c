/*
 * bench/support/timing.c - clocks, quiet child processes and medians for
 * the benchmark drivers.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/support/timing.h"
#include "core/clock.h"

uint64_t timing_run_quiet(char *const argv[])
{
	uint64_t start = clock_now_ns();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 0;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return 0;
	return clock_now_ns() - start;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double timing_median(double *samples, size_t n)
{
	qsort(samples, n, sizeof(*samples), compare_double);
	return n % 2 ? samples[n / 2]
		     : (samples[n / 2 - 1] + samples[n / 2]) / 2.0;
}
