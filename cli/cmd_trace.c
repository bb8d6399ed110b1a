/*
 * cli/cmd_trace.c - `vmscope trace`: run a guest and print every VM exit.
 *
 *   vmscope trace [--backend kvm|soft|auto] [--json] [--stack] [--step]
 *                 [--step-insn] [--max-exits N] [--serial FILE]
 *                 [--keys TEXT] [--console poll|irq] [--vga ram|mmio]
 *                 [--display none|sdl] GUEST
 *
 * Trace lines go to stdout, the guest's console bytes to stderr (or
 * --serial FILE), so either can be redirected alone.  The process exits
 * with the guest's status (exit port), 0 when it halted, 1 when it
 * crashed, 2 for bad usage or a bad image.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/crash_report.h"
#include "cli/guest_image.h"
#include "cli/machine_opts.h"
#include "cli/outcome.h"
#include "cli/trace_line.h"
#include "cli/trace_summary.h"
#include "kvm/probe.h"
#include "tui/sdl_window.h"

struct trace_opts {
	const char *backend;
	const char *serial_path;
	const char *guest;
	unsigned long long max_exits;   /* 0: no limit */
	bool json, stack, step, step_insn;
	struct machine_opts machine;
};

#define PARSE_HELP (-1)   /* --help was printed: exit 0 */

static struct vm *signal_vm;   /* the VM a Ctrl-C stops */

static void on_signal(int sig)
{
	(void)sig;
	if (signal_vm)
		vm_request_stop(signal_vm);
}

static void serial_to_file(void *opaque, uint8_t byte)
{
	fputc(byte, opaque);
}

static int trace_usage(FILE *out, int status)
{
	fprintf(out,
		"usage: vmscope trace [--backend kvm|soft|auto] [--json] "
		"[--stack] [--step]\n"
		"                     [--step-insn] [--max-exits N] "
		"[--serial FILE]\n"
		"                     [--keys TEXT] [--console poll|irq] "
		"[--vga ram|mmio]\n"
		"                     [--display none|sdl] GUEST\n"
		"GUEST is a built-in guest (vmscope guests) or an ELF file.\n");
	return status;
}

static int parse_opts(int argc, char **argv, struct trace_opts *o)
{
	static const struct option longopts[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "stack", no_argument, NULL, 'k' },
		{ "step", no_argument, NULL, 's' },
		{ "step-insn", no_argument, NULL, 'i' },
		{ "max-exits", required_argument, NULL, 'm' },
		{ "serial", required_argument, NULL, 'o' },
		{ "keys", required_argument, NULL, MACHINE_OPT_KEYS },
		{ "console", required_argument, NULL, MACHINE_OPT_CONSOLE },
		{ "vga", required_argument, NULL, MACHINE_OPT_VGA },
		{ "display", required_argument, NULL, MACHINE_OPT_DISPLAY },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c, err;

	*o = (struct trace_opts){ .backend = "auto" };
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': o->backend = optarg; break;
		case 'j': o->json = true; break;
		case 'k': o->stack = true; break;
		case 's': o->step = true; break;
		case 'i': o->step_insn = o->step = true; break;
		case 'o': o->serial_path = optarg; break;
		case 'h':
			trace_usage(stdout, 0);
			return PARSE_HELP;
		case 'm':
			errno = 0;
			o->max_exits = strtoull(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-') {
				fprintf(stderr, "vmscope trace: --max-exits "
					"'%s' is not a positive number\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case MACHINE_OPT_KEYS: case MACHINE_OPT_CONSOLE:
		case MACHINE_OPT_VGA: case MACHINE_OPT_DISPLAY:
			err = machine_opt(&o->machine, c, optarg, "trace");
			if (err)
				return err;
			break;
		default: return trace_usage(stderr, EXIT_USAGE);
		}
	}
	if (optind != argc - 1)
		return trace_usage(stderr, EXIT_USAGE);
	o->guest = argv[optind];
	return 0;
}

/* --step: wait for Enter; 'q' stops the run, end of input stops waiting. */
static void step_wait(struct trace_opts *o, struct vm *vm)
{
	char line[64];

	fprintf(stderr, "[Enter: next exit, q: quit] ");
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin)) {
		o->step = false;
		return;
	}
	if (line[0] == 'q')
		vm_stop(vm, "stopped at the user's request");
}

static int trace_loop(struct trace_opts *o, struct vm *vm,
		      struct exit_text_cache *cache, struct exit_record *exit)
{
	struct trace_line line;
	uint64_t prev_t_ns = 0;
	int err;

	while (vm->state == VM_RUNNING) {
		uint64_t resets = vm->resets;

		err = vm_run_exit(vm, exit);
		if (err == VM_RUN_NO_EXIT)
			continue;
		if (err)
			return err;
		trace_line_build(&line, vm, cache, exit, prev_t_ns, o->stack);
		line.reset_after = vm->resets != resets;
		prev_t_ns = exit->t_ns;
		if (o->json)
			trace_line_print_json(&line, stdout);
		else
			trace_line_print_text(&line, stdout);
		if (o->max_exits && exit->seq >= o->max_exits) {
			char why[64];

			snprintf(why, sizeof(why),
				 "stopped after %llu exits (--max-exits)",
				 (unsigned long long)exit->seq);
			vm_stop(vm, why);
		}
		if (o->step && vm->state == VM_RUNNING) {
			fflush(stdout);
			step_wait(o, vm);
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
	return outcome_status(vm->state, vm->exit_status, vm->end_reason,
			      atomic_load(&vm->stop_requested));
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
		fprintf(stderr, "vmscope: --step-insn: %s\n", strerror(-err));
		return err;
	}
	if (vm->backend->flavour(vm) != HOST_SOFT &&
	    !probe_require("single_step_ring3", why, sizeof(why)))
		fprintf(stderr, "vmscope: note: this host single-steps only "
			"ring 0 (%s); --backend soft steps every ring\n", why);
	return 0;
}

static int run_traced(struct trace_opts *o, struct vm *vm, FILE *serial)
{
	struct exit_record exit = { 0 };
	struct exit_text_cache *cache;
	int status, err;

	if (exit_text_cache_open(&cache)) {
		fprintf(stderr, "vmscope: cannot start capstone\n");
		return EXIT_CRASH;
	}
	if (o->step_insn && start_single_step(vm)) {
		exit_text_cache_close(cache);
		return EXIT_CRASH;
	}
	signal_vm = vm;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	err = trace_loop(o, vm, cache, &exit);
	signal_vm = NULL;
	fflush(serial);
	if (o->json)
		trace_summary_json(vm, stdout);
	else
		trace_summary_text(vm, stdout);
	fflush(stdout);
	if (err)
		fprintf(stderr, "vmscope: the backend failed: %s\n",
			strerror(-err));
	status = finish(vm, cache, &exit);
	exit_text_cache_close(cache);
	return status;
}

int cmd_trace(int argc, char **argv)
{
	struct trace_opts o;
	struct guest_image img;
	struct vm_config cfg = { 0 };
	struct vm vm;
	struct sdl_window *window;
	FILE *serial = stderr;
	char msg[256];
	int err, status = parse_opts(argc, argv, &o);

	if (status)
		return status == PARSE_HELP ? 0 : status;
	status = guest_image_prepare(&img, o.guest, o.backend, &cfg.backend,
				     msg, sizeof(msg));
	if (status)
		return status;
	status = EXIT_USAGE;
	if (strcmp(o.backend, "auto") == 0)
		fprintf(stderr, "vmscope: %s\n", msg);
	if (o.serial_path && !(serial = fopen(o.serial_path, "w"))) {
		fprintf(stderr, "vmscope: --serial %s: %s\n", o.serial_path,
			strerror(errno));
		goto out_image;
	}
	cfg.image = img.bytes;
	cfg.image_size = img.size;
	cfg.serial = (struct serial_sink){ serial_to_file, serial };
	machine_opts_apply(&o.machine, &cfg);
	err = vm_create(&vm, &cfg, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "vmscope: %s: %s\n", img.name, msg);
		/* a bad image is the user's input (2); anything else is
		 * vmscope or the host failing to start the machine (1) */
		status = err == -ENOEXEC ? EXIT_USAGE : EXIT_CRASH;
		goto out_serial;
	}
	status = machine_opts_start(&o.machine, &vm, &window);
	if (!status)
		status = run_traced(&o, &vm, serial);
	sdl_window_close(window);
	vm_destroy(&vm);
out_serial:
	if (serial != stderr)
		fclose(serial);
out_image:
	guest_image_close(&img);
	return status;
}
