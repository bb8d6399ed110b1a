/*
 * tui/tui.h - `vmscope run`: the full-screen view and its text twin.
 *
 * cli/cmd_run.c parses the command line, starts the vCPU thread and hands
 * it to one of these (cli/lesson_tui.c does the same for a lesson, with
 * its bridge in tui_options.lesson); each returns when the user quits (interactive) or
 * when the --until event happened (batch).
 */
#ifndef TUI_TUI_H
#define TUI_TUI_H

#include <stdbool.h>

#include "tui/lesson_bridge.h"
#include "tui/stopcond.h"
#include "tui/vcpu_thread.h"

struct tui_model;
struct exit_text_cache;
struct tui_cell;

struct tui_options {
	const char *backend_note;   /* shown at the start: "backend: kvm
				       (auto: /dev/kvm opened)", or NULL */
	bool color;                 /* false: bold and reverse only */
	bool mouse;
	const char *stats_file;     /* frames drawn, exits, run time */
	const struct stop_cond *until; /* --until: run to it at the start,
					  and stop there; NULL: paused */
	struct lesson_bridge *lesson;  /* `vmscope lesson`: the Lesson panel
					  and its keys; NULL for `run` */
};

/* Curses until q.  0, or -errno when the terminal cannot be used (the
 * reason in err). */
int tui_interactive(struct vcpu_thread *t, const struct tui_options *o,
		    char *err, size_t len);
/* Run until the event, then print every panel as text to stdout. */
int tui_batch(struct vcpu_thread *t, const struct stop_cond *until);

/*
 * `vmscope run --cell FILE` (tui/cells_app.c): one cell's usual panels on
 * the screen the Cells view opened, driven by that cell's thread and
 * model, until v (back to the Cells view) or q (*quit set).  0, or
 * -ENOMEM.
 */
int tui_cell_panels(struct vcpu_thread *t, struct tui_model *m,
		    struct exit_text_cache *cache, bool *quit);
/* The Cells view (tui/panel_cells.h) over n running cells, title naming
 * their file, until q; Tab goes into the selected cell's panels.  0, or
 * -errno when the terminal cannot be used (the reason in err). */
int tui_cells_interactive(struct tui_cell *cells, unsigned n,
			  const char *title, const struct tui_options *o,
			  char *err, size_t len);
/* The Cells view's text twin: every cell run to its end (or until a
 * signal, cli/signals.h), then the table printed to stdout. */
int tui_cells_batch(struct tui_cell *cells, unsigned n);

#endif /* TUI_TUI_H */
