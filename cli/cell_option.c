/*
 * cli/cell_option.c - `--cell FILE` for trace and run (see
 * cli/cell_option.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/backend_choice.h"
#include "cli/cell_option.h"
#include "cli/cells_load.h"
#include "cli/commands.h"

/* The first option given that shapes one guest's machine, or NULL. */
static const char *one_guest_option(const struct machine_opts *m)
{
	if (m->keys)
		return "--keys";
	if (m->boot_flags)
		return "--console";
	if (m->vga != MEM_WINDOW_RAM)
		return "--vga";
	if (m->display_sdl)
		return "--display";
	if (m->nested)
		return "--nested";
	if (m->hypervisor)
		return "--hypervisor";
	if (m->net.kind != NET_NONE || m->net.path != NET_PATH_EMULATED)
		return "--net";
	if (m->clock != VM_CLOCK_HOST)   /* the cells keep host time */
		return "--clock";
	return NULL;
}

static int choose_backend(const struct cmd_spec *cmd, const char *want,
			  const struct backend_ops **ops)
{
	char msg[256];

	if (backend_choose(want, ops, msg, sizeof(msg))) {
		fprintf(stderr, "vmscope %s: %s\n", cmd->name, msg);
		return EXIT_CRASH;
	}
	if (strcmp(want, "auto") == 0)
		fprintf(stderr, "vmscope: %s\n", msg);
	return 0;
}

int cell_option_load(const struct cmd_spec *cmd, const struct guest_opts *g,
		     const char *file, struct cells_config **cfg,
		     const struct backend_ops **ops)
{
	const char *opt = one_guest_option(&g->machine);
	char err[512];
	int status;

	if (g->guest)
		return options_usage_error(cmd, "--cell %s runs the cells of "
					   "the file: no GUEST besides it",
					   file);
	if (opt)
		return options_usage_error(cmd, "%s shapes one guest's machine; "
					   "with --cell each cell is the "
					   "machine its file describes", opt);
	*cfg = malloc(sizeof(**cfg));
	if (!*cfg) {
		fprintf(stderr, "vmscope %s: out of memory\n", cmd->name);
		return EXIT_CRASH;
	}
	status = EXIT_USAGE;
	if (cells_load(file, *cfg, err, sizeof(err)))
		fprintf(stderr, "%s\n", err);
	else
		status = choose_backend(cmd, g->backend, ops);
	if (status) {
		free(*cfg);
		*cfg = NULL;
	}
	return status;
}
