/*
 * tui/panel_interrupts.c - the Interrupts panel: the PC's two 8259s as
 * the last exit left them, so a student following a key press or a timer
 * tick sees the request wait in IRR, go into service (ISR) when vmscope
 * injects it, and leave ISR at the guest's EOI.  At echo's first key:
 *
 *   injected: IRQ 1 (keyboard) -> vector 0x21
 *   IRQ    vectors   IRR  ISR  IMR
 *   master 0x20-27  0x02 0x02 0xfc
 *     0 timer          0    0    0
 *     1 keyboard       1    1    0
 *     2 cascade        0    0    1
 *     4 COM1           0    0    1
 *   slave  0x28-2f  0x00 0x00 0xff
 *   others: no device, masked
 *   mode: edge, AEOI off, SMM off
 *
 * Each chip's registers in hex, then a row per input with its bit of
 * each: every input a device drives, named as the machine wires it
 * (core/vm_devices.c), and any other input that has a request or a
 * service; the unmasked inputs with no device and nothing pending share a
 * row per chip ("3,6,7 no device"); the inputs left out have no device
 * and are masked.  A register or bit that changed since the stop before is
 * highlighted, as the CPU panel's registers are: stepping exit by exit,
 * the student sees the bit each exit moved.  The injection and the mode
 * words are the tracer's (cli/trace_line.h, cli/pic_text.h), so
 * `vmscope trace --pic` says the same for the same exit.  The values come from the vCPU thread's
 * snapshot (tui/vcpu_snapshot.c), read between two runs.  The 80x24 slot
 * (31 columns of text, 13 rows) holds it all with --net and an injection
 * shown, and while the guest initialises the chips (ICW1 unmasks every
 * input); rows that still do not fit - requests on many inputs - are
 * counted on the last row that does, above the mode row.
 */
#include <string.h>

#include "cli/pic_text.h"
#include "cli/trace_line.h"
#include "tui/panels.h"

#define NAME_W 15   /* "  5 virtio-net " */
#define COL_W  5    /* " 0x02" */

/* What went in before the run that ended in the snapshot's exit. */
static int draw_injected(const struct vcpu_snapshot *s, const struct view *v,
			 int y)
{
	const struct exit_inject *inj = &s->exit.u.exit.injected;
	struct textbuf tb;

	textbuf_reset(&tb);
	textbuf_str(&tb, "injected: ");
	if (s->pic.in_backend)
		textbuf_str(&tb, "by the backend's chip, unseen "
			    "(--irqchip kernel)");
	else if (s->have_exit && inj->valid)
		trace_line_inject(inj, s->pic.name[inj->irq & 15], &tb);
	else
		textbuf_str(&tb, "none");
	return y + view_wrap(v, y, v->h - y, GA_NORMAL, tb.buf);
}

/* The chip's IRR, ISR and IMR, in the order of the columns. */
static void chip_regs(const struct pic_regs *r, uint8_t regs[3])
{
	regs[0] = r->irr;
	regs[1] = r->isr;
	regs[2] = r->imr;
}

/* The bits of column i that changed since the stop before (none when
 * there was no such stop). */
static uint8_t changed_bits(const struct pic_regs *r,
			    const struct pic_regs *prev, int i)
{
	uint8_t now[3], before[3];

	if (!prev)
		return 0;
	chip_regs(r, now);
	chip_regs(prev, before);
	return now[i] ^ before[i];
}

/* "master 0x20-27  0x02 0x02 0xfc", a register that changed since the
 * stop before highlighted as the CPU panel's registers are */
static void draw_chip(const struct pic_regs *r, const struct pic_regs *prev,
		      unsigned chip, const struct view *v, int y)
{
	uint8_t regs[3];

	chip_regs(r, regs);
	view_printf(v, 0, y, GA_BOLD, "%-7s0x%02x-%02x", pic_text_chip_name[chip],
		    r->vector_base, (r->vector_base + 7) & 0xff);
	for (int i = 0; i < 3; i++)
		view_printf(v, NAME_W + i * COL_W + 1, y,
			    changed_bits(r, prev, i) ? GA_CHANGED : GA_BOLD,
			    "0x%02x", regs[i]);
}

/* Does input ir of a chip get a row of its own?  Those a device drives,
 * and any with a request or a service. */
static bool own_row(const struct vm_pic_state *p, unsigned chip, unsigned ir)
{
	const struct pic_regs *r = &p->chip[chip];

	return p->name[chip * 8 + ir] || ((r->irr | r->isr) >> ir) & 1;
}

/* A row under the header: a chip's registers, or inputs' bits - one
 * input, or the chip's unmasked inputs with no device and nothing
 * pending, which share a row (all three bits 0 in each): a chip being
 * initialised has all eight unmasked, and a row each would push the
 * slave's and the mode row out of the 80x24 slot. */
struct pic_row {
	bool chip_row;
	unsigned chip;
	uint8_t inputs;    /* the inputs' bits, for an inputs row */
};

#define PIC_ROWS_MAX 20   /* per chip: its row, 8 inputs, the shared row */

/* The rows of both chips in order, the shared row where its first input
 * would be; *left_out: some input has no row (no device, masked, nothing
 * pending). */
static int collect_rows(const struct vm_pic_state *p, struct pic_row *rows,
			bool *left_out)
{
	int n = 0;

	*left_out = false;
	for (unsigned chip = 0; chip < 2; chip++) {
		struct pic_row *shared = NULL;

		rows[n++] = (struct pic_row){ .chip_row = true, .chip = chip };
		for (unsigned ir = 0; ir < 8; ir++) {
			uint8_t bit = (uint8_t)(1u << ir);

			if (own_row(p, chip, ir)) {
				rows[n++] = (struct pic_row){ .chip = chip,
							      .inputs = bit };
			} else if (!(p->chip[chip].imr & bit)) {
				if (!shared) {
					shared = &rows[n++];
					*shared = (struct pic_row){
						.chip = chip };
				}
				shared->inputs |= bit;
			} else {
				*left_out = true;
			}
		}
	}
	return n;
}

/* "3,5-7": the IRQ numbers of a chip's inputs, runs as ranges. */
static void irq_list(unsigned chip, uint8_t inputs, struct textbuf *tb)
{
	for (unsigned ir = 0; ir < 8; ir++) {
		unsigned last = ir;

		if (!((inputs >> ir) & 1))
			continue;
		while (last < 7 && ((inputs >> (last + 1)) & 1))
			last++;
		if (tb->len)
			textbuf_char(tb, ',');
		textbuf_dec(tb, chip * 8 + ir, 0);
		if (last > ir) {
			textbuf_char(tb, last > ir + 1 ? '-' : ',');
			textbuf_dec(tb, chip * 8 + last, 0);
		}
		ir = last;
	}
}

/* "  1 keyboard       1    1    0", or "3,5-7 no device    0    0    0"
 * for inputs sharing a row: each register's bit (the same for every input
 * of a shared row), set bits bold, those changed since the stop before
 * highlighted.  The bits first, the name over the spaces before the
 * first one: a name too long to leave two spaces is cut, marked. */
static void draw_inputs(const struct vm_pic_state *p,
			const struct pic_regs *prev, unsigned chip,
			uint8_t inputs, const struct view *v, int y)
{
	const struct pic_regs *r = &p->chip[chip];
	unsigned ir = (unsigned)__builtin_ctz(inputs);
	const char *name = p->name[chip * 8 + ir];
	struct view name_col = view_sub(v, 0, y, NAME_W + COL_W - 2, 1);
	struct textbuf irqs;
	uint8_t regs[3];

	chip_regs(r, regs);
	for (int i = 0; i < 3; i++) {
		int bit = (regs[i] & inputs) != 0;
		enum grid_attr a = bit ? GA_BOLD : GA_NORMAL;

		if (changed_bits(r, prev, i) & inputs)
			a = GA_CHANGED;
		view_printf(v, NAME_W + i * COL_W, y, a, "%*d", COL_W, bit);
	}
	textbuf_reset(&irqs);
	irq_list(chip, inputs, &irqs);
	view_printf(&name_col, 0, 0, GA_NORMAL, "%3s %s", irqs.buf,
		    name ? name : "no device");
}

/* "mode: edge, AEOI off, SMM off", or a line per chip when they differ;
 * returns how many lines. */
static int mode_lines(const struct vm_pic_state *p, struct textbuf line[2])
{
	struct textbuf mode[2];
	bool same;

	for (unsigned chip = 0; chip < 2; chip++) {
		textbuf_reset(&mode[chip]);
		pic_text_mode(&p->chip[chip], chip, &mode[chip]);
	}
	same = strcmp(mode[0].buf, mode[1].buf) == 0;
	for (unsigned chip = 0; chip < 2; chip++) {
		textbuf_reset(&line[chip]);
		textbuf_str(&line[chip], same ? "mode" :
			    pic_text_chip_name[chip]);
		textbuf_str(&line[chip], ": ");
		textbuf_str(&line[chip], mode[chip].buf);
	}
	return same ? 1 : 2;
}

/* The chip as it was at the stop before the latest, or NULL. */
static const struct pic_regs *prev_chip(const struct tui_model *m,
					unsigned chip)
{
	return m->have_prev_pic ? &m->prev_pic[chip] : NULL;
}

/* The chips' and inputs' rows from y, as many as fit in `room` rows:
 * when some do not, the last one that fits says how many are missing. */
static void draw_rows(const struct tui_model *m, const struct pic_row *rows,
		      int n, const struct view *v, int y, int room)
{
	const struct vm_pic_state *p = &m->snap.pic;
	int shown = n <= room ? n : room - 1;

	for (int i = 0; i < shown; i++) {
		const struct pic_row *r = &rows[i];

		if (r->chip_row)
			draw_chip(&p->chip[r->chip], prev_chip(m, r->chip),
				  r->chip, v, y + i);
		else
			draw_inputs(p, prev_chip(m, r->chip), r->chip,
				    r->inputs, v, y + i);
	}
	if (shown < n && shown >= 0)
		view_printf(v, 0, y + shown, GA_DIM,
			    "+%d rows: needs a taller view", n - shown);
}

void panel_interrupts(const struct tui_model *m, const struct view *v)
{
	const struct vcpu_snapshot *s = &m->snap;
	struct pic_row rows[PIC_ROWS_MAX];
	struct textbuf mode[2];
	int y, n, modes, below = 0;
	bool left_out;

	if (!s->have_pic) {
		view_wrap(v, 0, v->h, GA_DIM, "No machine yet.");
		return;
	}
	y = draw_injected(s, v, 0);
	view_printf(v, 0, y++, GA_DIM, "%-*s%*s%*s%*s", NAME_W,
		    "IRQ    vectors", COL_W, "IRR", COL_W, "ISR", COL_W, "IMR");
	n = collect_rows(&s->pic, rows, &left_out);
	modes = mode_lines(&s->pic, mode);
	below = left_out;
	for (int i = 0; i < modes; i++)
		below += view_wrap_rows(v->w, mode[i].buf);
	if (v->h - y - below < 2)   /* not even a chip's row and the mark */
		below = 0;
	draw_rows(m, rows, n, v, y, v->h - y - below);
	y = v->h - below < y + n ? v->h - below : y + n;
	if (left_out)
		view_put(v, 0, y++, GA_DIM, "others: no device, masked");
	for (int i = 0; i < modes && y < v->h; i++)
		y += view_wrap(v, y, v->h - y, GA_NORMAL, mode[i].buf);
}
