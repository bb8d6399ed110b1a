/*
 * cli/backend_choice.c - choosing the backend that runs the guest.
 *
 * The backends this build has, in the order auto tries them.  With
 * --nested, auto takes the software CPU: the KVM way of running an L2
 * (kvm/kvm_nested*.c) is built but has never run on a machine, so a
 * student gets it only by asking for it (--backend kvm), never by default
 * (docs/NESTING.md).  With --clock insn, auto takes the software CPU too,
 * and KVM is refused: only the software CPU counts its instructions.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/backend_choice.h"
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

int backend_choose_for(const char *want, unsigned nested,
		       enum vm_clock_source clock,
		       const struct backend_ops **ops, char *note,
		       size_t len)
{
	bool is_auto = strcmp(want, "auto") == 0;

	if (clock == VM_CLOCK_INSN && strcmp(want, "kvm") == 0) {
		snprintf(note, len, "--clock insn: not with --backend kvm (KVM's "
			 "time is the host's - the hardware TSC, KVM's timers "
			 "- and it does not count instructions): use "
			 "--backend soft");
		return -EINVAL;
	}
	if (is_auto && clock == VM_CLOCK_INSN) {
		*ops = &soft_backend_ops;
		snprintf(note, len, "backend: soft (auto: --clock insn counts "
			 "the software CPU's instructions)");
		return 0;
	}
	if (!nested || !is_auto)
		return backend_choose(want, ops, note, len);
	*ops = &soft_backend_ops;
	snprintf(note, len, "backend: soft (auto: --nested runs L2 on the "
		 "software CPU; the KVM way is unverified on hardware: "
		 "--backend kvm tries it)");
	return 0;
}
