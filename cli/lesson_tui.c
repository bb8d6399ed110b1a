/*
 * cli/lesson_tui.c - a lesson in the full-screen view (see lesson_tui.h).
 *
 * The vCPU thread builds the machine from the lesson's boot line, as
 * `vmscope run` builds it from its command line; the bridge
 * (tui/lesson_bridge.h) runs the lesson's steps on that thread (and swaps
 * the machine for a step's own), and the view (tui/app.c) shows them.
 * Order at the end matters: the bridge stops its session on the vCPU
 * thread before the thread destroys the machine, and the images the
 * machines were built from are closed after that.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/lesson_boot.h"
#include "cli/lesson_session.h"
#include "cli/lesson_tui.h"
#include "tui/lesson_view.h"
#include "tui/tui.h"

/* The screen until q; the view as it was left in *last. */
static int show(struct vcpu_thread *t, const struct lesson *lesson,
		const char *backend, struct lesson_progress *progress,
		struct lesson_state *last)
{
	const char *no_color = getenv("NO_COLOR");
	struct tui_options o = {
		.color = !(no_color && no_color[0]), .mouse = true,
	};
	char msg[256];
	int err;

	if (lesson_bridge_start(&o.lesson, lesson, backend, t, progress)) {
		fprintf(stderr, "vmscope lesson: out of memory\n");
		return 1;
	}
	err = tui_interactive(t, &o, msg, sizeof(msg));
	lesson_bridge_stop(o.lesson);
	lesson_bridge_view(o.lesson, last);
	free(vcpu_thread_stop(t));
	lesson_bridge_free(o.lesson);
	if (err) {
		fprintf(stderr, "vmscope lesson: %s\n", msg);
		return 1;
	}
	return 0;
}

int lesson_tui_run(const struct lesson *lesson, const char *backend,
		   struct lesson_progress *progress)
{
	struct vcpu_thread_config cfg;
	struct lesson_machine m;
	struct lesson_state last;
	struct vcpu_thread *t;
	const char *chosen;
	char why[300];
	int status;

	chosen = lesson_session_backend(lesson, backend, why, sizeof(why));
	if (!chosen) {
		fprintf(stderr, "vmscope lesson: %s: %s\n", lesson->id, why);
		return 1;
	}
	if (lesson_view_config(&m, lesson->boot, lesson->nboot, chosen, &cfg,
			       why, sizeof(why))) {
		fprintf(stderr, "vmscope lesson: %s: %s\n", lesson->id, why);
		return 1;
	}
	if (vcpu_thread_start(&t, &cfg, why, sizeof(why))) {
		fprintf(stderr, "vmscope lesson: %s: %s\n", lesson->id, why);
		lesson_machine_stop(&m);
		return 1;
	}
	status = show(t, lesson, chosen, progress, &last);
	lesson_machine_stop(&m);
	if (!status)
		printf("%zu of %zu steps of %s passed so far.\n",
		       lesson_progress_count(progress, lesson), lesson->nsteps,
		       lesson->id);
	return status || last.settled < lesson->nsteps;
}
