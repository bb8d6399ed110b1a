/*
 * guest/kernel/pit.c - the system timer.
 *
 * The 8254 (Intel datasheet, order number 231164, "Control Word Format")
 * counts down from a programmed value at 1.193182 MHz.  In mode 2, the
 * rate generator, counter 0 pulses its output every time it reaches 1 and
 * reloads by itself: one rising edge of IRQ 0 per period, forever.  The
 * period is the divisor: 1193182 / 11932 = 99.998 interrupts a second.
 *
 * The handler only counts.  Nothing here is scheduled by time: the ticks
 * are what times() reports, and the interrupts keep a waiting kernel
 * waking up, as on a PC.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/irq.h"
#include "guest/kernel/pit.h"

#define PIT_COUNTER0  (PORT_PIT + 0)
#define PIT_CONTROL   (PORT_PIT + 3)

#define CW_COUNTER0   0x00 /* SC1-SC0 = 00: program counter 0 */
#define CW_LSB_MSB    0x30 /* RW1-RW0 = 11: low byte, then high byte */
#define CW_MODE2      0x04 /* M2-M0 = 010: rate generator */
#define CW_BINARY     0x00 /* BCD = 0: a 16-bit binary count */

#define PIT_CLOCK_HZ  1193182
#define PIT_DIVISOR   ((PIT_CLOCK_HZ + TIMER_HZ / 2) / TIMER_HZ) /* 11932 */

/* Written by the interrupt handler, read by system calls: volatile. */
static volatile uint64_t ticks;

static void timer_interrupt(void)
{
	ticks++;
}

void pit_start(void)
{
	outb(PIT_CONTROL, CW_COUNTER0 | CW_LSB_MSB | CW_MODE2 | CW_BINARY);
	outb(PIT_COUNTER0, PIT_DIVISOR & 0xff);
	outb(PIT_COUNTER0, PIT_DIVISOR >> 8);
	irq_register(IRQ_TIMER, timer_interrupt);
}

uint64_t pit_ticks(void)
{
	return ticks;
}
