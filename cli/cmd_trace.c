/*
 * cli/cmd_trace.c - `vmscope trace`: run a guest and print every VM exit.
 *
 *   vmscope trace [options] GUEST
 *   vmscope trace [--backend B] [--max-exits N] [--stack] --cell FILE
 *
 * The options are trace_own below and the ones every guest-running
 * command shares (cli/guest_opts.h); `vmscope trace --help` lists them.
 *
 * Trace lines go to stdout, the guest's console bytes to stderr (or
 * --serial FILE), so either can be redirected alone.  The process exits
 * with the guest's status (exit port), 0 when it halted, 1 when it
 * crashed, output was lost or stdin could not be read, 2 for bad usage
 * or a bad image, 128 + the signal's number when a signal stopped it
 * (cli/signals.h).  With --cell FILE every cell of the configuration runs
 * at once, each exit traced with its cell's name (cli/trace_cells.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cell_option.h"
#include "cli/commands.h"
#include "cli/crash_report.h"
#include "cli/guest_image.h"
#include "cli/guest_opts.h"
#include "cli/outcome.h"
#include "cli/pic_text.h"
#include "cli/output.h"
#include "cli/signals.h"
#include "cli/stdin_feed.h"
#include "cli/stdin_keys.h"
#include "cli/trace_cells.h"
#include "cli/trace_console.h"
#include "cli/trace_json.h"
#include "cli/trace_line.h"
#include "cli/trace_summary.h"
#include "core/user_file.h"
#include "kvm/probe.h"
#include "tui/sdl_window.h"

struct trace_opts {
	const char *serial_path;
	const char *cell;               /* --cell FILE; NULL: one GUEST */
	unsigned long long max_exits;   /* 0: no limit */
	bool json, stack, step, step_insn, pic;
	bool typing;   /* stdin is a terminal whose keys go to the guest */
	struct guest_opts g;
};

/* Where a run writes: each output's first error ends the run. */
struct trace_outputs {
	struct output trace;     /* stdout */
	struct trace_console console;
	struct stdin_feed keyboard;   /* stdin or --keys, without a person */
	struct vm *vm;
};

static const struct opt_spec trace_own[] = {
	{ "json", 'j', NULL, NULL,
	  "one JSON object per exit, then a JSON summary" },
	{ "stack", 'k', NULL, NULL, "the guest's call chain with each exit" },
	{ "pic", 'p', NULL, NULL,
	  "the two 8259 PICs' registers after each exit that changed them "
	  "(and after the first)" },
	{ "step", 's', NULL, NULL, "wait for Enter after each exit (q quits)" },
	{ "step-insn", 'i', NULL, NULL,
	  "single-step: an exit after every instruction (implies --step)" },
	{ "max-exits", 'm', "N", "no limit", "stop after N exits" },
	{ "serial", 'o', "FILE", "stderr",
	  "write the guest's console output to FILE" },
	{ "cell", 'c', "FILE", "one GUEST",
	  "run every cell of the configuration FILE at once instead "
	  "(docs/PARTITIONING.md), each exit labelled with its cell" },
	{ NULL, 0, NULL, NULL, NULL },
};

static int max_exits_opt(struct trace_opts *o, const char *arg)
{
	uint64_t n;
	int err = options_number("trace", "--max-exits", arg, 1, UINT64_MAX,
				 &n);

	if (!err)
		o->max_exits = n;
	return err;
}

static int trace_opt(void *ctx, int code, const char *arg)
{
	struct trace_opts *o = ctx;

	switch (code) {
	case 'j': o->json = true; break;
	case 'k': o->stack = true; break;
	case 'p': o->pic = true; break;
	case 's': o->step = true; break;
	case 'i': o->step_insn = o->step = true; break;
	case 'm': return max_exits_opt(o, arg);
	case 'o': o->serial_path = arg; break;
	case 'c': o->cell = arg; break;
	}
	return 0;
}

static const struct opt_spec *const trace_tables[] = {
	trace_own, guest_opts_table, machine_opts_table, NULL,
};
static const char *const trace_notes[] = { GUEST_OPTS_NOTE, NULL };

const struct cmd_spec cmd_trace_spec = {
	.name = "trace",
	.operands = "GUEST",
	.min_operands = 0,   /* GUEST, or --cell FILE: parse_opts() */
	.max_operands = 1,
	.summary = "run a guest, printing every VM exit",
	.tables = trace_tables,
	.notes = trace_notes,
};

static int parse_opts(int argc, char **argv, struct trace_opts *o)
{
	int status;

	*o = (struct trace_opts){ 0 };
	status = guest_opts_parse(&cmd_trace_spec, trace_opt, argc, argv,
				  &o->g, o);
	if (!status && !o->cell && !o->g.guest)
		status = options_usage_error(&cmd_trace_spec, "GUEST missing");
	return status;
}

/* --cell FILE: what is for one guest only is refused, then the cells. */
static int trace_cell_file(const struct trace_opts *o)
{
	const char *one = o->json ? "--json" : o->step_insn ? "--step-insn"
			: o->step ? "--step" : o->serial_path ? "--serial"
			: o->pic ? "--pic" : NULL;
	struct trace_cells_opts to = { o->max_exits, o->stack };
	const struct backend_ops *ops;
	struct cells_config *cfg;
	int status;

	if (one)
		return options_usage_error(&cmd_trace_spec, "%s is for one "
					   "GUEST, not --cell", one);
	status = cell_option_load(&cmd_trace_spec, &o->g, o->cell, &cfg,
				  &ops);
	if (status)
		return status;
	status = trace_cells(cfg, ops, &to);
	free(cfg);
	return status;
}

/*
 * --step: wait for Enter; 'q' stops the run, and so does the end of input
 * (Ctrl-D, </dev/null): nobody is left to press Enter.  A signal ends the
 * wait at once, and the run with it - also one that comes between the
 * prompt and the wait (cli/signals.h: signals_wait_readable()).  stdin is
 * unbuffered under --step (run_traced()), so no line waits in its buffer
 * while the wait looks at the fd.
 */
static void step_wait(struct trace_outputs *out)
{
	struct vm *vm = out->vm;
	char line[64];
	bool stopped;

	trace_console_end_line(&out->console);
	fprintf(stderr, "[Enter: next exit, q: quit] ");
	fflush(stderr);
	/* a stop asked for before the wait (Ctrl-C just after the prompt
	 * was printed) ends the prompt's line too, as one during it does */
	stopped = vm_stop_if_requested(vm);
	if (!stopped && signals_wait_readable(STDIN_FILENO) &&
	    fgets(line, sizeof(line), stdin)) {
		if (line[0] == 'q')
			vm_stop(vm, "stopped at the user's request");
		return;
	}
	fputc('\n', stderr);
	if (!stopped && !vm_stop_if_requested(vm))
		vm_stop(vm, feof(stdin) ? "stopped at the end of input (--step)"
				       : "stopped: cannot read the --step "
					 "prompt's input");
}

/*
 * --pic: both 8259s as the exit left them, and the chips that show
 * something the last pic lines did not (both at the first exit).  Read
 * here, on the vCPU thread between two runs, as the TUI's snapshot reads
 * them (tui/vcpu_snapshot.c).
 */
struct pic_watch {
	struct vm_pic_state now, shown;
	bool have_shown;
};

static unsigned pic_changed(struct pic_watch *w, struct vm *vm)
{
	unsigned chips = 0;

	vm_pic_state(vm, &w->now);
	for (unsigned chip = 0; chip < 2; chip++)
		if (!w->have_shown ||
		    !pic_text_same(&w->now.chip[chip], &w->shown.chip[chip]))
			chips |= 1u << chip;
	if (chips) {
		w->shown = w->now;
		w->have_shown = true;
	}
	return chips;
}

/*
 * The guest waits for a key and none is on its way, nor can a person type
 * one (vm_waits_for_key()): stdin, or --keys, is the keyboard
 * (cli/stdin_feed.h).  While it goes on waiting, a prompt it left open
 * shows.  Under --step stdin answers the prompt instead.
 */
static void no_key_on_its_way(const struct trace_opts *o,
			      struct trace_outputs *out)
{
	if (o->step || !stdin_feed_at_wait(&out->keyboard, out->vm))
		return;
	trace_console_idle(&out->console);
}

static int trace_loop(struct trace_opts *o, struct trace_outputs *out,
		      struct exit_text_cache *cache, struct exit_record *exit)
{
	struct vm *vm = out->vm;
	struct trace_line line;
	struct exit_counter count;
	struct exit_number number;
	struct pic_watch pic = { .have_shown = false };
	uint64_t prev_t_ns = 0;
	int err;

	exit_counter_reset(&count);
	while (vm->state == VM_RUNNING) {
		/* the exit that pulsed the reset line was shown as it was, and
		 * vm_run_exit() restarts the machine now: said here, so never
		 * when the run ends at that exit (--max-exits, q, a signal, a
		 * trace that could not be written) */
		if (vm->reset_requested && !o->json)
			trace_line_print_reset(stdout);
		err = vm_run_exit(vm, exit);
		if (err == VM_RUN_NO_EXIT)
			continue;
		if (err)
			return err;
		trace_console_after_exit(&out->console, exit);
		trace_line_build(&line, vm, cache, exit, prev_t_ns, o->stack);
		number = exit_counter_add(&count, exit);
		line.number = &number;
		if (o->pic && (line.pic_chips = pic_changed(&pic, vm)))
			line.pic = &pic.now;
		line.reset = vm->reset_requested;
		prev_t_ns = exit->t_ns;
		if (o->json)
			trace_line_print_json(&line, stdout);
		else
			trace_line_print_text(&line, stdout);
		if (output_failed(&out->trace))
			vm_stop(vm, "stopped: the trace could not be written");
		if (vm->state == VM_RUNNING && vm_waits_for_key(vm, exit))
			no_key_on_its_way(o, out);
		if (o->max_exits && exit->seq >= o->max_exits) {
			char why[64];

			snprintf(why, sizeof(why),
				 "stopped after %llu exits (--max-exits)",
				 (unsigned long long)exit->seq);
			vm_stop(vm, why);
		}
		if (o->step && vm->state == VM_RUNNING) {
			fflush(stdout);
			step_wait(out);
		}
	}
	return 0;
}

/* The process exit status for how the VM ended, and a note saying so. */
static int finish(struct vm *vm, struct exit_text_cache *cache,
		  const struct exit_record *last)
{
	if (vm->state == VM_CRASHED) {
		crash_report(vm, cache, last, stderr);
		return EXIT_CRASH;
	}
	return outcome_status(vm->state, vm->exit_status, vm->end_reason);
}

/*
 * --step-insn: the backend stops after every instruction (EXIT_DEBUG).
 * Where the host probe found that KVM's single-step skips ring 3 (PVM),
 * say so: the user program's instructions will not be seen one by one.
 */
static int start_single_step(struct vm *vm)
{
	char why[256];
	int err = vm->backend->set_single_step(vm, true);

	if (err) {
		fprintf(stderr, "vmscope trace: --step-insn: %s\n", strerror(-err));
		return err;
	}
	if (vm->backend->flavour(vm) != HOST_SOFT &&
	    !probe_require("single_step_ring3", why, sizeof(why)))
		fprintf(stderr, "vmscope: note: this host single-steps only "
			"ring 0 (%s); --backend soft steps every ring\n", why);
	return 0;
}

/*
 * In a terminal, without --keys, --step (whose prompt reads stdin) or a
 * window to type in, what the user types goes to the guest's keyboard;
 * a guest waiting for a key waits for the user, then.
 */
static bool wants_typing(const struct trace_opts *o)
{
	return !o->g.machine.keys && !o->step && !o->g.machine.display_sdl &&
	       stdin_keys_possible();
}

static void start_typing(const struct trace_opts *o, struct stdin_keys *keys,
			 struct trace_outputs *out)
{
	int err;

	if (!o->typing)
		return;
	/* while the user may type, a prompt the guest left open shows */
	err = stdin_keys_start(keys, out->vm, trace_console_idle,
			       &out->console);
	if (err)
		fprintf(stderr, "vmscope trace: cannot read keys from the "
			"terminal: %s\n", strerror(-err));
	else
		fprintf(stderr, "vmscope: what you type here goes to the "
			"guest's keyboard; Ctrl-C stops\n");
}

static int run_traced(struct trace_opts *o, struct trace_outputs *out)
{
	struct vm *vm = out->vm;
	struct exit_record exit = { 0 };
	struct exit_text_cache *cache;
	struct stdin_keys keys = { 0 };
	int status, err;

	if (exit_text_cache_open(&cache)) {
		fprintf(stderr, "vmscope trace: cannot start capstone\n");
		return EXIT_CRASH;
	}
	if (o->step_insn && start_single_step(vm)) {
		exit_text_cache_close(cache);
		return EXIT_CRASH;
	}
	if (!o->json && vm_clock_virtual(vm))
		printf("clock: the machine's own, 1 ns per instruction retired "
		       "(--clock insn): handling an exit takes none\n");
	if (!o->json)
		trace_line_print_header(vm->backend->flavour(vm), stdout);
	if (o->step)
		setvbuf(stdin, NULL, _IONBF, 0);   /* see step_wait() */
	/* the key reader inherits the blocked stop signals (cli/signals.h) */
	start_typing(o, &keys, out);
	stdin_feed_init(&out->keyboard, o->g.machine.keys != NULL, false);
	signals_catch(vm);
	/* nothing waits between two exits: no --step, and no write that
	 * could block on a slow reader (core/vm.h) */
	vm_resume_at_once(vm, !o->step &&
			      output_never_waits(&out->trace) &&
			      output_never_waits(&out->console.out));
	err = trace_loop(o, out, cache, &exit);
	stdin_keys_stop(&keys);
	signals_release();
	trace_console_end_line(&out->console);
	output_flush(&out->console.out);
	if (o->json)
		trace_summary_json(vm, stdout);
	else
		trace_summary_text(vm, stdout);
	if (err)
		fprintf(stderr, "vmscope trace: the backend failed: %s\n",
			strerror(-err));
	status = finish(vm, cache, &exit);
	if (out->keyboard.error)
		status = EXIT_CRASH;   /* stdin could not be read */
	exit_text_cache_close(cache);
	if (output_finish(&out->trace, "trace", false))
		return EXIT_CRASH;
	return status;
}

int cmd_trace(int argc, char **argv)
{
	struct trace_opts o;
	struct guest_image img;
	struct vm_config cfg = { 0 };
	struct vm vm;
	struct sdl_window *window;
	struct trace_outputs out = {
		.trace = { stdout, "the trace", "stdout", 0 },
		.vm = &vm,
	};
	char msg[256];
	int err, status = parse_opts(argc, argv, &o);

	if (status)
		return status == GUEST_OPTS_HELP ? 0 : status;
	if (o.cell)
		return trace_cell_file(&o);
	output_buffer_large(&out.trace);
	signals_block();   /* before the VM's threads exist */
	status = guest_image_prepare(&img, "trace", o.g.guest, o.g.backend,
				     &o.g.machine, &cfg.backend, msg,
				     sizeof(msg));
	if (status)
		return status;
	status = EXIT_USAGE;
	if (strcmp(o.g.backend, "auto") == 0)
		fprintf(stderr, "vmscope: %s\n", msg);
	err = trace_console_open(&out.console, o.serial_path, &vm);
	if (err) {
		fprintf(stderr, "vmscope trace: --serial %s: %s\n",
			o.serial_path, user_file_strerror(err));
		goto out_image;
	}
	cfg.image = img.bytes;
	cfg.image_size = img.size;
	cfg.guest_name = img.name;
	cfg.serial = (struct serial_sink){ trace_console_byte, &out.console };
	machine_opts_apply(&o.g.machine, &cfg);
	o.typing = wants_typing(&o);
	cfg.keys_live |= o.typing;
	err = vm_create(&vm, &cfg, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "vmscope trace: %s: %s\n", img.name, msg);
		/* a bad image is the user's input (2); anything else is
		 * vmscope or the host failing to start the machine (1) */
		status = err == -ENOEXEC ? EXIT_USAGE : EXIT_CRASH;
		goto out_serial;
	}
	if (machine_opts_start(&o.g.machine, &vm, &window, msg, sizeof(msg))) {
		fprintf(stderr, "vmscope trace: %s\n", msg);
		status = EXIT_CRASH;
	} else {
		status = run_traced(&o, &out);
		machine_opts_linger(window);
	}
	sdl_window_close(window);
	vm_destroy(&vm);
out_serial:
	if (trace_console_close(&out.console))
		status = EXIT_CRASH;
out_image:
	guest_image_close(&img);
	return status;
}
