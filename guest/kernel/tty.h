/*
 * guest/kernel/tty.h - the console tty, output side: the layer between
 * sys_write (and the kernel's own messages) and the UART and screen
 * drivers.  The input side is tty_line.h.
 */
#ifndef GUEST_KERNEL_TTY_H
#define GUEST_KERNEL_TTY_H

#include <stddef.h>

/* Send len bytes to the console (UART and screen), unchanged; returns
 * len. */
size_t tty_write(const char *buf, size_t len);

/* Wait until every byte written has left the UART. */
void tty_drain(void);

#endif /* GUEST_KERNEL_TTY_H */
