/*
 * guest/kernel/console.h - the kernel's own messages on the console.
 *
 * The kernel has no printf (that lives in the user's libc); these two
 * helpers are enough for its few messages: exception reports, the `exits`
 * demo's announcements.  Both go through tty_write like a user's write().
 */
#ifndef GUEST_KERNEL_CONSOLE_H
#define GUEST_KERNEL_CONSOLE_H

#include <stdint.h>

/* Print a NUL-terminated string. */
void console_puts(const char *s);

/* Print value as "0x" followed by lowercase hex digits, no leading zeros. */
void console_puthex(uint64_t value);

/* Print value in decimal. */
void console_putdec(uint64_t value);

#endif /* GUEST_KERNEL_CONSOLE_H */
