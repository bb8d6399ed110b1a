/*
 * tests/fuzz/fuzz_pic.c - fuzz target: the 8259A pair (devices/pic8259.c)
 * at 0x20 and 0xa0, through the bus.
 *
 * The guest sends any sequence of ICWs and OCWs to either chip; the host
 * side meanwhile moves an IRQ line (event 0: line 0-15, level), runs the
 * INTA cycle (event 1: as the vCPU does when INTR is up, and also when it
 * is not, which gives the spurious vector), reads both chips' registers
 * (event 2) or resets the pair (event 3).  fuzz_bus.h's accesses go to the
 * master (0x20-0x23); those to the slave are event 4 (the op and offset
 * bytes and the value as fuzz_bus.h's, at 0xa0 + offset % 4).  The INT
 * callback must be called for a change only, and for every change.
 */
#include <stdlib.h>

#include "devices/pic8259.h"
#include "tests/fuzz/support/fuzz_bus.h"

struct pic_fuzz {
	struct pic8259 *pic;
	struct bus *bus;
	bool intr;           /* the level the INT callback last reported */
};

static void on_int(void *opaque, bool level)
{
	struct pic_fuzz *f = opaque;

	if (level == f->intr)
		abort();    /* called for a change only */
	f->intr = level;
}

static void host_event(void *opaque, unsigned event, struct fuzz_input *in)
{
	struct pic_fuzz *f = opaque;
	struct pic_regs regs;
	uint8_t line, op;
	uint16_t port;

	switch (event % 5) {
	case 0:
		line = fuzz_u8(in);
		pic_set_irq(f->pic, line % PIC_NR_IRQS, line >> 7);
		break;
	case 1:
		if (pic_acknowledge(f->pic) > 255)
			abort();
		break;
	case 2:
		pic_get_regs(f->pic, 0, &regs);
		pic_get_regs(f->pic, 1, &regs);
		break;
	case 3:
		pic_reset(f->pic);
		break;
	default:
		op = fuzz_u8(in);
		port = PIC_SLAVE_BASE + fuzz_u8(in) % 4;
		fuzz_bus_access(in, f->bus, op, port);
	}
	if (pic_has_interrupt(f->pic) != f->intr)
		abort();    /* the callback told every change */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	struct bus bus;
	struct pic_fuzz f = { .bus = &bus };

	bus_init(&bus);
	if (pic_init(&f.pic, &bus) < 0)
		abort();
	pic_set_int_callback(f.pic, on_int, &f);
	fuzz_input_init(&in, data, size);
	fuzz_bus_run(&in, &(struct fuzz_device){ &bus, PIC_MASTER_BASE,
				PIC_NR_PORTS, host_event, &f });
	pic_free(f.pic);
	return 0;
}
