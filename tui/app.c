/*
 * tui/app.c - the full-screen view's main loop and its keys.
 *
 * One thread, the UI's: wait for a key at most until the next frame is
 * due, act on it (mostly: post a command to the vCPU thread), and at most
 * FPS_MAX times a second, when anything changed, update the model, lay out
 * the screen and show it.  The guest runs on its own thread meanwhile.
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/number.h"
#include "core/user_file.h"
#include "core/whole_file.h"
#include "tui/console_keys.h"
#include "tui/layout.h"
#include "tui/lesson_keys.h"
#include "tui/net_keys.h"
#include "tui/overlay.h"
#include "tui/screen.h"
#include "tui/tui.h"

#define FPS_MAX 50
#define FRAME_NS (1000000000ULL / FPS_MAX)
#define CTRL(c) ((c) & 0x1f)

struct app {
	struct tui_model *m;
	struct vcpu_thread *t;
	struct exit_text_cache *cache;
	struct lesson_bridge *lesson;   /* `vmscope lesson`, or NULL */
	struct net_switch net_switch;   /* n's job's argument */
	struct grid g;
	bool quit, dirty, force;
	bool in_cells;             /* one cell of `run --cell`: v goes back */
	bool back;                 /* ... and was pressed */
	uint64_t frames_running;   /* frames drawn while the guest ran */
	uint64_t frame_ns_running; /* ... and the time they took */
};

/* A command for the vCPU thread; its answer shows in the key bar. */
static void post_cmd(struct app *a, const struct vcpu_cmd *cmd)
{
	a->m->ui_note[0] = '\0';
	if (vcpu_thread_post(a->t, cmd))
		snprintf(a->m->ui_note, sizeof(a->m->ui_note),
			 "busy: the guest has not taken the last commands");
}

static void post(struct app *a, enum vcpu_cmd_kind kind)
{
	post_cmd(a, &(struct vcpu_cmd){ .kind = kind });
}

static void focus_next(struct tui_model *m, int dir)
{
	do
		m->focus = (enum panel_id)((m->focus + PANEL_COUNT + dir) %
					   PANEL_COUNT);
	while (!layout_panel_on(m, m->focus));
	if (layout_in_slot(m, m->focus))
		m->slot = m->focus;
}

/* The `b` prompt's line, entered: list, clear [N] (none: clear all), or
 * one more breakpoint (tui/stopcond.h). */
static void prompt_enter(struct app *a, const char *text)
{
	struct tui_model *m = a->m;
	struct vcpu_cmd cmd = { .kind = VCMD_UNBREAK };
	char list[160];
	uint64_t index;

	if (!text[0] || strcmp(text, "list") == 0) {
		snprintf(m->ui_note, sizeof(m->ui_note), "breakpoints: %s",
			 stop_cond_list(m->snap.brks, m->snap.nbrks, list,
					sizeof(list)));
		return;
	}
	if (strcmp(text, "clear") == 0 || strcmp(text, "none") == 0) {
		post_cmd(a, &cmd);
		return;
	}
	if (strncmp(text, "clear ", 6) == 0) {
		if (number_parse(text + 6, 1, VCPU_BREAKS, &index, list,
				 sizeof(list))) {
			snprintf(m->ui_note, sizeof(m->ui_note), "clear: %.*s",
				 (int)sizeof(m->ui_note) - 8, list);
			return;
		}
		cmd.index = (unsigned)index;
		post_cmd(a, &cmd);
		return;
	}
	cmd.kind = VCMD_BREAK;
	if (stop_cond_parse(text, &cmd.cond, m->ui_note, sizeof(m->ui_note)))
		return;
	post_cmd(a, &cmd);
}

static void prompt_key(struct app *a, int ch)
{
	struct tui_model *m = a->m;
	size_t n = strlen(m->prompt);

	if (ch == 27) {
		m->prompting = false;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == '\b') {
		if (n)
			m->prompt[n - 1] = '\0';
	} else if (ch == '\r' || ch == '\n' || ch == KEY_ENTER) {
		m->prompting = false;
		if (m->prompt_kind == PROMPT_ANSWER)
			lesson_answer_text(m, a->lesson, m->prompt);
		else
			prompt_enter(a, m->prompt);
	} else if (ch >= 0x20 && ch < 0x7f && n + 1 < sizeof(m->prompt)) {
		m->prompt[n] = (char)ch;
		m->prompt[n + 1] = '\0';
	}
}

/* With the Console focused, typing goes to the guest's keyboard. */
static bool console_key(struct app *a, int ch)
{
	struct scancode_stroke stroke;
	uint8_t bytes[SCANCODE_STROKE_MAX];

	if (a->m->focus != PANEL_CONSOLE || !console_key_stroke(ch, &stroke))
		return false;
	if (vcpu_thread_keys(a->t, bytes, scancode_stroke_bytes(&stroke, bytes)))
		snprintf(a->m->ui_note, sizeof(a->m->ui_note),
			 "key dropped: too many keys waiting for the guest");
	return true;
}

/* Up/Down/PgUp/PgDn/Home/End in the exit log; false for another key. */
static bool select_exit(struct tui_model *m, int ch)
{
	unsigned n = model_log_count(m), last = n ? n - 1 : 0;

	switch (ch) {
	case KEY_UP:
		if (m->selected < last)
			m->selected++;
		return true;
	case KEY_DOWN:
		if (m->selected > 0)
			m->selected--;
		return true;
	case KEY_PPAGE:
		m->selected = m->selected + 10 < last ? m->selected + 10 : last;
		return true;
	case KEY_NPAGE:
		m->selected = m->selected > 10 ? m->selected - 10 : 0;
		return true;
	case KEY_HOME:
		m->selected = last;
		return true;
	case KEY_END:
		m->selected = 0;
		return true;
	default:
		return false;
	}
}

static void mouse_key(struct app *a)
{
	MEVENT ev;
	struct layout l;
	enum panel_id p;

	if (getmouse(&ev) != OK)
		return;
	layout_compute(a->m, a->g.w, a->g.h, &l);
	p = layout_hit(&l, ev.x, ev.y);
	if (p != PANEL_COUNT)
		a->m->focus = p;
}

static void open_overlay(struct tui_model *m, enum overlay which)
{
	m->overlay = which;
	m->overlay_top = 0;
}

/* An overlay is open: the arrows scroll it, any other key closes it. */
static void overlay_key(struct app *a, const struct layout *l, int ch)
{
	struct tui_model *m = a->m;
	int page = overlay_page(l->area.h);
	int max = overlay_max_top(m, l->area.w, l->area.h);
	int top = m->overlay_top;

	switch (ch) {
	case KEY_UP: top--; break;
	case KEY_DOWN: top++; break;
	case KEY_PPAGE: top -= page; break;
	case KEY_NPAGE: top += page; break;
	case KEY_HOME: top = 0; break;
	case KEY_END: top = max; break;
	default: m->overlay = OVERLAY_NONE; return;
	}
	m->overlay_top = top < 0 ? 0 : top > max ? max : top;
}

static bool is_letter(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* r: at once when nothing would be lost (no exit yet, or the guest has
 * ended), else only after a y - a stray key must not throw a run away. */
static void restart_key(struct app *a)
{
	const struct tui_model *m = a->m;

	if (m->logged == 0 || m->snap.mode == VCPU_ENDED) {
		post(a, VCMD_RESTART);
		return;
	}
	a->m->confirming = true;
	snprintf(a->m->ui_note, sizeof(a->m->ui_note), "restart the guest "
		 "from the start? y restarts, any other key keeps this run");
}

/* The answer to r's question; returns true when the key was the answer.
 * A letter other than y also starts a word (see word_key): "reboot" typed
 * outside the Console must not go on as commands after its r. */
static bool confirm_key(struct app *a, int ch)
{
	struct tui_model *m = a->m;

	if (!m->confirming)
		return false;
	m->confirming = false;
	m->in_word = ch != 'y' && is_letter(ch);
	if (ch == 'y')
		post(a, VCMD_RESTART);
	else
		snprintf(m->ui_note, sizeof(m->ui_note),
			 "restart cancelled: the run goes on");
	return true;
}

/* A command key; false when the key means nothing here.  In a lesson its
 * keys come first (tui/lesson_keys.h). */
static bool command_key(struct app *a, int ch)
{
	if (a->lesson && lesson_key(a->m, a->lesson, ch))
		return true;
	if (ch == 'n' && a->m->focus == PANEL_NETWORK) {
		net_keys_next_path(a->m, a->t, &a->net_switch);
		return true;
	}
	if (ch == 'd' && a->m->focus == PANEL_NETWORK) {
		net_keys_toggle_ring(a->m);
		return true;
	}
	switch (ch) {
	case ' ': case 's': post(a, VCMD_STEP_EXIT); break;
	case 'l': post(a, VCMD_STEP_LAYER); break;
	case 'i': post(a, VCMD_STEP_INSN); break;
	case 'c': post(a, VCMD_CONTINUE); break;
	case 'C': post(a, VCMD_FLAT_OUT); break;
	case 'p': case CTRL('c'): post(a, VCMD_PAUSE); break;
	case 'r': restart_key(a); break;
	case 'q': a->quit = true; break;
	case 'v':
		if (!a->in_cells)
			return false;
		a->back = true;
		break;
	case 'b':
		a->m->prompting = true;
		a->m->prompt_kind = PROMPT_BREAK;
		a->m->prompt[0] = '\0';
		break;
	case '?': case KEY_F(1): open_overlay(a->m, OVERLAY_HELP); break;
	case '\r': case '\n': case KEY_ENTER:
		open_overlay(a->m, OVERLAY_EXIT);
		break;
	case '\t': focus_next(a->m, 1); break;
	case KEY_BTAB: focus_next(a->m, -1); break;
	case CTRL('l'): a->force = true; break;
	case KEY_MOUSE: mouse_key(a); break;
	default: return select_exit(a->m, ch);
	}
	return true;
}

/*
 * Outside the Console panel a student may type as if to the guest
 * ("reboot" in the CPU panel).  A letter that is not a command starts a
 * word: the letters after it are not commands either, until a key that is
 * not a letter (space, Enter, Tab, an arrow, Esc).  The key bar says where
 * typing goes.  Returns true when the key has been dealt with (a letter
 * always is); false leaves a key that is not a letter to command_key().
 */
static bool word_key(struct app *a, int ch)
{
	struct tui_model *m = a->m;

	if (!is_letter(ch)) {
		m->in_word = false;
		return false;
	}
	if (!m->in_word && command_key(a, ch))
		return true;
	m->in_word = true;
	snprintf(m->ui_note, sizeof(m->ui_note), "'%c' is not a key here: "
		 "typing reaches the guest in the Console panel (Tab moves "
		 "there)", ch);
	return true;
}

static void on_key(struct app *a, int ch)
{
	struct layout l;

	a->dirty = true;
	if (ch == KEY_RESIZE) {
		a->force = true;
		return;
	}
	if (a->m->prompting) {
		prompt_key(a, ch);
		return;
	}
	layout_compute(a->m, a->g.w, a->g.h, &l);
	if (l.too_small) {       /* only q works on a too small screen */
		a->quit = ch == 'q';
		return;
	}
	if (a->m->overlay != OVERLAY_NONE) {
		overlay_key(a, &l, ch);
		return;
	}
	if (ch != KEY_F(1) && console_key(a, ch))
		return;
	if (!confirm_key(a, ch) && !word_key(a, ch))
		command_key(a, ch);
}

static int draw(struct app *a)
{
	if (screen_fit_grid(&a->g, &a->force))
		return -ENOMEM;
	layout_draw(a->m, &a->g);
	screen_show(&a->g, a->force);
	a->force = a->dirty = false;
	a->m->frames++;
	if (vcpu_mode_runs(a->m->snap.mode))
		a->frames_running++;
	return 0;
}

/* A frame's work, from the model's update to the screen's, timed for
 * --stats-file: FPS_MAX caps how often frames come, not what each costs,
 * so the time per frame is what says how much room is left. */
static int draw_timed(struct app *a, uint64_t start_ns)
{
	int ret = draw(a);

	if (vcpu_mode_runs(a->m->snap.mode))
		a->frame_ns_running += clock_now_ns() - start_ns;
	return ret;
}

/* Keys typed for a guest that has not taken them: the status bar counts
 * them, so a key typed while paused is not lost from sight. */
static void keys_waiting(struct app *a)
{
	unsigned n = vcpu_thread_keys_waiting(a->t);

	if (n != a->m->keys_waiting)
		a->dirty = true;
	a->m->keys_waiting = n;
}

/* One frame's worth of keys and vCPU news; draws when anything changed. */
static int frame(struct app *a, uint64_t *next)
{
	uint64_t now = clock_now_ns(), version = a->m->snap_version;
	uint64_t logged = a->m->logged, bytes = a->m->con.bytes;
	int ch;

	timeout(now < *next ? (int)((*next - now) / 1000000) : 0);
	ch = getch();
	while (ch != ERR) {
		on_key(a, ch);
		if (a->quit)
			return 0;
		timeout(0);
		ch = getch();
	}
	if (clock_now_ns() < *next && !a->dirty)
		return 0;
	now = clock_now_ns();
	*next = now + FRAME_NS;
	model_update(a->m, a->t, a->cache);
	if (a->lesson && lesson_follow(a->m, a->lesson))
		a->dirty = true;
	keys_waiting(a);
	if (a->m->snap_version != version || a->m->logged != logged ||
	    a->m->con.bytes != bytes)
		a->dirty = true;
	return a->dirty || a->force ? draw_timed(a, now) : 0;
}

/* --stats-file, once the screen is gone (so a failure can be said): a
 * file that could not be opened or written whole is lost output, said
 * here; -EIO then, as the front end takes lost output (cli/cmd_run.c).
 * An old file there stays whole until the new one is (core/whole_file.h). */
static int write_stats(const struct app *a, const char *path)
{
	const struct vcpu_snapshot *s = &a->m->snap;
	struct whole_file out;
	int ret = whole_file_open(&out, path);   /* never waits */

	if (ret) {
		fprintf(stderr, "vmscope run: --stats-file %s: %s\n", path,
			user_file_strerror(ret));
		return -EIO;
	}
	errno = 0;
	fprintf(out.f, "frames %llu\nframes_running %llu\n"
		"frame_ns_running %llu\nexits %llu\nrun_ns %llu\n",
		(unsigned long long)a->m->frames,
		(unsigned long long)a->frames_running,
		(unsigned long long)a->frame_ns_running,
		(unsigned long long)s->stats.total,
		(unsigned long long)s->run_ns);
	ret = whole_file_commit(&out);
	if (!ret)
		return 0;
	fprintf(stderr, "vmscope run: --stats-file %s: %s%s\n", path,
		strerror(-ret), whole_file_left(&out));
	return -EIO;
}

int tui_interactive(struct vcpu_thread *t, const struct tui_options *o,
		    char *err, size_t len)
{
	static struct tui_model m;   /* large: not on the stack */
	struct app a = { .m = &m, .t = t, .lesson = o->lesson, .force = true };
	struct disasm *dis = NULL;
	uint64_t next = 0;
	int ret;

	if (exit_text_cache_open(&a.cache) || disasm_open(&dis)) {
		exit_text_cache_close(a.cache);
		snprintf(err, len, "cannot start capstone");
		return -ENOMEM;
	}
	model_init(&m, dis);
	if (o->lesson) {
		m.lesson_on = true;
		m.focus = PANEL_LESSON;
		m.slot = PANEL_EXITS;
		lesson_follow(&m, o->lesson);
	}
	if (o->backend_note)
		snprintf(m.ui_note, sizeof(m.ui_note), "%s", o->backend_note);
	ret = screen_open(o->color, o->mouse, err, len);
	if (!ret && o->until)
		vcpu_thread_run_until(t, o->until);
	while (!ret && !a.quit)
		ret = frame(&a, &next);
	screen_close();
	model_update(&m, t, a.cache);
	if (!ret && o->stats_file)
		ret = write_stats(&a, o->stats_file);
	grid_free(&a.g);
	disasm_close(dis);
	exit_text_cache_close(a.cache);
	return ret;
}

int tui_cell_panels(struct vcpu_thread *t, struct tui_model *m,
		    struct exit_text_cache *cache, bool *quit)
{
	struct app a = { .m = m, .t = t, .cache = cache, .force = true,
			 .in_cells = true };
	uint64_t next = 0;
	int ret = 0;

	while (!ret && !a.quit && !a.back)
		ret = frame(&a, &next);
	*quit = a.quit;
	grid_free(&a.g);
	return ret;
}
