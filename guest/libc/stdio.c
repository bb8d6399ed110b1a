/*
 * guest/libc/stdio.c - printf and friends, on top of the formatting engine
 * (format.c) and write().
 *
 * vfprintf is the one worker: printf and fprintf only collect their
 * arguments.  vfprintf formats into a buffer on its stack and ends with one
 * write() of it, which is why a trace shows the call chain
 * main > printf > vfprintf > write.
 */
#include <stdarg.h>
#include <stddef.h>

#include <stdio.h>
#include <unistd.h>

#include "guest/libc/format.h"

static FILE stdout_file = { 1 };
static FILE stderr_file = { 2 };
FILE *const stdout = &stdout_file;
FILE *const stderr = &stderr_file;

/* Called by the engine when the buffer is full: output longer than it. */
static void flush_to_file(struct fmt_sink *sink)
{
	const FILE *f = sink->ctx;

	if (write(f->fd, sink->buf, sink->used) < 0)
		sink->error = 1;
	sink->used = 0;
}

__attribute__((noinline)) int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	char buf[PRINTF_BUFSIZE];
	struct fmt_sink sink = {
		.buf = buf,
		.cap = sizeof buf,
		.flush = flush_to_file,
		.ctx = f,
	};

	fmt_format(&sink, fmt, ap);
	if (sink.used > 0 && write(f->fd, buf, sink.used) < 0)
		sink.error = 1;
	return sink.error ? -1 : (int)sink.total;
}

__attribute__((noinline)) int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return fmt_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
