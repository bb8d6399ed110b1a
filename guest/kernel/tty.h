/*
 * guest/kernel/tty.h - the console tty: the layer between sys_write and the
 * UART driver.
 */
#ifndef GUEST_KERNEL_TTY_H
#define GUEST_KERNEL_TTY_H

#include <stddef.h>

/* Send len bytes to the console, unchanged; returns len. */
size_t tty_write(const char *buf, size_t len);

#endif /* GUEST_KERNEL_TTY_H */
