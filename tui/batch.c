/*
 * tui/batch.c - `vmscope run --batch [--until EVENT]`: run the guest to
 * the event without a screen, then print the panels (tui/text_twin.c).
 *
 * The same vCPU thread and model as the full-screen view; the batch only
 * posts the commands a person would type (a break condition and C, or
 * one space) and waits for the stop.
 */
#include <errno.h>
#include <stdio.h>

#include "tui/text_twin.h"
#include "tui/tui.h"

/* Drain the event ring this often: 16384 events last 16 ms at a million
 * exits a second.  Snapshots come far less often (tui/model.c), and the
 * stop's own snapshot ends a wait at once. */
#define DRAIN_MS 5

int tui_batch(struct vcpu_thread *t, const struct stop_cond *until)
{
	static struct tui_model m;   /* large: not on the stack */
	struct exit_text_cache *cache;
	struct disasm *dis;
	uint64_t posted;

	if (exit_text_cache_open(&cache))
		return -ENOMEM;
	if (disasm_open(&dis)) {
		exit_text_cache_close(cache);
		return -ENOMEM;
	}
	model_init(&m, dis);
	model_update(&m, t, cache);
	posted = m.snap_version;
	vcpu_thread_run_until(t, until);
	for (;;) {
		vcpu_thread_wait(t, m.snap_version, DRAIN_MS);
		model_update(&m, t, cache);
		if (m.snap_version > posted && !vcpu_mode_runs(m.snap.mode))
			break;
	}
	model_update(&m, t, cache);
	text_twin_print(&m, TEXT_TWIN_WIDTH, stdout);
	fflush(stdout);
	disasm_close(dis);
	exit_text_cache_close(cache);
	return 0;
}
