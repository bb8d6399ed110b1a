/*
 * guest/libc/include/stdio.h - formatted output for guest programs.
 *
 * A FILE is only a file descriptor: there is no stream buffering across
 * calls.  Each printf call formats into a buffer on the stack and hands it
 * to the kernel with one write() - one `int $0x80` per printf - unless the
 * output is longer than PRINTF_BUFSIZE, which takes one write per buffer.
 * Conversions supported: see guest/libc/format.h.
 */
#ifndef GUEST_LIBC_INCLUDE_STDIO_H
#define GUEST_LIBC_INCLUDE_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTF_BUFSIZE 256

typedef struct FILE {
	int fd;
} FILE;

extern FILE *const stdout;
extern FILE *const stderr;

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vfprintf(FILE *f, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif /* GUEST_LIBC_INCLUDE_STDIO_H */
