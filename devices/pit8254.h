/*
 * devices/pit8254.h - the 8254 programmable interval timer: three 16-bit
 * down counters clocked at 1.193182 MHz; on a PC counter 0's output is
 * IRQ 0, the system tick.
 *
 * Register map from the Intel 8254 datasheet ("8254 Programmable Interval
 * Timer", order number 231164), "Control Word Format" and "Read-Back
 * Command Format".  Ports 0x40-0x42 are counters 0-2, port 0x43 the
 * control word register (write-only).
 *
 * Time: the counters run on host time.  The caller supplies the clock (a
 * pit_clock_fn; NULL means core/clock.h's clock_now_ns) so that tests can
 * hand in any time they like.  The vCPU thread asks pit_next_irq_ns() when
 * counter 0 produces its next IRQ 0 edge, sleeps until then, and calls
 * pit_update() to deliver it.
 *
 * Threading: the PIT takes no lock; the caller serialises bus accesses,
 * pit_update and pit_next_irq_ns (the VM's device lock).
 */
#ifndef DEVICES_PIT8254_H
#define DEVICES_PIT8254_H

#include <stdint.h>

#include "core/bus.h"

#define PIT_BASE         0x40
#define PIT_NR_PORTS     4
#define PIT_NR_COUNTERS  3
#define PIT_CLOCK_HZ     1193182u   /* 14.31818 MHz / 12, the PC's CLK */

/* Port offsets */
#define PIT_COUNTER0     0
#define PIT_COUNTER1     1
#define PIT_COUNTER2     2
#define PIT_CONTROL      3          /* control word register (write) */

/* Control word */
#define PIT_CW_BCD       0x01       /* BCD counting (0: 16-bit binary) */
#define PIT_CW_MODE      0x0e       /* M2-M0, bits 3-1 */
#define PIT_CW_MODE_SHIFT 1
#define PIT_CW_RW        0x30       /* RW1-RW0: access mode */
#define PIT_CW_RW_SHIFT  4
#define PIT_CW_SC        0xc0       /* SC1-SC0: counter select */
#define PIT_CW_SC_SHIFT  6
#define PIT_SC_READBACK  3          /* SC = 11: read-back command */

/* Access modes (RW1-RW0) */
#define PIT_RW_LATCH     0          /* counter latch command */
#define PIT_RW_LSB       1          /* least significant byte only */
#define PIT_RW_MSB       2          /* most significant byte only */
#define PIT_RW_LSB_MSB   3          /* LSB first, then MSB */

/* Modes (M2-M0; 6 and 7 are 2 and 3 again) */
#define PIT_MODE_TERMINAL_COUNT 0   /* interrupt on terminal count */
#define PIT_MODE_ONE_SHOT       1   /* hardware retriggerable one-shot */
#define PIT_MODE_RATE           2   /* rate generator */
#define PIT_MODE_SQUARE         3   /* square wave */
#define PIT_MODE_SW_STROBE      4   /* software triggered strobe */
#define PIT_MODE_HW_STROBE      5   /* hardware triggered strobe */

/* Read-back command (SC = 11): bits 3-1 select counters 2-0 */
#define PIT_RB_COUNTER(n) (0x02 << (n))
#define PIT_RB_NO_STATUS 0x10       /* 0 = latch the status */
#define PIT_RB_NO_COUNT  0x20       /* 0 = latch the count */

/* Status byte (read-back): bits 5-0 are the counter's control word bits */
#define PIT_STATUS_NULL_COUNT 0x40  /* a count was written, not loaded */
#define PIT_STATUS_OUT   0x80       /* the OUT pin */

struct pit8254;

typedef uint64_t (*pit_clock_fn)(void *opaque);

struct pit_counters {
	uint64_t irq_edges;         /* rising edges of IRQ 0 delivered */
	uint64_t ticks_coalesced;   /* periods that passed with no edge of
				       their own (see pit_update) */
	uint64_t unsupported;       /* BCD or a mode 1/4/5 written */
};

/*
 * Create the PIT and claim 0x40-0x43 on bus.  now_ns(clock_opaque) is the
 * time in nanoseconds; NULL uses clock_now_ns().  Returns 0, -ENOMEM, or
 * the bus's error; nothing is left allocated on failure.
 */
int pit_init(struct pit8254 **out, struct bus *bus, pit_clock_fn now_ns,
	     void *clock_opaque);
/* NULL is allowed.  The bus must not route accesses to it any more. */
void pit_free(struct pit8254 *pit);
/* Power-on state: no counter counts until the guest writes a count. */
void pit_reset(struct pit8254 *pit);

/*
 * Connect counter 0's output (optional; NULL disconnects).  set_irq is
 * called with each new level of OUT and once right away, as the UART's
 * is: a rising edge is set_irq(0) then set_irq(1).  The machine wires
 * it to the PIC with vm_line_set (core/vm_irq.h).
 */
void pit_set_irq(struct pit8254 *pit, void (*set_irq)(void *opaque, int level),
		 void *opaque);

/*
 * When counter 0's next IRQ 0 edge is due, in the clock's nanoseconds:
 * possibly in the past if pit_update() was not called since.  UINT64_MAX
 * when none is coming (no count written, or a mode that does not repeat
 * and has fired).
 */
uint64_t pit_next_irq_ns(const struct pit8254 *pit);
/*
 * Deliver the edges due by now.  Edges are coalesced: however many periods
 * passed since the last call, one edge is delivered (the PIC's IRR holds
 * one request per line anyway) and the others are counted in
 * ticks_coalesced.  A guest counting ticks should call it each edge and
 * read the counter for finer time, as PC kernels do.
 */
void pit_update(struct pit8254 *pit, uint64_t now);

void pit_get_counters(const struct pit8254 *pit, struct pit_counters *out);

#endif /* DEVICES_PIT8254_H */
