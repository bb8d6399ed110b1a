/*
 * tests/fuzz/fuzz_i8042.c - fuzz target: the i8042 keyboard controller
 * (devices/i8042.c) at 0x60 and 0x64, through the bus.
 *
 * The guest writes controller and keyboard commands and their data bytes
 * in any order; the host side meanwhile pushes raw bytes (event 0: a
 * count 0-8, then the bytes), presses the key for an ASCII character
 * (event 1), asks whether the controller is idle (event 2) or resets it
 * (event 3).  IRQ 1 must stay a level; the reset line may pulse any time.
 * The input format is fuzz_bus.h's.
 */
#include <stdlib.h>

#include "devices/i8042.h"
#include "devices/scancode.h"
#include "tests/fuzz/support/fuzz_bus.h"

#define FUZZ_PUSH_MAX 8

static void count_reset(void *opaque)
{
	++*(unsigned long *)opaque;
}

static void host_event(void *opaque, unsigned event, struct fuzz_input *in)
{
	struct i8042 *kbd = opaque;
	struct scancode_stroke stroke;
	uint8_t bytes[FUZZ_PUSH_MAX];
	size_t n;

	switch (event % 4) {
	case 0:
		n = fuzz_u8(in) % (FUZZ_PUSH_MAX + 1);
		fuzz_bytes(in, bytes, n);
		i8042_push_bytes(kbd, bytes, n);
		break;
	case 1:
		if (scancode_from_ascii(fuzz_u8(in), &stroke) == 0)
			i8042_press(kbd, &stroke);
		break;
	case 2:
		i8042_idle(kbd);
		break;
	default:
		i8042_reset(kbd);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long resets = 0;
	struct fuzz_input in;
	struct bus bus;
	struct i8042 *kbd;

	bus_init(&bus);
	if (i8042_init(&kbd, &bus, count_reset, &resets) < 0)
		abort();
	i8042_set_irq(kbd, fuzz_irq_line, NULL);
	fuzz_input_init(&in, data, size);
	/* 0x60-0x64: the data port, three unclaimed ports, the command port */
	fuzz_bus_run(&in, &(struct fuzz_device){ &bus, I8042_DATA_PORT,
				I8042_CMD_PORT - I8042_DATA_PORT + 1,
				host_event, kbd });
	i8042_free(kbd);
	return 0;
}
