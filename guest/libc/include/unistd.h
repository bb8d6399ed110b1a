/*
 * guest/libc/include/unistd.h - the read and write system calls.
 */
#ifndef GUEST_LIBC_INCLUDE_UNISTD_H
#define GUEST_LIBC_INCLUDE_UNISTD_H

#include <stddef.h>

typedef long ssize_t;

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

/*
 * Read from fd 0, the console: waits for a whole line (the tty echoes
 * and edits it) and returns up to n bytes of it, the rest staying for the
 * next call.  Returns the bytes read, 0 at end of file (Ctrl-D on an
 * empty line), or a negative errno (there is no errno variable).
 */
ssize_t read(int fd, void *buf, size_t n);

/*
 * Write n bytes of buf to fd (1 and 2 are the console).  Returns the bytes
 * written, or a negative errno.
 */
ssize_t write(int fd, const void *buf, size_t n);

#endif /* GUEST_LIBC_INCLUDE_UNISTD_H */
