/*
 * cli/trace_cells.c - the cells, traced (see cli/trace_cells.h).
 *
 * The tracer's work per exit is the same as for one guest - build the
 * line from the VM and the exit record, number it, print it - but it runs
 * on each cell's own vCPU thread (core/cells_run.h's on_exit), so every
 * cell has its own disassembler (a capstone handle is not shared between
 * threads), its own exit count and its own buffer: a line is printed
 * into the buffer, then labelled and written out in one go under the
 * run's out_lock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cells_report.h"
#include "cli/cells_session.h"
#include "cli/commands.h"
#include "cli/exit_text.h"
#include "cli/trace_cells.h"
#include "cli/trace_line.h"
#include "core/exit_number.h"

/* One cell's tracer: touched by that cell's vCPU thread only. */
struct cell_tracer {
	struct exit_text_cache *cache;
	struct exit_counter count;
	uint64_t prev_t_ns;
	char *buf;               /* the line(s) of one exit */
	size_t len;
	FILE *mem;               /* open_memstream() on buf */
};

struct tracers {
	struct cell_tracer cell[CELLS_MAX];
	const struct trace_cells_opts *o;
	bool header_done;        /* under the run's out_lock */
};

/* The trace's text, each line labelled, written out: one fwrite of the
 * whole under the lock (stdout is flushed at once: the lines of a cell
 * that crashes vmscope's neighbour must already be out). */
static void emit(struct cells_cell *cell, struct tracers *t,
		 const char *text, size_t len)
{
	const char *end = text + len;
	size_t lines = 1;
	char *out, *p;

	for (const char *q = text; q < end; q++)
		lines += *q == '\n';
	out = malloc(len + lines * (strlen(cell->config->name) + 3) + 1);
	if (!out)
		return;
	p = out;
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t n = nl ? (size_t)(nl - text) + 1 : (size_t)(end - text);

		p += sprintf(p, "[%s] ", cell->config->name);
		memcpy(p, text, n);
		p += n;
		text += n;
	}
	pthread_mutex_lock(&cell->run->out_lock);
	if (!t->header_done) {
		trace_line_print_header(cell->vm.backend->flavour(&cell->vm),
					stdout);
		t->header_done = true;
	}
	fwrite(out, 1, (size_t)(p - out), stdout);
	fflush(stdout);
	pthread_mutex_unlock(&cell->run->out_lock);
	free(out);
}

static void trace_exit(struct cells_cell *cell,
		       const struct exit_record *exit, void *ctx)
{
	struct tracers *t = ctx;
	struct cell_tracer *c = &t->cell[cell - cell->run->cells];
	struct exit_number number;
	struct trace_line line;

	trace_line_build(&line, &cell->vm, c->cache, exit, c->prev_t_ns,
			 t->o->stack);
	number = exit_counter_add(&c->count, exit);
	line.number = &number;
	c->prev_t_ns = exit->t_ns;
	rewind(c->mem);
	trace_line_print_text(&line, c->mem);
	if (fflush(c->mem) == 0)
		emit(cell, t, c->buf, c->len);
	if (t->o->max_exits && exit->seq >= t->o->max_exits)
		vm_stop(&cell->vm, "stopped after --max-exits");
}

static void close_tracers(struct tracers *t, unsigned n)
{
	while (n--) {
		exit_text_cache_close(t->cell[n].cache);
		fclose(t->cell[n].mem);
		free(t->cell[n].buf);
	}
}

static int open_tracers(struct tracers *t, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct cell_tracer *c = &t->cell[i];

		exit_counter_reset(&c->count);
		c->mem = open_memstream(&c->buf, &c->len);
		if (c->mem && exit_text_cache_open(&c->cache) == 0)
			continue;
		if (c->mem) {
			fclose(c->mem);
			free(c->buf);
		}
		close_tracers(t, i);
		return -ENOMEM;
	}
	return 0;
}

static int report(const struct cells_run *run, void *ctx)
{
	(void)ctx;
	return cells_report(run, stdout);
}

int trace_cells(const struct cells_config *cfg,
		const struct backend_ops *backend,
		const struct trace_cells_opts *o)
{
	struct tracers *t = calloc(1, sizeof(*t));
	struct cells_wait wait = { 0 };
	struct cells_watch watch = { .on_exit = trace_exit, .ctx = t,
				     .console_fd = STDERR_FILENO };
	int status;

	if (!t || open_tracers(t, cfg->ncells)) {
		fprintf(stderr, "vmscope trace: cannot start capstone\n");
		free(t);
		return EXIT_CRASH;
	}
	t->o = o;
	status = cells_session(cfg, backend, &wait, &watch, report, NULL);
	close_tracers(t, cfg->ncells);
	free(t);
	return status;
}
