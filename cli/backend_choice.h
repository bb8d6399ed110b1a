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
#include "core/vm_clock.h"

/*
 * Returns 0 with *ops and a one-line "backend: kvm (...)" note in note,
 * or -errno with the reason in note.
 */
int backend_choose(const char *want, const struct backend_ops **ops,
		   char *note, size_t len);
/*
 * The same for a machine with these options.  The nesting stage (--nested
 * N, N > 0): auto takes the software CPU, whatever the host has, and says
 * why (KVM's way of running an L2 has not run on hardware yet); an
 * explicit --backend stands (vm_create() says what it cannot do).  The
 * instruction clock (--clock insn, core/vm_clock.h): auto takes the
 * software CPU and says why; --backend kvm is refused (-EINVAL, the
 * reason in note): KVM's time is the host's - the hardware TSC, KVM's
 * timers - and its instructions are not counted.
 */
int backend_choose_for(const char *want, unsigned nested,
		       enum vm_clock_source clock,
		       const struct backend_ops **ops, char *note,
		       size_t len);

#endif /* CLI_BACKEND_CHOICE_H */
