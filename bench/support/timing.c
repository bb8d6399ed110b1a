/*
 * bench/support/timing.c - clocks, quiet child processes and medians for
 * the benchmark drivers.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/support/timing.h"
#include "core/clock.h"

int timing_parse_args(const char *prog, int argc, char **argv,
		      int max_rounds, struct timing_args *a)
{
	if (argc != 4 || atoi(argv[2]) < 1 || atoi(argv[2]) > max_rounds ||
	    (strcmp(argv[3], "kvm") != 0 && strcmp(argv[3], "soft") != 0)) {
		fprintf(stderr, "usage: %s BUILD_DIR ROUNDS<=%d kvm|soft\n",
			prog, max_rounds);
		return 2;
	}
	a->rounds = atoi(argv[2]);
	a->backend = argv[3];
	a->kvm = strcmp(argv[3], "kvm") == 0;
	snprintf(a->vmscope, sizeof(a->vmscope), "%s/vmscope", argv[1]);
	snprintf(a->bare, sizeof(a->bare), "%s/bench/raw_%s_loop", argv[1],
		 argv[3]);
	return 0;
}

uint64_t timing_thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t timeval_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000ULL +
	       (uint64_t)tv.tv_usec * 1000ULL;
}

/* Run argv (found on PATH) with stdout to out_path (NULL: /dev/null) and
 * stderr to /dev/null, or with stdout when err_too; its exit status into
 * *status.  -1 when it could not run. */
static int run_child(char *const argv[], const char *out_path, bool err_too,
		     struct timing_run *t, int *status)
{
	uint64_t start;
	struct rusage ru;
	pid_t pid;

	/* The last run's output is freed here, not in the timed child's
	 * open(O_TRUNC): dropping 50 MB of page cache took 5-10 ms, charged
	 * to whichever side ran next. */
	if (out_path)
		(void)truncate(out_path, 0);
	start = clock_now_ns();
	pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* stdin too: `trace` in a terminal starts its key reader */
		int null = open("/dev/null", O_RDWR);
		int out = out_path ? open(out_path, O_WRONLY | O_CREAT |
					  O_TRUNC, 0644) : null;

		dup2(null, 0);
		dup2(out, 1);
		dup2(err_too ? out : null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, status, 0, &ru) < 0 ||
	    (WIFEXITED(*status) && WEXITSTATUS(*status) == 127))
		return -1;
	t->wall_ns = clock_now_ns() - start;
	t->cpu_ns = timeval_ns(ru.ru_utime) + timeval_ns(ru.ru_stime);
	return 0;
}

int timing_run(char *const argv[], const char *out_path,
	       struct timing_run *t)
{
	int status;

	if (run_child(argv, out_path, false, t, &status))
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int timing_run_any(char *const argv[], const char *out_path,
		   struct timing_run *t)
{
	int status;

	return run_child(argv, out_path, true, t, &status);
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double timing_median(double *samples, size_t n)
{
	return timing_spread(samples, n).median;
}

struct timing_spread timing_spread(double *samples, size_t n)
{
	qsort(samples, n, sizeof(*samples), compare_double);
	return (struct timing_spread){
		.median = n % 2 ? samples[n / 2]
				: (samples[n / 2 - 1] + samples[n / 2]) / 2.0,
		.min = samples[0],
		.max = samples[n - 1],
	};
}

int timing_alternate(struct timing_side *sides, int n, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		for (int k = 0; k < n; k++) {
			struct timing_run t;

			if (timing_run(sides[k].argv, sides[k].out, &t)) {
				fprintf(stderr, "bench: %s %s failed\n",
					sides[k].argv[0], sides[k].argv[1]);
				return -1;
			}
			sides[k].cpu_ns[i] = (double)t.cpu_ns;
		}
	}
	return 0;
}

void timing_ratios(const struct timing_side *a, const struct timing_side *b,
		   int rounds, double *ratio)
{
	for (int i = 0; i < rounds; i++)
		ratio[i] = a->cpu_ns[i] / b->cpu_ns[i];
}

void timing_print_ratio(const char *name, const char *what, double *ratio,
			int rounds, double goal)
{
	struct timing_spread s = timing_spread(ratio, (size_t)rounds);
	char goal_text[32] = "";

	if (goal > 0)
		snprintf(goal_text, sizeof(goal_text), "; goal <= %.2f", goal);
	printf("BENCH %s %.3f x\n", name, s.median);
	printf("  %s: median of %d alternated rounds (min-max %.3f-%.3f%s)\n",
	       what, rounds, s.min, s.max, goal_text);
}
