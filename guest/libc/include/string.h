/*
 * guest/libc/include/string.h - string and memory functions.
 */
#ifndef GUEST_LIBC_INCLUDE_STRING_H
#define GUEST_LIBC_INCLUDE_STRING_H

#include <stddef.h>

size_t strlen(const char *s);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

#endif /* GUEST_LIBC_INCLUDE_STRING_H */
