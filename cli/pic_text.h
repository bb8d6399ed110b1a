/*
 * cli/pic_text.h - the two 8259s in words: what the tracer's --pic lines
 * and the TUI's Interrupts panel say about them comes from here, so the
 * two can never disagree on a field.
 *
 * The mode words are the datasheet's (Intel 8259A, 231468): "edge" or
 * "level" (ICW1 LTIM, or the ELCR of KVM's chip), AEOI (ICW4: automatic
 * end of interrupt - INTA ends the service, no EOI command needed), SMM
 * (OCW3: special mask mode - a masked level in service blocks nothing),
 * and while the guest programs the chip the ICW it waits for next.
 */
#ifndef CLI_PIC_TEXT_H
#define CLI_PIC_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/textbuf.h"
#include "core/vm.h"

/* "master", "slave" */
extern const char *const pic_text_chip_name[2];

/* "0x02": a register byte, always two digits. */
void pic_text_byte(struct textbuf *tb, uint8_t v);
/* "edge, AEOI off, SMM off", then ", ICW2 next" while initialising; a
 * chip whose inputs differ (KVM's ELCR) says "level on IRQ 9 11", with
 * the PC's IRQ numbers (the slave's inputs are 8-15). */
void pic_text_mode(const struct pic_regs *r, unsigned chip,
		   struct textbuf *tb);
/* The inputs of chip set in bits, by their line's name ("timer,
 * keyboard"); an input with no device as "IRQ 9". */
void pic_text_names(const struct vm_pic_state *s, unsigned chip,
		    uint8_t bits, struct textbuf *tb);
/* One chip, the tracer's --pic line: "master base 0x20 irr 0x02
 * (keyboard) isr 0x00 imr 0xfc  edge, AEOI off, SMM off". */
void pic_text_chip(const struct vm_pic_state *s, unsigned chip,
		   struct textbuf *tb);
/* Do a and b show the same (every field pic_text_chip() prints)? */
bool pic_text_same(const struct pic_regs *a, const struct pic_regs *b);

#endif /* CLI_PIC_TEXT_H */
