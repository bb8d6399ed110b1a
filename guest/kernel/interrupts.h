/*
 * guest/kernel/interrupts.h - bringing up the interrupt hardware, once,
 * when something first needs it.
 */
#ifndef GUEST_KERNEL_INTERRUPTS_H
#define GUEST_KERNEL_INTERRUPTS_H

#include <stdbool.h>

#define RFLAGS_IF 0x200ULL  /* RFLAGS bit 9: interrupts enabled */

/*
 * Set up the keyboard controller, the PICs and the timer, and unmask the
 * timer's and the keyboard's IRQs.  Only the first call does anything.
 * Interrupts stay off in the kernel; user programs run with them on from
 * now (see syscall.c and user_entry.c).
 */
void interrupts_start(void);

/* Has interrupts_start() run? */
bool interrupts_started(void);

#endif /* GUEST_KERNEL_INTERRUPTS_H */
