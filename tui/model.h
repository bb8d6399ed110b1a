/*
 * tui/model.h - what the UI shows, gathered on the UI thread.
 *
 * Once a frame, model_update() copies the vCPU thread's latest snapshot,
 * asking for the next one at most every 10 ms, and then drains the event
 * ring (exits into the exit log, UART bytes into the console), so the log
 * always reaches the snapshot's exit.  The panels render from the model
 * alone: they never touch the VM, so the curses screen and the --batch
 * text twin show the same thing.
 */
#ifndef TUI_MODEL_H
#define TUI_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/disasm.h"
#include "cli/exit_text.h"
#include "core/cells_ticks.h"
#include "core/events.h"
#include "tui/lesson_bridge.h"
#include "tui/vcpu_thread.h"

enum panel_id {
	PANEL_EXITS,
	PANEL_FLOW,
	PANEL_CPU,
	PANEL_CONSOLE,
	PANEL_STATS,
	PANEL_NESTING,       /* only with --nested */
	PANEL_NETWORK,       /* only with --net */
	PANEL_INTERRUPTS,    /* the 8259s: Tab brings it */
	PANEL_LESSON,        /* only in `vmscope lesson` */
	PANEL_COUNT,
};

/* What the key bar's prompt asks for. */
enum prompt_kind {
	PROMPT_BREAK,        /* b: a breakpoint */
	PROMPT_ANSWER,       /* a: the lesson's question */
};

/* A text shown over the panels, scrolled with the arrow keys. */
enum overlay {
	OVERLAY_NONE,
	OVERLAY_HELP,    /* ? or F1: every key, and the words on the screen */
	OVERLAY_EXIT,    /* Enter: the selected exit in full */
};

#define LOG_MAX 256          /* exits kept for the log */
#define CONSOLE_ROWS 256
#define CONSOLE_COLS 160

struct log_entry {
	struct exit_record exit;
	uint8_t io_data[EVENT_IO_DATA];
	uint64_t dt_ns;              /* since the previous exit */
	struct exit_text text;       /* names, symbol, instruction */
	struct exit_note note;       /* its chain and guest's exit number */
	bool have_note;
	bool note_pending;           /* not yet written by the vCPU thread */
};

struct console {
	char rows[CONSOLE_ROWS][CONSOLE_COLS + 1];
	uint64_t top;                /* rows ever started, the current last */
	unsigned col;
	uint64_t bytes;
};

struct tui_model {
	struct vcpu_snapshot snap;
	uint64_t snap_version;
	uint64_t generation;
	struct vcpu_regs stop_regs;  /* at the latest stop */
	struct vcpu_regs prev_regs;  /* at the stop before it */
	bool have_prev;
	struct pic_regs stop_pic[2]; /* the 8259s at the latest stop */
	struct pic_regs prev_pic[2]; /* at the stop before it */
	bool have_stop_pic, have_prev_pic;

	struct log_entry log[LOG_MAX];
	uint64_t logged;             /* exits ever put in the log */
	unsigned notes_pending;      /* entries whose note is still asked */
	uint64_t last_exit_t_ns;
	uint64_t lost;               /* events the ring overwrote unread */
	struct console con;

	struct cells_ticks ticks;    /* the timer's injections and their
					delays, from the exits drained (the
					Cells view's latency) */
	double exit_rate;            /* exits per second, recent */
	uint64_t rate_total, rate_t_ns;

	/* the UI's own state */
	enum panel_id focus;
	enum panel_id slot;          /* small screens: the panel in the slot */
	unsigned selected;           /* exit log: 0 = newest, 1 = one before */
	enum overlay overlay;        /* shown over the panels */
	int overlay_top;             /* its first row shown (scrolling) */
	unsigned keys_waiting;       /* typed keys the guest has not taken */
	bool prompting;              /* the `b` or `a` prompt is open */
	enum prompt_kind prompt_kind;
	bool confirming;             /* r asked: restart the guest? (y) */
	bool net_ring;               /* the Network panel shows the ring (d) */
	bool in_word;                /* letters typed outside the Console:
					not commands until a non-letter */
	char prompt[64];
	char ui_note[160];           /* the UI's own answer (prompt errors) */
	struct disasm *dis;          /* the CPU panel's disassembler */
	/* `vmscope lesson`: the Lesson panel's view, copied once a frame */
	bool lesson_on;
	struct lesson_state lesson;
	unsigned lesson_shown;       /* the last `show` acted on (show_seq) */
	uint64_t frames;             /* frames drawn */
};

void model_init(struct tui_model *m, struct disasm *dis);
/* Copy the snapshot and drain the events (UI thread); while the guest
 * runs, ask for the next snapshot when model_wants_snapshot() says so. */
void model_update(struct tui_model *m, struct vcpu_thread *t,
		  struct exit_text_cache *cache);
/* Is a fresh snapshot worth its cost at now (clock_now_ns())?  Only while
 * the guest runs, and when the one held is 10 ms old or more: a view drawn
 * 50 times a second needs no more, and asked at every update a batch
 * would ping-pong with the vCPU thread every few exits (tui/model.c). */
bool model_wants_snapshot(const struct tui_model *m, uint64_t now);
/* Does the paused snapshot show a stop other than the latest one taken
 * (stop_regs, stop_pic)?  Its registers or its 8259s moved: a pause twice
 * in `jmp $` while the PIT raises IRR moves only the chip.  The panels
 * highlight what changed since the stop before. */
bool model_is_new_stop(const struct tui_model *m);
/* The i-th newest logged exit (0 = newest), or NULL. */
const struct log_entry *model_log_entry(const struct tui_model *m,
					unsigned i);
/* A logged exit's number as the tracer gives it (the note,
 * core/exit_number.h): the guest's own exit N, or vmscope's stop N.K;
 * before the note is read, the exit's seq. */
struct exit_number model_entry_number(const struct log_entry *e);
/* How many logged exits can be looked at. */
unsigned model_log_count(const struct tui_model *m);
/* Does the machine run the nesting stage (the Nesting panel shows)? */
bool model_nesting(const struct tui_model *m);
/* Has the machine a network card (the Network panel shows)? */
bool model_net(const struct tui_model *m);
/* The i-th newest console row (0 = the row being written), or NULL. */
const char *model_console_row(const struct tui_model *m, unsigned i);

#endif /* TUI_MODEL_H */
