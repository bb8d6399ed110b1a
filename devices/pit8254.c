/*
 * devices/pit8254.c - the 8254 interval timer, counting on host time.
 *
 * Behaviour follows the Intel 8254 datasheet (231164); the register map is
 * in devices/pit8254.h.  Nothing ticks here: a counter remembers when its
 * count was loaded, and every question (what does it read? is OUT high?
 * how many periods have passed?) is answered from the number of 1.193182
 * MHz clock pulses between then and now.  So the guest sees a timer that
 * keeps pace with the wall, and a test sees exact values at the times it
 * chooses.
 *
 * Counter values, pulse t after the count N was written (N = 0 means
 * 65536, which reads as 0):
 *   mode 2 (rate generator): N, N-1, ..., 1, N, ...; OUT is low while the
 *     count is 1 and rises at the reload - one IRQ 0 edge every N pulses;
 *   mode 3 (square wave): even N counts N, N-2, ..., 2 twice per period,
 *     OUT high the first time, low the second; odd N counts N, N-1, N-3,
 *     ..., 2 with OUT high ((N+1)/2 pulses), then N, N-3, ..., 2 with OUT
 *     low ((N-1)/2 pulses).  OUT rises, and IRQ 0 fires, every N pulses;
 *   mode 0 (interrupt on terminal count): N, N-1, ... down through 0 and
 *     on around 0xffff; OUT is low from the control word until the count
 *     reaches 0, then high: one edge.
 *
 * Simplifications, each said where it matters:
 *   - Counter 0 drives IRQ 0 with instantaneous pulses in modes 2 and 3:
 *     the line stays high and a period boundary is a fall and a rise at
 *     once.  Mode 2's OUT is low for one pulse (838 ns) in reality, which
 *     is the same thing at this scale; mode 3's 50% low phase is not sent
 *     to the PIC, so a guest slow to take its tick gets it late instead of
 *     a spurious IRQ 7 (the PIC drops a request whose line fell).  The
 *     read-back status still reports OUT as the chip would.
 *   - A count takes effect at once (the chip waits for the next pulse, and
 *     in modes 2 and 3 for the end of the current period): counting
 *     restarts from the new count when it is written.
 *   - Modes 1, 4, 5 count down as mode 0 does but never move OUT (modes 1
 *     and 5 need a gate edge, which a PC's counter 0 never gets); BCD
 *     counting is not modelled (binary is used).  Both are counted as
 *     `unsupported` so the stats can say so.
 *   - The gates are high (as counter 0's and 1's are on a PC); counter 2's
 *     gate and speaker (port 0x61) are not modelled.
 *   - Reading and writing keep separate LSB/MSB flip-flops.
 *   - Accesses wider than a byte act on the first port with the low byte;
 *     a read of the control port returns all ones (nothing drives it).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/clock.h"
#include "devices/pit8254.h"

#define NS_PER_SEC 1000000000ull

struct pit_counter {
	uint8_t control;       /* control word bits 5-0: RW, mode, BCD */
	unsigned mode;         /* 0-5 */
	unsigned rw;           /* PIT_RW_LSB, _MSB or _LSB_MSB */
	uint32_t reload;       /* the count, 1-65536 */
	uint64_t start_ns;     /* when the count was loaded */
	bool counting;         /* a count was written after the control word */
	uint16_t frozen;       /* what it reads while not counting */
	bool write_msb_next;   /* LSB-then-MSB: the LSB came, the MSB is next */
	uint8_t write_lsb;
	bool read_msb_next;
	unsigned latch_bytes;  /* bytes of a latched count still to read */
	uint16_t latch;
	bool status_latched;   /* read-back status waiting to be read */
	uint8_t status;
	uint64_t edges_seen;   /* counter 0: OUT rising edges delivered */
};

struct pit8254 {
	struct pit_counter counter[PIT_NR_COUNTERS];
	pit_clock_fn now_ns;
	void *clock_opaque;
	void (*set_irq)(void *opaque, int level);
	void *irq_opaque;
	int out_level;         /* counter 0's OUT as set_irq was last told */
	struct pit_counters counters;
};

static uint64_t pit_host_clock(void *opaque)
{
	(void)opaque;
	return clock_now_ns();
}

static uint64_t pit_now(const struct pit8254 *pit)
{
	return pit->now_ns(pit->clock_opaque);
}

/* Clock pulses since the count was loaded, in 64-bit arithmetic that
 * cannot overflow: whole seconds and the rest apart. */
static uint64_t counter_ticks(const struct pit_counter *c, uint64_t now)
{
	uint64_t ns = now > c->start_ns ? now - c->start_ns : 0;

	return ns / NS_PER_SEC * PIT_CLOCK_HZ +
	       ns % NS_PER_SEC * PIT_CLOCK_HZ / NS_PER_SEC;
}

/* The first nanosecond at which `ticks` pulses have passed. */
static uint64_t counter_ticks_to_ns(const struct pit_counter *c,
				    uint64_t ticks)
{
	uint64_t rest = ticks % PIT_CLOCK_HZ;

	return c->start_ns + ticks / PIT_CLOCK_HZ * NS_PER_SEC +
	       (rest * NS_PER_SEC + PIT_CLOCK_HZ - 1) / PIT_CLOCK_HZ;
}

/* Mode 3's count at pulse p of a period (see the top of the file). */
static uint32_t square_value(uint32_t n, uint32_t p)
{
	uint32_t high = (n + 1) / 2;   /* pulses with OUT high */

	if (n % 2 == 0)
		return n - 2 * (p % (n / 2));
	if (p < high)
		return p == 0 ? n : n + 1 - 2 * p;
	p -= high;
	return p == 0 ? n : n - 1 - 2 * p;
}

static uint16_t counter_value(const struct pit_counter *c, uint64_t now)
{
	uint64_t t;

	if (!c->counting)
		return c->frozen;
	t = counter_ticks(c, now);
	switch (c->mode) {
	case PIT_MODE_RATE:
		return (uint16_t)(c->reload - t % c->reload);
	case PIT_MODE_SQUARE:
		return (uint16_t)square_value(c->reload,
					      (uint32_t)(t % c->reload));
	default:   /* counts down and wraps around */
		return (uint16_t)(c->reload - t);
	}
}

/* The OUT pin as the datasheet draws it. */
static bool counter_out(const struct pit_counter *c, uint64_t now)
{
	uint64_t t;

	if (!c->counting)
		return c->mode != PIT_MODE_TERMINAL_COUNT;
	t = counter_ticks(c, now);
	switch (c->mode) {
	case PIT_MODE_TERMINAL_COUNT:
		return t >= c->reload;
	case PIT_MODE_RATE:
		return t % c->reload != c->reload - 1;
	case PIT_MODE_SQUARE:
		return t % c->reload < (c->reload + 1) / 2;
	default:
		return true;
	}
}

/* OUT rising edges between the load and now: one per period in modes 2
 * and 3, one at terminal count in mode 0, none otherwise. */
static uint64_t counter_edges(const struct pit_counter *c, uint64_t now)
{
	uint64_t t;

	if (!c->counting)
		return 0;
	t = counter_ticks(c, now);
	switch (c->mode) {
	case PIT_MODE_RATE:
	case PIT_MODE_SQUARE:
		return t / c->reload;
	case PIT_MODE_TERMINAL_COUNT:
		return t >= c->reload;
	default:
		return 0;
	}
}

/* Counter 0's OUT is IRQ 0; tell set_irq about changes only. */
static void pit_set_out(struct pit8254 *pit, int level)
{
	if (level == pit->out_level)
		return;
	pit->out_level = level;
	if (pit->set_irq)
		pit->set_irq(pit->irq_opaque, level);
}

static void counter_load(struct pit8254 *pit, unsigned idx, uint32_t count)
{
	struct pit_counter *c = &pit->counter[idx];

	c->reload = count ? count : 65536;
	c->start_ns = pit_now(pit);
	c->counting = true;
	c->edges_seen = 0;
	if (idx == 0 && c->mode == PIT_MODE_TERMINAL_COUNT)
		pit_set_out(pit, 0);   /* a new count: OUT low until TC */
}

static void counter_write(struct pit8254 *pit, unsigned idx, uint8_t val)
{
	struct pit_counter *c = &pit->counter[idx];

	switch (c->rw) {
	case PIT_RW_LSB:
		counter_load(pit, idx, val);
		break;
	case PIT_RW_MSB:
		counter_load(pit, idx, (uint32_t)val << 8);
		break;
	default:   /* PIT_RW_LSB_MSB */
		if (!c->write_msb_next) {
			c->write_lsb = val;
			c->write_msb_next = true;
			break;
		}
		c->write_msb_next = false;
		counter_load(pit, idx, c->write_lsb | (uint32_t)val << 8);
		break;
	}
}

/* The byte of value the access mode says comes next. */
static uint8_t counter_byte(unsigned rw, bool msb_next, uint16_t value)
{
	if (rw == PIT_RW_MSB || (rw == PIT_RW_LSB_MSB && msb_next))
		return (uint8_t)(value >> 8);
	return (uint8_t)value;
}

/* Status first, then a latched count, then the live count. */
static uint8_t counter_read(struct pit8254 *pit, unsigned idx)
{
	struct pit_counter *c = &pit->counter[idx];
	uint8_t byte;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	if (c->latch_bytes > 0) {
		c->latch_bytes--;
		return counter_byte(c->rw, c->latch_bytes == 0 &&
				    c->rw == PIT_RW_LSB_MSB, c->latch);
	}
	byte = counter_byte(c->rw, c->read_msb_next,
			    counter_value(c, pit_now(pit)));
	if (c->rw == PIT_RW_LSB_MSB)
		c->read_msb_next = !c->read_msb_next;
	return byte;
}

/* Counter latch command: a second one before the first is read is
 * ignored (datasheet). */
static void counter_latch(struct pit8254 *pit, unsigned idx)
{
	struct pit_counter *c = &pit->counter[idx];

	if (c->latch_bytes > 0)
		return;
	c->latch = counter_value(c, pit_now(pit));
	c->latch_bytes = c->rw == PIT_RW_LSB_MSB ? 2 : 1;
}

static void counter_latch_status(struct pit8254 *pit, unsigned idx)
{
	struct pit_counter *c = &pit->counter[idx];

	if (c->status_latched)
		return;
	c->status = c->control;
	if (!c->counting)
		c->status |= PIT_STATUS_NULL_COUNT;
	if (counter_out(c, pit_now(pit)))
		c->status |= PIT_STATUS_OUT;
	c->status_latched = true;
}

static void pit_read_back(struct pit8254 *pit, uint8_t cmd)
{
	for (unsigned i = 0; i < PIT_NR_COUNTERS; i++) {
		if (!(cmd & PIT_RB_COUNTER(i)))
			continue;
		if (!(cmd & PIT_RB_NO_COUNT))
			counter_latch(pit, i);
		if (!(cmd & PIT_RB_NO_STATUS))
			counter_latch_status(pit, i);
	}
}

/* A new mode: the counter stops until a count is written, and OUT takes
 * its initial level (low in mode 0, high in the others). */
static void counter_program(struct pit8254 *pit, unsigned idx, uint8_t cw)
{
	struct pit_counter *c = &pit->counter[idx];
	unsigned mode = (cw & PIT_CW_MODE) >> PIT_CW_MODE_SHIFT;

	if (mode > PIT_MODE_HW_STROBE)
		mode -= 4;   /* 6 and 7 are 2 and 3 */
	c->frozen = counter_value(c, pit_now(pit));
	c->control = cw & (PIT_CW_RW | PIT_CW_MODE | PIT_CW_BCD);
	c->mode = mode;
	c->rw = (cw & PIT_CW_RW) >> PIT_CW_RW_SHIFT;
	c->counting = false;
	c->write_msb_next = false;
	c->read_msb_next = false;
	c->latch_bytes = 0;
	c->status_latched = false;
	if ((cw & PIT_CW_BCD) || mode == PIT_MODE_ONE_SHOT ||
	    mode == PIT_MODE_SW_STROBE || mode == PIT_MODE_HW_STROBE)
		pit->counters.unsupported++;
	if (idx == 0)
		pit_set_out(pit, mode != PIT_MODE_TERMINAL_COUNT);
}

static void pit_write_control(struct pit8254 *pit, uint8_t cw)
{
	unsigned sc = (cw & PIT_CW_SC) >> PIT_CW_SC_SHIFT;

	if (sc == PIT_SC_READBACK)
		pit_read_back(pit, cw);
	else if (((cw & PIT_CW_RW) >> PIT_CW_RW_SHIFT) == PIT_RW_LATCH)
		counter_latch(pit, sc);
	else
		counter_program(pit, sc, cw);
}

static void pit_access(void *opaque, uint64_t offset, unsigned size,
		       bool is_write, uint64_t *data)
{
	struct pit8254 *pit = opaque;

	(void)size;   /* byte registers, see the top */
	if (offset == PIT_CONTROL) {
		if (is_write)
			pit_write_control(pit, (uint8_t)*data);
		else
			*data = 0xff;
	} else if (is_write) {
		counter_write(pit, (unsigned)offset, (uint8_t)*data);
	} else {
		*data = counter_read(pit, (unsigned)offset);
	}
}

uint64_t pit_next_irq_ns(const struct pit8254 *pit)
{
	const struct pit_counter *c = &pit->counter[0];

	if (!c->counting)
		return UINT64_MAX;
	switch (c->mode) {
	case PIT_MODE_RATE:
	case PIT_MODE_SQUARE:
		return counter_ticks_to_ns(c, (c->edges_seen + 1) * c->reload);
	case PIT_MODE_TERMINAL_COUNT:
		if (c->edges_seen == 0)
			return counter_ticks_to_ns(c, c->reload);
		return UINT64_MAX;
	default:
		return UINT64_MAX;
	}
}

void pit_update(struct pit8254 *pit, uint64_t now)
{
	struct pit_counter *c = &pit->counter[0];
	uint64_t edges = counter_edges(c, now);

	if (edges <= c->edges_seen)
		return;
	pit->counters.ticks_coalesced += edges - c->edges_seen - 1;
	pit->counters.irq_edges++;
	c->edges_seen = edges;
	pit_set_out(pit, 0);
	pit_set_out(pit, 1);
}

/* Power-on: the datasheet leaves mode and count undefined; here each
 * counter is in mode 3, LSB-then-MSB, with no count, so none counts and
 * OUT is high until the guest programs it. */
void pit_reset(struct pit8254 *pit)
{
	for (unsigned i = 0; i < PIT_NR_COUNTERS; i++) {
		pit->counter[i] = (struct pit_counter){
			.control = PIT_RW_LSB_MSB << PIT_CW_RW_SHIFT |
				   PIT_MODE_SQUARE << PIT_CW_MODE_SHIFT,
			.mode = PIT_MODE_SQUARE, .rw = PIT_RW_LSB_MSB,
			.reload = 65536,
		};
	}
	pit_set_out(pit, 1);
}

int pit_init(struct pit8254 **out, struct bus *bus, pit_clock_fn now_ns,
	     void *clock_opaque)
{
	struct pit8254 *pit = calloc(1, sizeof(*pit));
	int err;

	if (!pit)
		return -ENOMEM;
	pit->now_ns = now_ns ? now_ns : pit_host_clock;
	pit->clock_opaque = clock_opaque;
	pit_reset(pit);
	err = bus_register_pio(bus, PIT_BASE, PIT_NR_PORTS, "pit8254",
			       pit_access, pit);
	if (err)
		goto err_free;
	*out = pit;
	return 0;

err_free:
	free(pit);
	return err;
}

void pit_free(struct pit8254 *pit)
{
	free(pit);
}

void pit_set_irq(struct pit8254 *pit, void (*set_irq)(void *opaque, int level),
		 void *opaque)
{
	pit->set_irq = set_irq;
	pit->irq_opaque = opaque;
	if (set_irq)
		set_irq(opaque, pit->out_level);
}

void pit_get_counters(const struct pit8254 *pit, struct pit_counters *out)
{
	*out = pit->counters;
}
