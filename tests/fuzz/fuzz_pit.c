/*
 * tests/fuzz/fuzz_pit.c - fuzz target: the 8254 PIT (devices/pit8254.c)
 * at 0x40-0x43, through the bus, on a clock the input moves.
 *
 * The guest writes control words, counts, latch and read-back commands in
 * any order and reads counters back; the host side meanwhile lets time
 * pass (event 0: a 32-bit number of nanoseconds, shifted left by 0-15 bits
 * by the event's upper bits, so both single PIT clocks and hours pass),
 * delivers the IRQ 0 edges due by now as the vCPU thread does (event 1)
 * or resets the PIT (event 2).  IRQ 0 must stay a level, and the next edge
 * must never be due in the past after the edges due were delivered.
 * The input format is fuzz_bus.h's.
 */
#include <stdlib.h>

#include "devices/pit8254.h"
#include "tests/fuzz/support/fuzz_bus.h"

#define FUZZ_PIT_TIME_END (1ULL << 62)

struct pit_fuzz {
	struct pit8254 *pit;
	uint64_t now;        /* the clock the PIT reads, in ns */
};

static uint64_t fuzz_clock(void *opaque)
{
	return ((struct pit_fuzz *)opaque)->now;
}

static void host_event(void *opaque, unsigned event, struct fuzz_input *in)
{
	struct pit_fuzz *f = opaque;

	switch (event % 3) {
	case 0:
		/* Stops before 2^62 ns (146 years): the host's clock never
		 * wraps, so the fuzzer's must not either. */
		if (f->now < FUZZ_PIT_TIME_END)
			f->now += (uint64_t)fuzz_u32(in) << (event >> 3 & 15);
		break;
	case 1:
		pit_update(f->pit, f->now);
		if (pit_next_irq_ns(f->pit) <= f->now)
			abort();    /* an edge due now was not delivered */
		break;
	default:
		pit_reset(f->pit);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pit_fuzz f = { .now = 1000000000 };
	struct fuzz_input in;
	struct bus bus;

	bus_init(&bus);
	if (pit_init(&f.pit, &bus, fuzz_clock, &f) < 0)
		abort();
	pit_set_irq(f.pit, fuzz_irq_line, NULL);
	fuzz_input_init(&in, data, size);
	fuzz_bus_run(&in, &(struct fuzz_device){ &bus, PIT_BASE, PIT_NR_PORTS,
				host_event, &f });
	pit_free(f.pit);
	return 0;
}
