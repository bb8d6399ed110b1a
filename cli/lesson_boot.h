/*
 * cli/lesson_boot.h - the machine a lesson runs on, from its `boot` line,
 * and the words of a lesson only the command line knows.
 *
 * A lesson's `boot GUEST OPTIONS...` takes exactly what `vmscope run`
 * takes (cli/guest_opts.h, cli/machine_opts.h), parsed by the same code,
 * so a lesson cannot boot a machine the command line could not.
 */
#ifndef CLI_LESSON_BOOT_H
#define CLI_LESSON_BOOT_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/guest_image.h"
#include "cli/guest_opts.h"
#include "core/lesson.h"
#include "core/vm.h"

/* The checks lesson_parse() asks the front end for: capability names
 * (`vmscope doctor`) and boot lines. */
extern const struct lesson_vocab lesson_boot_vocab;

struct lesson_machine {
	struct guest_opts opts;
	struct guest_image img;
	struct vm vm;
	bool up;                 /* vm was created */
};

/*
 * Boot a machine from a lesson's boot words (the header's or a step's) on
 * backend (kvm, soft or auto), or on the one the words' own --backend
 * names; its console going to serial (NULL: nowhere).  0, or -errno with
 * why in err.
 */
int lesson_machine_start(struct lesson_machine *m, char *const *boot,
			 size_t nboot, const char *backend,
			 struct serial_sink serial, char *err, size_t errlen);
/*
 * The same machine's configuration, for a front end that creates the VM
 * itself (the TUI's vCPU thread): cfg points into m (the image), so m
 * stays until the VM is gone; its options (--display, --keys) are in
 * m->opts.machine.  0, or -errno with why in err (m closed).
 */
int lesson_machine_config(struct lesson_machine *m, char *const *boot,
			  size_t nboot, const char *backend,
			  struct vm_config *cfg, char *err, size_t errlen);
void lesson_machine_stop(struct lesson_machine *m);

#endif /* CLI_LESSON_BOOT_H */
