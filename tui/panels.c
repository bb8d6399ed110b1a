/*
 * tui/panels.c - the list of panels: name, title and renderer of each.
 */
#include <stdio.h>

#include "tui/panels.h"

static const struct {
	const char *name;
	void (*render)(const struct tui_model *m, const struct view *v);
} panels[PANEL_COUNT] = {
	[PANEL_EXITS] = { "Exits", panel_exits },
	[PANEL_FLOW] = { "Flow", panel_flow },
	[PANEL_CPU] = { "CPU", panel_cpu },
	[PANEL_CONSOLE] = { "Console", panel_console },
	[PANEL_STATS] = { "Stats", panel_stats },
	[PANEL_NESTING] = { "Nesting", panel_nesting },
	[PANEL_NETWORK] = { "Network", panel_network },
	[PANEL_INTERRUPTS] = { "Interrupts", panel_interrupts },
	[PANEL_LESSON] = { "Lesson", panel_lesson },
};

const char *panel_name(enum panel_id id)
{
	return id < PANEL_COUNT ? panels[id].name : "?";
}

void panel_title(const struct tui_model *m, enum panel_id id, char *buf,
		 size_t len)
{
	if (id == PANEL_EXITS && m->lost)
		snprintf(buf, len, "Exits (lost %llu)",
			 (unsigned long long)m->lost);
	else if (id == PANEL_LESSON && m->lesson.lesson)
		snprintf(buf, len, "Lesson %s: %s", m->lesson.lesson->id,
			 m->lesson.lesson->title);
	else if (id == PANEL_CPU && model_nesting(m))
		snprintf(buf, len, "CPU: L%u", m->snap.level + 1);
	else if (id == PANEL_CONSOLE && m->focus == PANEL_CONSOLE)
		snprintf(buf, len, "Console (typing goes to the guest)");
	else
		snprintf(buf, len, "%s", panel_name(id));
}

void panel_render(const struct tui_model *m, enum panel_id id,
		  const struct view *v)
{
	if (id < PANEL_COUNT)
		panels[id].render(m, v);
}
