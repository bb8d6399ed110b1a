/*
 * tui/lesson_view.h - the machines of a lesson in the full-screen view.
 *
 * The vCPU thread builds its machine from a configuration
 * (tui/vcpu_thread.h).  For a lesson that configuration comes from boot
 * words - the header's `boot` line when the view opens, a step's own
 * `boot` when that step starts, the header's again for a retry - parsed
 * by the code `vmscope lesson --check` boots with (cli/lesson_boot.h), and
 * set up to sit beside the view.  The configuration points into the
 * guest image its lesson_machine holds, so that image stays open until the
 * VM built from it is gone.
 */
#ifndef TUI_LESSON_VIEW_H
#define TUI_LESSON_VIEW_H

#include <stddef.h>

#include "cli/lesson_boot.h"
#include "tui/vcpu_thread.h"

/* The vCPU thread's configuration for boot words on backend (or the one
 * their --backend names), with m opened for it.  0, or -errno with why
 * in err (m closed). */
int lesson_view_config(struct lesson_machine *m, char *const *words,
		       size_t nwords, const char *backend,
		       struct vcpu_thread_config *cfg, char *err, size_t len);

#endif /* TUI_LESSON_VIEW_H */
