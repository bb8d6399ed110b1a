/*
 * cli/cells_compare.c - the three set-ups, round by round (see
 * cli/cells_compare.h).
 *
 * Each run is an ordinary cells_session() over a copy of the
 * configuration changed for the set-up: cpu lines dropped (shared), the
 * noise cells dropped (quiet).  The control loop's console goes to a
 * temporary file, read back when its cell has ended; the other cells'
 * consoles are dropped.  Exits per second are taken from each cell's
 * machine before it goes (struct vm's exit count over the vCPU thread's
 * run time), and so are vmscope's injection delays of the loop's ticks
 * (core/cells_ticks.h), which the table and the picture set beside the
 * loop's own lateness.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cells_compare.h"
#include "cli/cells_session.h"
#include "cli/commands.h"
#include "cli/rt_stats.h"
#include "cli/rt_svg.h"
#include "core/user_file.h"

struct setup {
	const char *name;
	bool pinned, quiet;
	struct rt_stats rt;                    /* every round's, added up */
	struct rt_hist inject;                 /* vmscope's injection delays,
						  every round's */
	uint64_t p99_us[CELLS_COMPARE_MAX];    /* each round's own */
	double rt_exits_s, others_exits_s;     /* summed over the rounds */
};

/* What one run's end leaves for the table. */
struct run_result {
	const char *until;
	struct rt_hist *inject;                /* the set-up's, added to */
	double rt_exits_s, others_exits_s;
	bool rt_ok;                            /* exited with status 0 */
};

static double exits_per_s(const struct cells_cell *cell)
{
	double s = (double)(cell->end_ns - cell->start_ns) / 1e9;

	return s > 0 ? (double)cell->vm.next_seq / s : 0;
}

static int collect(const struct cells_run *run, void *ctx)
{
	struct run_result *r = ctx;

	for (unsigned i = 0; i < run->ncells; i++) {
		const struct cells_cell *cell = &run->cells[i];

		if (strcmp(cell->config->name, r->until) != 0) {
			r->others_exits_s += exits_per_s(cell);
			continue;
		}
		r->rt_exits_s = exits_per_s(cell);
		rt_hist_merge(r->inject, &cell->ticks.delay);
		r->rt_ok = cell->vm.state == VM_EXITED &&
			   cell->vm.exit_status == 0;
		if (!r->rt_ok)
			fprintf(stderr, "vmscope cells: --compare: cell %s: %s\n",
				cell->config->name, cell->vm.end_reason);
	}
	return r->rt_ok ? 0 : EXIT_CRASH;
}

/* cfg changed for set-up s, the loop's console to console_path. */
static void shape(struct cells_config *run_cfg, const struct cells_config *cfg,
		  const struct setup *s, const char *until,
		  const char *console_path)
{
	*run_cfg = *cfg;
	run_cfg->ncells = 0;
	for (unsigned i = 0; i < cfg->ncells; i++) {
		struct cell_config *c = &run_cfg->cells[run_cfg->ncells];
		bool is_rt = strcmp(cfg->cells[i].name, until) == 0;

		if (s->quiet && !is_rt)
			continue;
		*c = cfg->cells[i];
		if (!s->pinned)
			c->cpu = CELL_CPU_NONE;
		snprintf(c->console, sizeof(c->console), "%s",
			 is_rt ? console_path : "none");
		run_cfg->ncells++;
	}
}

static int read_console(const char *path, struct setup *s, unsigned round)
{
	struct rt_stats one;
	FILE *f = fopen(path, "re");
	int err = f ? rt_stats_read(f, &one) : -errno;

	if (f)
		fclose(f);
	if (err) {
		fprintf(stderr, "vmscope cells: --compare: the control loop "
			"printed no statistics (is it guest rt?)\n");
		return EXIT_CRASH;
	}
	rt_stats_merge(&s->rt, &one);
	s->p99_us[round] = one.p99_us;
	return 0;
}

static int run_setup(const struct cells_config *cfg,
		     const struct backend_ops *backend, const char *until,
		     struct setup *s, unsigned round)
{
	struct cells_config *run_cfg = malloc(sizeof(*run_cfg));
	struct cells_wait wait = { .until = until };
	struct run_result r = { .until = until, .inject = &s->inject };
	char path[] = "/tmp/vmscope-rt-XXXXXX";
	int fd = mkstemp(path), status;

	if (!run_cfg || fd < 0) {
		fprintf(stderr, "vmscope cells: --compare: %s\n",
			run_cfg ? strerror(errno) : "out of memory");
		free(run_cfg);
		return EXIT_CRASH;
	}
	close(fd);
	shape(run_cfg, cfg, s, until, path);
	status = cells_session(run_cfg, backend, &wait, NULL, collect, &r);
	if (status == 0)
		status = read_console(path, s, round);
	s->rt_exits_s += r.rt_exits_s;
	s->others_exits_s += r.others_exits_s;
	unlink(path);
	free(run_cfg);
	return status;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median over the rounds of p99 shared / p99 pinned, each pair
 * measured side by side. */
static double median_ratio(const struct setup *shared,
			   const struct setup *pinned, unsigned rounds)
{
	double r[CELLS_COMPARE_MAX];

	for (unsigned i = 0; i < rounds; i++)
		r[i] = (double)shared->p99_us[i] /
		       (double)(pinned->p99_us[i] ? pinned->p99_us[i] : 1);
	qsort(r, rounds, sizeof(r[0]), cmp_double);
	return rounds % 2 ? r[rounds / 2]
			  : (r[rounds / 2 - 1] + r[rounds / 2]) / 2;
}

/* One row: a histogram's figures, after the set-up and what it measures. */
static void print_row(const char *setup, const char *measure,
		      const struct rt_hist *h, const char *ticks_missed,
		      const char *exits)
{
	printf("%-14s %-9s %15s %7llu %9llu %7llu %8llu %s\n", setup, measure,
	       ticks_missed, (unsigned long long)(h->min_ns / 1000),
	       (unsigned long long)rt_hist_rank_us(h, 500),
	       (unsigned long long)rt_hist_rank_us(h, 990),
	       (unsigned long long)(h->max_ns / 1000), exits);
}

/* Per set-up, the guest's lateness and then vmscope's injection delay
 * (its ticks: the timer interrupts it injected; no misses of its own). */
static void print_table(const struct setup *s, unsigned n, unsigned rounds)
{
	char counts[40], exits[40];

	printf("%-14s %-9s %7s %7s %7s %9s %7s %8s %11s %14s\n", "set-up",
	       "measure", "ticks", "missed", "min_us", "median_us", "p99_us",
	       "max_us", "rt exits/s", "others exits/s");
	for (unsigned i = 0; i < n; i++) {
		snprintf(counts, sizeof(counts), "%7llu %7llu",
			 (unsigned long long)s[i].rt.served,
			 (unsigned long long)s[i].rt.missed);
		snprintf(exits, sizeof(exits), "%11.0f %14.0f",
			 s[i].rt_exits_s / rounds, s[i].others_exits_s / rounds);
		print_row(s[i].name, "lateness", &s[i].rt.hist, counts, exits);
		snprintf(counts, sizeof(counts), "%7llu %7s",
			 (unsigned long long)s[i].inject.samples, "-");
		snprintf(exits, sizeof(exits), "%11s %14s", "-", "-");
		print_row(s[i].name, "injection", &s[i].inject, counts, exits);
	}
	printf("lateness: the loop's own, from its TSC; injection: vmscope's, "
	       "from each tick's deadline to its injection (the exit "
	       "stream)\n");
	printf("rt p99 shared / pinned: %.2f x (the median of %u rounds, "
	       "side by side)\n", median_ratio(&s[0], &s[1], rounds), rounds);
}

int cells_compare(const struct cells_config *cfg,
		  const struct backend_ops *backend, const char *until,
		  unsigned rounds, const char *svg_path)
{
	struct setup setups[] = {
		{ .name = "shared", .pinned = false, .quiet = false },
		{ .name = "pinned", .pinned = true, .quiet = false },
		{ .name = "pinned, quiet", .pinned = true, .quiet = true },
	};
	const unsigned n = sizeof(setups) / sizeof(setups[0]);
	struct rt_svg_panel panels[sizeof(setups) / sizeof(setups[0])];
	struct whole_file svg;
	/* opened before the rounds: a picture that cannot be written is
	 * said before minutes of measuring, not after */
	int status = svg_path ? whole_file_open(&svg, svg_path) : 0;

	if (status) {
		fprintf(stderr, "vmscope cells: --svg %s: %s\n", svg_path,
			user_file_strerror(status));
		return EXIT_USAGE;
	}
	for (unsigned r = 0; r < rounds && !status; r++)
		for (unsigned i = 0; i < n && !status; i++)
			status = run_setup(cfg, backend, until, &setups[i], r);
	if (status) {
		if (svg_path)
			whole_file_drop(&svg);
		return status;
	}
	print_table(setups, n, rounds);
	for (unsigned i = 0; i < n; i++)
		panels[i] = (struct rt_svg_panel){ setups[i].name,
						   &setups[i].rt,
						   &setups[i].inject };
	status = svg_path ? rt_svg_write(&svg, panels, n) : 0;
	if (status) {
		fprintf(stderr, "vmscope cells: --svg %s: %s%s\n", svg_path,
			strerror(-status), whole_file_left(&svg));
		return EXIT_CRASH;
	}
	return 0;
}
