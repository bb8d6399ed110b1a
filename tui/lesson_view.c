/*
 * tui/lesson_view.c - a lesson's machine set up for the full-screen view
 * (see lesson_view.h).
 */
#include <string.h>

#include "tui/lesson_view.h"

#define RING_CAPACITY 16384   /* events; a power of two */

int lesson_view_config(struct lesson_machine *m, char *const *words,
		       size_t nwords, const char *backend,
		       struct vcpu_thread_config *cfg, char *err, size_t len)
{
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	ret = lesson_machine_config(m, words, nwords, backend, &cfg->vm, err,
				    len);
	if (ret)
		return ret;
	cfg->ring_capacity = RING_CAPACITY;
	cfg->machine = m->opts.machine;
	cfg->machine.display_close_hides = true;  /* beside the view */
	cfg->vm.keys_live = true;                 /* the Console takes keys */
	return 0;
}
