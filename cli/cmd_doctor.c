/*
 * cli/cmd_doctor.c - `vmscope doctor`: what this host's KVM is and can do.
 *
 *   vmscope doctor [--json]          the full report
 *   vmscope doctor --require CAP     exit 0 if CAP works here, else print
 *                                    why and exit 77 (tests skip on it)
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "kvm/kvm.h"

#define EXIT_SKIP 77

static int require(const char *cap)
{
	char why[160];

	if (strcmp(cap, "kvm") == 0) {
		if (kvm_backend_available(why, sizeof(why)))
			return 0;
		printf("needs /dev/kvm: %s\n", why);
		return EXIT_SKIP;
	}
	fprintf(stderr, "vmscope doctor: unknown capability '%s'\n", cap);
	return EXIT_USAGE;
}

int cmd_doctor(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--require") == 0)
		return require(argv[2]);
	fprintf(stderr, "usage: vmscope doctor [--json] | --require CAP\n");
	return EXIT_USAGE;
}
