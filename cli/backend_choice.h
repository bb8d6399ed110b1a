/*
 * cli/backend_choice.h - --backend kvm|soft|auto.
 *
 * auto picks KVM when /dev/kvm opens, else the software CPU, and says which
 * and why: a student must always know what is running the guest.
 */
#ifndef CLI_BACKEND_CHOICE_H
#define CLI_BACKEND_CHOICE_H

#include <stddef.h>

#include "core/backend.h"

/*
 * Returns 0 with *ops and a one-line "backend: kvm (...)" note in note,
 * or -errno with the reason in note.
 */
int backend_choose(const char *want, const struct backend_ops **ops,
		   char *note, size_t len);
/*
 * The same for a machine that runs the nesting stage (--nested N, N > 0):
 * auto then takes the software CPU, whatever the host has, and says why
 * (KVM's way of running an L2 has not run on hardware yet); an explicit
 * --backend stands (vm_create() says what it cannot do).
 */
int backend_choose_nested(const char *want, unsigned nested,
			  const struct backend_ops **ops, char *note,
			  size_t len);

#endif /* CLI_BACKEND_CHOICE_H */
