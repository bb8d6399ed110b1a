/*
 * cli/cmd_doctor.c - `vmscope doctor`: what this host's KVM is and can do.
 *
 *   vmscope doctor [--json]          the full report (kvm/probe.c)
 *   vmscope doctor --require NAME    exit 0 if NAME works here, else print
 *                                    why and exit 77: the tests' skip rule
 *
 * NAME is one the report prints (probe_name): kvm, a KVM capability
 * (SYNC_REGS, ...) or a finding (int80_ring3, ..., irq_injection,
 * dirty_log), in any case; a wrong one is answered with the list.
 */
#include <stdbool.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "kvm/probe.h"

#define EXIT_SKIP 77   /* automake's "skipped", which tests/run-all.sh reads */

enum { OPT_JSON = 'j', OPT_REQUIRE = 'r' };

static const struct opt_spec doctor_own[] = {
	{ "json", OPT_JSON, NULL, NULL, "the report as one JSON object" },
	{ "require", OPT_REQUIRE, "NAME", "none",
	  "no report: status 0 if NAME (kvm, a capability or a finding, as "
	  "the report names them) works here, else its reason and status 77" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt_spec *const doctor_tables[] = { doctor_own, NULL };

const struct cmd_spec cmd_doctor_spec = {
	.name = "doctor",
	.operands = "",
	.min_operands = 0,
	.max_operands = 0,
	.summary = "probe this host's KVM: flavour, capabilities, exit cost",
	.tables = doctor_tables,
};

struct doctor_opts {
	bool json;
	const char *require;
};

static int doctor_opt(void *ctx, int code, const char *arg)
{
	struct doctor_opts *o = ctx;

	if (code == OPT_JSON)
		o->json = true;
	else
		o->require = arg;
	return 0;
}

/* "vmscope doctor: --require 'x': ..." with every name it takes. */
static int unknown_name(const char *name)
{
	fprintf(stderr, "vmscope doctor: --require '%s': not a name the "
		"report prints; it takes:", name);
	for (size_t i = 0; probe_name(i); i++)
		fprintf(stderr, "%s %s", i ? "," : "", probe_name(i));
	fprintf(stderr, "\n");
	return EXIT_USAGE;
}

static int require(const char *name)
{
	char why[256];

	if (!probe_knows(name))
		return unknown_name(name);
	if (probe_require(name, why, sizeof(why)))
		return 0;
	printf("%s\n", why);
	return EXIT_SKIP;
}

static int report(bool json)
{
	struct probe_report r;
	int err = probe_run(&r);

	if (json)
		probe_print_json(&r, stdout);
	else
		probe_print(&r, stdout);
	return err ? EXIT_CRASH : 0;
}

int cmd_doctor(int argc, char **argv)
{
	struct doctor_opts o = { 0 };
	int first, status = options_parse(&cmd_doctor_spec, argc, argv,
					  doctor_opt, &o, &first);

	if (status)
		return status == OPTIONS_HELP ? 0 : status;
	if (o.require && o.json)
		return options_usage_error(&cmd_doctor_spec, "--require "
					   "prints no report: leave out --json");
	if (o.require)
		return require(o.require);
	return report(o.json);
}
