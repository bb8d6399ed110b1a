/*
 * cli/cmd_doctor.c - `vmscope doctor`: what this host's KVM is and can do.
 *
 *   vmscope doctor [--json]          the full report (kvm/probe.c)
 *   vmscope doctor --require CAP     exit 0 if CAP works here, else print
 *                                    why and exit 77: the tests' skip rule
 *
 * CAP is one of kvm, sync_regs, binary_stats, int80_ring3, syscall_ring3,
 * hw_breakpoints_ring0, hw_breakpoints_ring3, single_step_ring0,
 * single_step_ring3, irq_injection (vmscope's PIC through KVM_INTERRUPT
 * and interrupt windows), dirty_log (KVM_GET_DIRTY_LOG of the VGA window).
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "kvm/probe.h"

#define EXIT_SKIP 77   /* automake's "skipped", which tests/run-all.sh reads */

static int require(const char *cap)
{
	char why[256];

	if (!probe_knows(cap)) {
		fprintf(stderr, "vmscope doctor: '%s' is not a capability the "
			"probe knows\n", cap);
		return EXIT_USAGE;
	}
	if (probe_require(cap, why, sizeof(why)))
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
	if (argc == 1)
		return report(false);
	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		return report(true);
	if (argc == 3 && strcmp(argv[1], "--require") == 0)
		return require(argv[2]);
	fprintf(stderr, "usage: vmscope doctor [--json] | --require CAPABILITY\n");
	return EXIT_USAGE;
}
