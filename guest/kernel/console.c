/*
 * guest/kernel/console.c - the kernel's own messages on the console.
 *
 * Numbers are converted into a small buffer and sent with one tty_write.
 */
#include <stddef.h>
#include <stdint.h>

#include "guest/kernel/console.h"
#include "guest/kernel/tty.h"

void console_puts(const char *s)
{
	size_t len = 0;

	while (s[len] != '\0')
		len++;
	tty_write(s, len);
}

/* Write value in base (10 or 16) to the console. */
static void put_number(uint64_t value, unsigned base)
{
	char digits[20];   /* 2^64 - 1 has 20 decimal digits */
	size_t n = sizeof digits;

	do {
		digits[--n] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value != 0);
	tty_write(digits + n, sizeof digits - n);
}

void console_puthex(uint64_t value)
{
	tty_write("0x", 2);
	put_number(value, 16);
}

void console_putdec(uint64_t value)
{
	put_number(value, 10);
}
