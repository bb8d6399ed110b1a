/*
 * guest/kernel/pit.h - the system timer: 8254 counter 0 on IRQ 0.
 */
#ifndef GUEST_KERNEL_PIT_H
#define GUEST_KERNEL_PIT_H

#include <stdint.h>

#define TIMER_HZ 100   /* timer interrupts per second */

/* Program counter 0 for TIMER_HZ interrupts and install their handler. */
void pit_start(void);

/* Timer interrupts since pit_start(). */
uint64_t pit_ticks(void);

#endif /* GUEST_KERNEL_PIT_H */
