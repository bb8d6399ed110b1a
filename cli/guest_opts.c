/*
 * cli/guest_opts.c - the shared command line of trace and run (see
 * cli/guest_opts.h).
 *
 * options_parse() hands every option to one function; this one keeps the
 * shared options and passes the command's own on.  Their codes do not
 * collide: the command's are characters, the shared ones 0x100 and up.
 */
#include "cli/commands.h"
#include "cli/guest_opts.h"

#define OPT_BACKEND 0x110

const struct opt_spec guest_opts_table[] = {
	{ "backend", OPT_BACKEND, "kvm|soft|auto", "auto",
	  "the CPU that runs the guest: KVM, vmscope's software CPU, or "
	  "auto: kvm when /dev/kvm opens, else soft, saying which" },
	{ NULL, 0, NULL, NULL, NULL },
};

struct parse_ctx {
	const struct cmd_spec *cmd;
	struct guest_opts *o;
	options_fn *own_opt;
	void *own_ctx;
};

static int one_opt(void *ctx, int code, const char *arg)
{
	struct parse_ctx *p = ctx;

	switch (code) {
	case OPT_BACKEND:
		p->o->backend = arg;
		return 0;
	case MACHINE_OPT_KEYS: case MACHINE_OPT_CONSOLE:
	case MACHINE_OPT_VGA: case MACHINE_OPT_DISPLAY: case MACHINE_OPT_NESTED:
	case MACHINE_OPT_HYPERVISOR:
	case MACHINE_OPT_NET:
	case MACHINE_OPT_NET_PATH: case MACHINE_OPT_IRQCHIP:
	case MACHINE_OPT_CLOCK:
		return machine_opt(&p->o->machine, code, arg, p->cmd->name);
	default:
		return p->own_opt(p->own_ctx, code, arg);
	}
}

int guest_opts_parse(const struct cmd_spec *cmd, options_fn *own_opt,
		     int argc, char **argv, struct guest_opts *o, void *ctx)
{
	struct parse_ctx p = { cmd, o, own_opt, ctx };
	int first, status;

	*o = (struct guest_opts){ .backend = "auto" };
	status = options_parse(cmd, argc, argv, one_opt, &p, &first);
	if (!status)
		status = machine_opts_check(&o->machine, cmd->name);
	if (status)
		return status;
	o->guest = argv[first];
	return 0;
}
