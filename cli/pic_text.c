/*
 * cli/pic_text.c - the two 8259s in words (see cli/pic_text.h).
 */
#include "cli/pic_text.h"

const char *const pic_text_chip_name[2] = { "master", "slave" };

void pic_text_byte(struct textbuf *tb, uint8_t v)
{
	static const char hex[] = "0123456789abcdef";
	char s[4] = { '0', 'x', hex[v >> 4], hex[v & 0xf] };

	textbuf_mem(tb, s, sizeof(s));
}

/* The PC's IRQ number of input ir of chip. */
static unsigned irq_of(unsigned chip, unsigned ir)
{
	return chip * 8 + ir;
}

static void trigger(const struct pic_regs *r, unsigned chip,
		    struct textbuf *tb)
{
	if (r->level == 0) {
		textbuf_str(tb, "edge");
		return;
	}
	if (r->level == 0xff) {
		textbuf_str(tb, "level");
		return;
	}
	textbuf_str(tb, "level on IRQ");
	for (unsigned ir = 0; ir < 8; ir++) {
		if (!(r->level & (1u << ir)))
			continue;
		textbuf_char(tb, ' ');
		textbuf_dec(tb, irq_of(chip, ir), 0);
	}
}

void pic_text_mode(const struct pic_regs *r, unsigned chip,
		   struct textbuf *tb)
{
	trigger(r, chip, tb);
	textbuf_str(tb, r->auto_eoi ? ", AEOI on" : ", AEOI off");
	textbuf_str(tb, r->special_mask ? ", SMM on" : ", SMM off");
	if (r->next_icw) {
		textbuf_str(tb, ", ICW");
		textbuf_dec(tb, r->next_icw, 0);
		textbuf_str(tb, " next");
	}
}

void pic_text_names(const struct vm_pic_state *s, unsigned chip,
		    uint8_t bits, struct textbuf *tb)
{
	const char *sep = "";

	for (unsigned ir = 0; ir < 8; ir++) {
		unsigned irq = irq_of(chip & 1, ir);

		if (!(bits & (1u << ir)))
			continue;
		textbuf_str(tb, sep);
		sep = ", ";
		if (s->name[irq]) {
			textbuf_str(tb, s->name[irq]);
		} else {
			textbuf_str(tb, "IRQ ");
			textbuf_dec(tb, irq, 0);
		}
	}
}

/* " irr 0x02 (keyboard)": a request or service register, named. */
static void named_reg(const struct vm_pic_state *s, unsigned chip,
		      const char *label, uint8_t v, struct textbuf *tb)
{
	textbuf_str(tb, label);
	pic_text_byte(tb, v);
	if (!v)
		return;
	textbuf_str(tb, " (");
	pic_text_names(s, chip, v, tb);
	textbuf_char(tb, ')');
}

void pic_text_chip(const struct vm_pic_state *s, unsigned chip,
		   struct textbuf *tb)
{
	const struct pic_regs *r = &s->chip[chip & 1];

	textbuf_column(tb, pic_text_chip_name[chip & 1], 7);
	textbuf_str(tb, "base ");
	pic_text_byte(tb, r->vector_base);
	named_reg(s, chip, " irr ", r->irr, tb);
	named_reg(s, chip, " isr ", r->isr, tb);
	textbuf_str(tb, " imr ");
	pic_text_byte(tb, r->imr);
	textbuf_str(tb, "  ");
	pic_text_mode(r, chip & 1, tb);
}

bool pic_text_same(const struct pic_regs *a, const struct pic_regs *b)
{
	return a->irr == b->irr && a->isr == b->isr && a->imr == b->imr &&
	       a->vector_base == b->vector_base && a->level == b->level &&
	       a->auto_eoi == b->auto_eoi &&
	       a->special_mask == b->special_mask &&
	       a->next_icw == b->next_icw;
}
