/*
 * guest/kernel/tty_line.h - the console tty's input side: the line
 * discipline between the keyboard (or the UART's receiver) and read().
 */
#ifndef GUEST_KERNEL_TTY_LINE_H
#define GUEST_KERNEL_TTY_LINE_H

#include <stddef.h>

#define TTY_LINE_MAX 256   /* bytes of typed input the tty holds */

/* A character typed (called by the interrupt handlers). */
void tty_input(char c);

/*
 * Wait for a line and copy up to len bytes of it into buf (len > 0).  The
 * rest of the line stays for the next call.  Returns the bytes copied; 0
 * means end of file (Ctrl-D on an empty line).  Waits with interrupts on.
 */
size_t tty_read(char *buf, size_t len);

#endif /* GUEST_KERNEL_TTY_LINE_H */
