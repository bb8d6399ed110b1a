/*
 * guest/kernel/keyboard.h - the keyboard driver: IRQ 1, scancodes in,
 * characters out to the tty.
 */
#ifndef GUEST_KERNEL_KEYBOARD_H
#define GUEST_KERNEL_KEYBOARD_H

/* Install the IRQ 1 handler (the i8042 must be set up: i8042_init). */
void keyboard_start(void);

#endif /* GUEST_KERNEL_KEYBOARD_H */
