/*
 * tui/model.c - filling the model from the vCPU thread (see model.h).
 */
#include <string.h>

#include "core/clock.h"
#include "tui/model.h"

#define RATE_WINDOW_NS 500000000ULL   /* exit rate over half a second */
/* While the guest runs, a fresh snapshot at most this often.  Each one
 * costs the vCPU thread registers, code bytes, the backend's counters (on
 * KVM a read of its stats) and a wake-up of the thread waiting for it; a
 * view drawn 50 times a second needs one a frame, and a batch that waits
 * for the stop needs none - asked for at every update it would ping-pong
 * with the vCPU thread every few exits. */
#define SNAPSHOT_EVERY_NS 10000000ULL

void model_init(struct tui_model *m, struct disasm *dis)
{
	memset(m, 0, sizeof(*m));
	m->dis = dis;
	m->focus = PANEL_EXITS;
	m->slot = PANEL_CONSOLE;
}

/* A new machine (restart): the log and the console start over. */
static void model_restart(struct tui_model *m, uint64_t generation)
{
	m->generation = generation;
	m->logged = 0;
	m->last_exit_t_ns = 0;
	m->lost = 0;
	memset(&m->con, 0, sizeof(m->con));
	m->selected = 0;
	m->have_prev = false;
	m->have_stop_pic = m->have_prev_pic = false;
	m->rate_total = 0;
	memset(&m->ticks, 0, sizeof(m->ticks));
	for (unsigned i = 0; i < LOG_MAX; i++)
		m->log[i].note_pending = false;
	m->notes_pending = 0;
}

/* Mark e's note as still to be fetched, or not: the count of such
 * entries follows the flags. */
static void set_note_pending(struct tui_model *m, struct log_entry *e,
			     bool pending)
{
	if (pending && !e->note_pending)
		m->notes_pending++;
	else if (!pending && e->note_pending)
		m->notes_pending--;
	e->note_pending = pending;
}

/* The entry's note (call chain, the guest's exit number), as the vCPU
 * thread recorded it at the exit.  The exit's event goes into the ring
 * before the note is written, so it may not be there yet: then a later
 * update asks again. */
static void fetch_note(struct tui_model *m, struct vcpu_thread *t,
		       struct log_entry *e)
{
	enum chain_found found = vcpu_thread_note(t, e->exit.seq, &e->note);

	e->have_note = found == CHAIN_FOUND;
	if (found != CHAIN_NOT_YET)
		set_note_pending(m, e, false);
}

/* The notes still to be fetched: the exits just logged, and those whose
 * note the vCPU thread had not written yet. */
static void fetch_pending(struct tui_model *m, struct vcpu_thread *t)
{
	for (unsigned i = 0; m->notes_pending && i < LOG_MAX; i++)
		if (m->log[i].note_pending)
			fetch_note(m, t, &m->log[i]);
}

/* The exit into the log; its text and its note come after the drain
 * (describe_new(), fetch_pending()): of thousands of exits drained at
 * once, only the last LOG_MAX stay to be shown. */
static void log_exit(struct tui_model *m, const struct event *ev)
{
	struct log_entry *e = &m->log[m->logged % LOG_MAX];

	set_note_pending(m, e, true);
	e->have_note = false;
	e->exit = ev->u.exit;
	memcpy(e->io_data, ev->io_data, sizeof(e->io_data));
	event_exit_attach_data(&e->exit, e->io_data);
	e->dt_ns = exit_time_since(&ev->u.exit, m->last_exit_t_ns);
	m->last_exit_t_ns = ev->u.exit.t_ns;
	m->logged++;
	if (m->selected && m->selected + 1 < LOG_MAX)
		m->selected++;   /* keep looking at the same exit */
}

/* The names, symbol and instruction of the n newest exits in the log. */
static void describe_new(struct tui_model *m, struct vm *vm,
			 struct exit_text_cache *cache, uint64_t n)
{
	for (uint64_t i = 0; i < n && i < LOG_MAX; i++) {
		struct log_entry *e = &m->log[(m->logged - 1 - i) % LOG_MAX];

		e->text = *exit_text_describe(cache, vm, &e->exit);
	}
}

static char *console_line(struct console *c)
{
	return c->rows[c->top % CONSOLE_ROWS];
}

static void console_byte(struct console *c, uint8_t byte)
{
	char *row = console_line(c);

	c->bytes++;
	if (byte == '\n' || c->col == CONSOLE_COLS) {
		c->top++;
		c->col = 0;
		console_line(c)[0] = '\0';
		if (byte == '\n')
			return;
		row = console_line(c);
	}
	if (byte == '\r')
		return;
	if (byte == '\b') {
		if (c->col)
			row[--c->col] = '\0';
		return;
	}
	row[c->col++] = (byte >= 0x20 && byte < 0x7f) ? (char)byte : '.';
	row[c->col] = '\0';
}

/* Everything the ring holds; with a lost count when it overflowed. */
static void drain(struct tui_model *m, struct vcpu_thread *t, struct vm *vm,
		  struct exit_text_cache *cache)
{
	struct event_ring *ring = vcpu_thread_events(t);
	uint64_t lost, logged = m->logged;
	struct event ev;

	while (event_ring_pop(ring, &ev, &lost)) {
		m->lost += lost;
		if (lost)
			m->last_exit_t_ns = 0;
		if (ev.kind == EVENT_EXIT) {
			cells_ticks_add(&m->ticks, &ev.u.exit);
			log_exit(m, &ev);
		}
		else if (ev.kind == EVENT_SERIAL_TX)
			console_byte(&m->con, ev.u.byte);
	}
	describe_new(m, vm, cache, m->logged - logged);
	fetch_pending(m, t);
}

static void update_rate(struct tui_model *m)
{
	const struct vcpu_snapshot *s = &m->snap;

	if (!m->rate_t_ns || s->stats.total < m->rate_total) {
		m->rate_t_ns = s->t_ns;
		m->rate_total = s->stats.total;
		return;
	}
	if (s->t_ns - m->rate_t_ns < RATE_WINDOW_NS)
		return;
	m->exit_rate = (double)(s->stats.total - m->rate_total) * 1e9 /
		       (double)(s->t_ns - m->rate_t_ns);
	m->rate_t_ns = s->t_ns;
	m->rate_total = s->stats.total;
}

bool model_is_new_stop(const struct tui_model *m)
{
	return memcmp(&m->stop_regs, &m->snap.regs, sizeof(m->stop_regs)) ||
	       (m->snap.have_pic &&
		memcmp(m->stop_pic, m->snap.pic.chip, sizeof(m->stop_pic)));
}

/* A new stop: what the registers and the 8259s were at the one before
 * is kept, so the panels can show what changed since. */
static void new_stop(struct tui_model *m)
{
	m->prev_regs = m->stop_regs;
	m->have_prev = m->stop_regs.rip != 0;
	m->stop_regs = m->snap.regs;
	memcpy(m->prev_pic, m->stop_pic, sizeof(m->prev_pic));
	m->have_prev_pic = m->have_stop_pic;
	memcpy(m->stop_pic, m->snap.pic.chip, sizeof(m->stop_pic));
	m->have_stop_pic = m->snap.have_pic;
}

static void take_snapshot(struct tui_model *m, struct vcpu_thread *t)
{
	uint64_t version = vcpu_thread_snapshot(t, &m->snap);

	if (version == m->snap_version)
		return;
	m->snap_version = version;
	update_rate(m);
	if (vcpu_mode_runs(m->snap.mode) || !m->snap.have_regs)
		return;
	if (model_is_new_stop(m))
		new_stop(m);
}

/*
 * The snapshot first, the events after: the vCPU thread puts each exit's
 * event into the ring before it publishes a snapshot that counts the exit,
 * so the log drained afterwards reaches at least the snapshot's exit.  The
 * other order lets the vCPU run on between the two, and a frame could say
 * "ended at exit 94" over an exit log that stops at exit 40.
 */
void model_update(struct tui_model *m, struct vcpu_thread *t,
		  struct exit_text_cache *cache)
{
	uint64_t generation;
	struct vm *vm;

	take_snapshot(m, t);
	vm = vcpu_thread_lock_vm(t, &generation);
	if (generation != m->generation)
		model_restart(m, generation);
	if (vm)
		drain(m, t, vm, cache);
	vcpu_thread_unlock_vm(t);
	if (model_wants_snapshot(m, clock_now_ns()))
		vcpu_thread_want_snapshot(t);
}

bool model_wants_snapshot(const struct tui_model *m, uint64_t now)
{
	return vcpu_mode_runs(m->snap.mode) &&
	       now - m->snap.t_ns >= SNAPSHOT_EVERY_NS;
}

unsigned model_log_count(const struct tui_model *m)
{
	return m->logged < LOG_MAX ? (unsigned)m->logged : LOG_MAX;
}

const struct log_entry *model_log_entry(const struct tui_model *m, unsigned i)
{
	if (i >= model_log_count(m))
		return NULL;
	return &m->log[(m->logged - 1 - i) % LOG_MAX];
}

struct exit_number model_entry_number(const struct log_entry *e)
{
	return e->have_note ? e->note.num
			    : (struct exit_number){ e->exit.seq, 0 };
}

bool model_nesting(const struct tui_model *m)
{
	return m->snap.nest.on;
}

bool model_net(const struct tui_model *m)
{
	return m->snap.net.on;
}

const char *model_console_row(const struct tui_model *m, unsigned i)
{
	if (i > m->con.top || i >= CONSOLE_ROWS)
		return NULL;
	return m->con.rows[(m->con.top - i) % CONSOLE_ROWS];
}
