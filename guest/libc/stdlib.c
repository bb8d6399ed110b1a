/*
 * guest/libc/stdlib.c - numbers from text.
 */
#include <stdlib.h>

/* An optional sign, then decimal digits; stops at the first other byte.
 * Overflow is not detected (as the C standard allows atoi). */
int atoi(const char *s)
{
	int sign = 1;
	int value = 0;

	if (*s == '-' || *s == '+')
		sign = *s++ == '-' ? -1 : 1;
	for (; *s >= '0' && *s <= '9'; s++)
		value = value * 10 + (*s - '0');
	return sign * value;
}
