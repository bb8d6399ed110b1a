/*
 * cli/backend_choice.c - choosing the backend that runs the guest.
 *
 * The backends this build has, in the order auto tries them; with
 * --nested, auto passes by one that cannot run an L2.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/backend_choice.h"
#include "core/nested.h"
#include "cpu/soft.h"
#include "kvm/kvm.h"

static int choose_kvm(const struct backend_ops **ops, char *note, size_t len)
{
	char why[128];

	if (!kvm_backend_available(why, sizeof(why))) {
		snprintf(note, len, "--backend kvm: %s", why);
		return -ENODEV;
	}
	*ops = &kvm_backend_ops;
	snprintf(note, len, "backend: kvm");
	return 0;
}

int backend_choose(const char *want, const struct backend_ops **ops,
		   char *note, size_t len)
{
	char why[128];

	if (strcmp(want, "kvm") == 0)
		return choose_kvm(ops, note, len);
	if (strcmp(want, "soft") == 0) {
		*ops = &soft_backend_ops;
		snprintf(note, len, "backend: soft");
		return 0;
	}
	if (strcmp(want, "auto") != 0) {
		snprintf(note, len, "--backend %s: choose kvm, soft or auto",
			 want);
		return -EINVAL;
	}
	if (!kvm_backend_available(why, sizeof(why))) {
		*ops = &soft_backend_ops;
		snprintf(note, len, "backend: soft (auto: %s)", why);
		return 0;
	}
	*ops = &kvm_backend_ops;
	snprintf(note, len, "backend: kvm (auto: /dev/kvm opened)");
	return 0;
}

int backend_choose_nested(const char *want, unsigned nested,
			  const struct backend_ops **ops, char *note,
			  size_t len)
{
	char why[200];
	int err = backend_choose(want, ops, note, len);

	if (err || !nested || strcmp(want, "auto") != 0 ||
	    nested_backend_can(*ops, why, sizeof(why)))
		return err;
	*ops = &soft_backend_ops;
	snprintf(note, len, "backend: soft (auto: --nested: %s)", why);
	return 0;
}
