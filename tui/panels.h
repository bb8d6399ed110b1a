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
void panel_lesson(const struct tui_model *m, const struct view *v);
void panel_nesting(const struct tui_model *m, const struct view *v);
void panel_network(const struct tui_model *m, const struct view *v);
void panel_interrupts(const struct tui_model *m, const struct view *v);
/* The Network panel's ring page (d), and its numbers: v in at most w
 * characters, every digit or a K, M or G multiple. */
void panel_net_ring(const struct virtq_view *r, const struct view *v);
void panel_fit_number(char *buf, size_t len, uint64_t v, int w);

/* The selected exit in full (paragraphs, word-wrapped), its first skip
 * rows left out; returns the rows it needs at v's width. */
int panel_exits_detail(const struct tui_model *m, const struct view *v,
		       int skip);

/* Backend, stage switches and the one thing true of the run now. */
void statusbar_render(const struct tui_model *m, const struct view *v);
/* The keys that work in the focused panel (? and q always among them),
 * or the answer to the last command beside ? and q; the `b` prompt
 * while it is open. */
void keybar_render(const struct tui_model *m, const struct view *v);
/* The rows each bar needs at width w (the text wraps, it is not cut). */
int statusbar_rows(const struct tui_model *m, int w);
int keybar_rows(const struct tui_model *m, int w);
/* The help text: every key, then the words the screen uses; skip and the
 * result as panel_exits_detail's. */
int help_render(const struct view *v, int skip);
/* What PVM's words mean, for the help and the exit detail. */
extern const char help_pvm_hardware[];
extern const char help_pvm_int80[];

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
