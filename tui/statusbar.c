/*
 * tui/statusbar.c - the two bottom lines: the status bar (backend, stage
 * switches, run state, guest status) and the key bar, which gives way to
 * the answer to the last command and to the `b` prompt.
 */
#include <stdio.h>
#include <string.h>

#include "tui/panels.h"

const char *vcpu_mode_name(enum vcpu_mode mode)
{
	static const char *const names[] = {
		[VCPU_PAUSED] = "paused",
		[VCPU_STEP_EXIT] = "running to the next exit",
		[VCPU_STEP_LAYER] = "running to the next layer",
		[VCPU_STEP_INSN] = "stepping one instruction",
		[VCPU_ANIMATED] = "continuing",
		[VCPU_FLAT_OUT] = "running flat out",
		[VCPU_ENDED] = "ended",
	};

	return mode <= VCPU_ENDED ? names[mode] : "?";
}

static void guest_status(const struct vcpu_snapshot *s, char *buf,
			 size_t len)
{
	switch (s->state) {
	case VM_RUNNING:
		snprintf(buf, len, "guest: running");
		break;
	case VM_CRASHED:
		snprintf(buf, len, "guest CRASHED: %s", s->end_reason);
		break;
	default:
		snprintf(buf, len, "%s", s->end_reason);
		break;
	}
}

void statusbar_render(const struct tui_model *m, const struct view *v)
{
	const struct vcpu_snapshot *s = &m->snap;
	char guest[200], brk[64] = "", cond[48];

	view_fill(v, GA_BAR);
	guest_status(s, guest, sizeof(guest));
	if (s->brk.kind != STOP_NONE)
		snprintf(brk, sizeof(brk), " | break %s",
			 stop_cond_format(&s->brk, cond, sizeof(cond)));
	view_printf(v, 0, 0, GA_BAR, " %s (%s) | flow: unwind at each exit "
		    "| %s at exit %llu%s | %s", s->backend ? s->backend : "?",
		    host_flavour_name(s->flavour), vcpu_mode_name(s->mode),
		    (unsigned long long)s->stats.total, brk, guest);
}

#define KEYS "space/s exit  l layer  i insn  c cont  C flat out  " \
	     "p pause  b break  r restart  Tab focus  ? help  q quit"

void keybar_render(const struct tui_model *m, const struct view *v)
{
	const char *note = m->ui_note[0] ? m->ui_note : m->snap.note;

	view_fill(v, GA_BAR);
	if (m->prompting)
		view_printf(v, 0, v->h - 1, GA_BAR, " break on (exit, "
			    "reason:HLT, io:0x3f8[=0x48], exits:N, none): %s_",
			    m->prompt);
	else if (note[0])
		view_wrap(v, 0, v->h, GA_WARN, note);
	else
		view_put(v, 1, v->h - 1, GA_BAR, KEYS);
}
