/*
 * tui/panels.h - every panel renders the model into a view, nothing more.
 *
 * A panel draws inside the view it is given (the frame and title around
 * it are the layout's), at any size: what does not fit is cut or left
 * out, never drawn outside.  The same functions feed the curses screen and
 * the --batch text twin.
 */
#ifndef TUI_PANELS_H
#define TUI_PANELS_H

#include "tui/grid.h"
#include "tui/model.h"

void panel_flow(const struct tui_model *m, const struct view *v);
void panel_exits(const struct tui_model *m, const struct view *v);
void panel_cpu(const struct tui_model *m, const struct view *v);
void panel_console(const struct tui_model *m, const struct view *v);
void panel_stats(const struct tui_model *m, const struct view *v);

/* One line: backend, stage switches, run state, guest status. */
void statusbar_render(const struct tui_model *m, const struct view *v);
/* The keys, or the answer to the last command when there is one; the
 * `b` prompt while it is open. */
void keybar_render(const struct tui_model *m, const struct view *v);
/* The help overlay: every key, centred in v. */
void help_render(const struct view *v);

/* The panel's title ("Flow", ...) and the title with its state
 * ("Exits (lost 12)") for the frame. */
const char *panel_name(enum panel_id id);
void panel_title(const struct tui_model *m, enum panel_id id, char *buf,
		 size_t len);
/* The renderer of a panel. */
void panel_render(const struct tui_model *m, enum panel_id id,
		  const struct view *v);

/* "running", "paused", ... */
const char *vcpu_mode_name(enum vcpu_mode mode);

#endif /* TUI_PANELS_H */
