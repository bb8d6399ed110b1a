/*
 * guest/kernel/i8042.h - the PC/AT keyboard controller: its set-up, and
 * the CPU reset line it drives.
 */
#ifndef GUEST_KERNEL_I8042_H
#define GUEST_KERNEL_I8042_H

/*
 * Set the controller's command byte for an interrupt-driven keyboard
 * (IRQ 1 on each byte, scancode set 1) and enable the keyboard.  The
 * keyboard driver (keyboard.c) then reads the data port, one byte per
 * IRQ 1.
 */
void i8042_init(void);

/* Pulse the CPU's reset line low: the machine restarts.  Returns only if
 * nothing listens to the pulse. */
void i8042_reset_cpu(void);

#endif /* GUEST_KERNEL_I8042_H */
