/*
 * cli/cmd_run.c - `vmscope run`: the guest in a full-screen view.
 *
 *   vmscope run [options] GUEST
 *   vmscope run [--backend B] [--batch] [--no-color] [--no-mouse]
 *               --cell FILE
 *
 * The options are run_own below and the ones every guest-running command
 * shares (cli/guest_opts.h); `vmscope run --help` lists them.
 *
 * The view itself is tui/; this file turns the command line into a vCPU
 * thread and picks the full-screen view or its text twin (--batch).  The
 * exit status is the tracer's: the guest's own status, 0 when it halted
 * or was left running at quit, 1 when it crashed (with the report after
 * the screen is gone) or, under --batch, stdin - the guest's keyboard -
 * could not be read, 2 for bad usage or a bad image.  With --cell FILE
 * every cell of the configuration runs at once, in the Cells view
 * (cli/run_cells.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cell_option.h"
#include "cli/commands.h"
#include "cli/guest_image.h"
#include "cli/guest_opts.h"
#include "cli/outcome.h"
#include "cli/output.h"
#include "cli/run_cells.h"
#include "cli/signals.h"
#include "cli/stdin_feed.h"
#include "core/exit_number.h"
#include "tui/tui.h"

#define RING_CAPACITY 16384   /* events; a power of two */

struct run_opts {
	const char *until;
	const char *cell;         /* --cell FILE; NULL: one GUEST */
	bool batch;
	struct tui_options tui;
	struct guest_opts g;
};

static const struct opt_spec run_own[] = {
	{ "no-color", 'n', NULL, NULL,
	  "no colours (as NO_COLOR set and not empty)" },
	{ "no-mouse", 'm', NULL, NULL, "leave the mouse to the terminal" },
	{ "stats-file", 's', "FILE", "none",
	  "at quit, write to FILE the frames drawn, the time those drawn "
	  "while the guest ran took, the exits and the run time (one "
	  "'NAME VALUE' a line)" },
	{ "batch", 'B', NULL, NULL,
	  "no screen: run to EVENT, then print the panels as text" },
	{ "until", 'u', "EVENT", "end",
	  "where the run stops (the live view runs to EVENT at the start; "
	  "without it, it starts paused)" },
	{ "cell", 'c', "FILE", "one GUEST",
	  "run every cell of the configuration FILE at once instead, in the "
	  "Cells view (--batch: to their ends, then the view as text)" },
	{ NULL, 0, NULL, NULL, NULL },
};

static int run_opt(void *ctx, int code, const char *arg)
{
	struct run_opts *o = ctx;

	switch (code) {
	case 'n': o->tui.color = false; break;
	case 'm': o->tui.mouse = false; break;
	case 's': o->tui.stats_file = arg; break;
	case 'B': o->batch = true; break;
	case 'u': o->until = arg; break;
	case 'c': o->cell = arg; break;
	}
	return 0;
}

static const struct opt_spec *const run_tables[] = {
	run_own, guest_opts_table, machine_opts_table, NULL,
};
static const char *const run_notes[] = {
	"EVENT: exit, exits:N, reason:NAME, io:PORT[=DATA], FUNCTION, "
	"*ADDR or end.",
	GUEST_OPTS_NOTE,
	NULL,
};

const struct cmd_spec cmd_run_spec = {
	.name = "run",
	.operands = "GUEST",
	.min_operands = 0,   /* GUEST, or --cell FILE: parse_opts() */
	.max_operands = 1,
	.summary = "watch a guest's exits live, full screen (--batch: as text)",
	.tables = run_tables,
	.notes = run_notes,
};

static int parse_opts(int argc, char **argv, struct run_opts *o)
{
	const char *no_color = getenv("NO_COLOR");
	int status;

	*o = (struct run_opts){ 0 };
	/* https://no-color.org: set and not empty means no colour */
	o->tui.color = !(no_color && no_color[0]);
	o->tui.mouse = true;
	status = guest_opts_parse(&cmd_run_spec, run_opt, argc, argv, &o->g,
				  o);
	if (!status && !o->cell && !o->g.guest)
		status = options_usage_error(&cmd_run_spec, "GUEST missing");
	return status;
}

/* --cell FILE: every cell at once, in the Cells view. */
static int run_cell_file(struct run_opts *o)
{
	const struct backend_ops *ops;
	struct cells_config *cfg;
	int status;

	if (o->until)
		return options_usage_error(&cmd_run_spec, "--until is for one "
					   "GUEST, not --cell");
	if (o->batch)
		signals_block();   /* before the vCPU threads exist */
	status = cell_option_load(&cmd_run_spec, &o->g, o->cell, &cfg, &ops);
	if (status)
		return status;
	status = run_cells(cfg, ops, RING_CAPACITY, o->batch, &o->tui);
	free(cfg);
	return status;
}

/* As `vmscope trace` ends: a note, and the status for how the guest did. */
static int finish(const struct vcpu_snapshot *s, const char *crash)
{
	char count[80];

	switch (s->state) {
	case VM_CRASHED:
		if (crash)
			fputs(crash, stderr);
		else
			fprintf(stderr, "vmscope: %s\n", s->end_reason);
		return EXIT_CRASH;
	case VM_RUNNING:
		exit_number_totals(&s->stats, count, sizeof(count));
		fprintf(stderr, "vmscope: quit with the guest still running "
			"(%s)\n", count);
		return 0;
	default:
		return outcome_status(s->state, s->exit_status, s->end_reason);
	}
}

/*
 * --batch: SIGINT, SIGTERM and SIGHUP stop the guest (the vCPU thread
 * started with them blocked, so they come here), and the panels show
 * where it stopped.  The VM lives as long as the thread, and a batch never
 * rebuilds it, so its address stays good until vcpu_thread_stop().
 */
static int batch(struct vcpu_thread *t, const struct stop_cond *until)
{
	struct output out = { stdout, "the batch view", "stdout", 0 };
	uint64_t generation;
	struct vm *vm = vcpu_thread_lock_vm(t, &generation);
	int err;

	vcpu_thread_unlock_vm(t);
	signals_catch(vm);
	err = tui_batch(t, until);
	signals_release();
	if (!err && output_finish(&out, "run", false))
		err = -EIO;
	return err;
}

/* --batch: nobody types, so stdin (or --keys) is the guest's keyboard,
 * as for `vmscope trace` (cli/stdin_feed.h).  The vCPU thread. */
static void batch_key_wait(void *feed, struct vm *vm)
{
	(void)stdin_feed_at_wait(feed, vm);
}

static int run_thread(struct run_opts *o, const struct vcpu_thread_config *cfg,
		      const char *name)
{
	static struct vcpu_snapshot last;
	struct vcpu_thread *t;
	struct stop_cond until;
	char msg[256], *crash;
	int err;

	/* the batch runs to the end unless told; the live view starts
	 * paused unless told */
	if (stop_cond_parse(o->until ? o->until : "end", &until, msg,
			    sizeof(msg))) {
		fprintf(stderr, "vmscope run: --until %s\n", msg);
		return EXIT_USAGE;
	}
	if (o->until)
		o->tui.until = &until;
	err = vcpu_thread_start(&t, cfg, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "vmscope run: %s: %s\n", name, msg);
		return err == -ENOEXEC ? EXIT_USAGE : EXIT_CRASH;
	}
	if (vcpu_thread_knows(t, &until, msg, sizeof(msg))) {
		fprintf(stderr, "vmscope run: --until %s\n", msg);
		free(vcpu_thread_stop(t));
		return EXIT_USAGE;
	}
	if (o->batch)
		err = batch(t, &until);
	else
		err = tui_interactive(t, &o->tui, msg, sizeof(msg));
	vcpu_thread_snapshot(t, &last);
	crash = vcpu_thread_stop(t);
	if (err) {
		if (err != -EIO)   /* lost output: already said */
			fprintf(stderr, "vmscope run: %s\n", err == -ENOMEM ?
				"out of memory" : msg);
		free(crash);
		return EXIT_CRASH;
	}
	err = finish(&last, crash);
	free(crash);
	return err;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o;
	struct guest_image img;
	struct vcpu_thread_config cfg = { .ring_capacity = RING_CAPACITY };
	struct stdin_feed keyboard = { 0 };
	char note[256];
	int status = parse_opts(argc, argv, &o);

	if (status)
		return status == GUEST_OPTS_HELP ? 0 : status;
	if (o.cell)
		return run_cell_file(&o);
	if (o.batch)
		signals_block();   /* before the vCPU thread exists */
	status = guest_image_prepare(&img, "run", o.g.guest, o.g.backend,
				     &o.g.machine, &cfg.vm.backend, note,
				     sizeof(note));
	if (status)
		return status;
	/* with auto, say which backend was chosen and why */
	if (strcmp(o.g.backend, "auto") == 0) {
		if (o.batch)
			fprintf(stderr, "vmscope: %s\n", note);
		o.tui.backend_note = note;
	}
	cfg.vm.image = img.bytes;
	cfg.vm.image_size = img.size;
	cfg.vm.guest_name = img.name;
	machine_opts_apply(&o.g.machine, &cfg.vm);
	/* beside the full-screen view, closing the window only hides it */
	o.g.machine.display_close_hides = !o.batch;
	cfg.vm.keys_live |= !o.batch;   /* the Console panel takes keys */
	cfg.machine = o.g.machine;
	if (o.batch) {
		stdin_feed_init(&keyboard, o.g.machine.keys != NULL, true);
		cfg.key_wait = batch_key_wait;
		cfg.key_wait_opaque = &keyboard;
	}
	status = run_thread(&o, &cfg, img.name);
	if (keyboard.error)
		status = EXIT_CRASH;   /* stdin could not be read */
	guest_image_close(&img);
	return status;
}
