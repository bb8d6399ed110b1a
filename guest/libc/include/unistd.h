/*
 * guest/libc/include/unistd.h - the write system call.
 */
#ifndef GUEST_LIBC_INCLUDE_UNISTD_H
#define GUEST_LIBC_INCLUDE_UNISTD_H

#include <stddef.h>

typedef long ssize_t;

/*
 * Write n bytes of buf to fd (1 and 2 are the console).  Returns the bytes
 * written, or a negative errno (there is no errno variable).
 */
ssize_t write(int fd, const void *buf, size_t n);

#endif /* GUEST_LIBC_INCLUDE_UNISTD_H */
