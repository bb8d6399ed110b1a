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
 * (core/vm_devices.c), and any other input the guest unmasked or that has
 * a request or a service; the inputs left out have no device and are
 * masked.  A register or bit that changed since the stop before is
 * highlighted, as the CPU panel's registers are: stepping exit by exit,
 * the student sees the bit each exit moved.  The injection and the mode
 * words are the tracer's (cli/trace_line.h, cli/pic_text.h), so
 * `vmscope trace --pic` says the same for the same exit.  The values come from the vCPU thread's
 * snapshot (tui/vcpu_snapshot.c), read between two runs.  Everything fits
 * the 80x24 slot (31 columns of text, 13 rows) with --net and an
 * injection shown.
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

/* Does input ir of a chip get a row of its own? */
static bool listed(const struct vm_pic_state *p, unsigned chip, unsigned ir)
{
	const struct pic_regs *r = &p->chip[chip];
	uint8_t bit = 1u << ir;

	return p->name[chip * 8 + ir] || ((r->irr | r->isr) & bit) ||
	       !(r->imr & bit);
}

/* "  1 keyboard       1    1    0", the bits set drawn bold, those
 * changed since the stop before highlighted */
static void draw_input(const struct vm_pic_state *p,
		       const struct pic_regs *prev, unsigned chip, unsigned ir,
		       const struct view *v, int y)
{
	const struct pic_regs *r = &p->chip[chip];
	const char *name = p->name[chip * 8 + ir];
	uint8_t regs[3];

	chip_regs(r, regs);
	view_printf(v, 0, y, GA_NORMAL, "%3u %s", chip * 8 + ir,
		    name ? name : "no device");
	for (int i = 0; i < 3; i++) {
		int bit = (regs[i] >> ir) & 1;
		enum grid_attr a = bit ? GA_BOLD : GA_NORMAL;

		if ((changed_bits(r, prev, i) >> ir) & 1)
			a = GA_CHANGED;
		view_printf(v, NAME_W + i * COL_W, y, a, "%*d", COL_W, bit);
	}
}

/* A chip's row and its inputs' rows; true when an input was left out. */
static bool draw_chip_rows(const struct vm_pic_state *p,
			   const struct pic_regs *prev, unsigned chip,
			   const struct view *v, int *y)
{
	bool left_out = false;

	draw_chip(&p->chip[chip], prev, chip, v, (*y)++);
	for (unsigned ir = 0; ir < 8; ir++) {
		if (listed(p, chip, ir))
			draw_input(p, prev, chip, ir, v, (*y)++);
		else
			left_out = true;
	}
	return left_out;
}

/* "mode: edge, AEOI off, SMM off", or a row per chip when they differ. */
static void draw_modes(const struct vm_pic_state *p, const struct view *v,
		       int y)
{
	struct textbuf mode[2], row;

	for (unsigned chip = 0; chip < 2; chip++) {
		textbuf_reset(&mode[chip]);
		pic_text_mode(&p->chip[chip], chip, &mode[chip]);
	}
	for (unsigned chip = 0; chip < 2 && y < v->h; chip++) {
		bool same = strcmp(mode[0].buf, mode[1].buf) == 0;

		textbuf_reset(&row);
		textbuf_str(&row, same ? "mode" : pic_text_chip_name[chip]);
		textbuf_str(&row, ": ");
		textbuf_str(&row, mode[chip].buf);
		y += view_wrap(v, y, v->h - y, GA_NORMAL, row.buf);
		if (same)
			break;
	}
}

/* The chip as it was at the stop before the latest, or NULL. */
static const struct pic_regs *prev_chip(const struct tui_model *m,
					unsigned chip)
{
	return m->have_prev_pic ? &m->prev_pic[chip] : NULL;
}

void panel_interrupts(const struct tui_model *m, const struct view *v)
{
	const struct vcpu_snapshot *s = &m->snap;
	bool left_out;
	int y;

	if (!s->have_pic) {
		view_wrap(v, 0, v->h, GA_DIM, "No machine yet.");
		return;
	}
	y = draw_injected(s, v, 0);
	view_printf(v, 0, y++, GA_DIM, "%-*s%*s%*s%*s", NAME_W,
		    "IRQ    vectors", COL_W, "IRR", COL_W, "ISR", COL_W, "IMR");
	left_out = draw_chip_rows(&s->pic, prev_chip(m, 0), 0, v, &y);
	left_out |= draw_chip_rows(&s->pic, prev_chip(m, 1), 1, v, &y);
	if (left_out)
		view_put(v, 0, y++, GA_DIM, "others: no device, masked");
	draw_modes(&s->pic, v, y);
}
