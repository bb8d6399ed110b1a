/*
 * guest/libc/include/stdlib.h - ending the program, numbers from text.
 */
#ifndef GUEST_LIBC_INCLUDE_STDLIB_H
#define GUEST_LIBC_INCLUDE_STDLIB_H

/* End the run; vmscope exits with the low byte of status. */
__attribute__((noreturn)) void exit(int status);

/* The decimal number at the start of s (optional sign); 0 if none. */
int atoi(const char *s);

#endif /* GUEST_LIBC_INCLUDE_STDLIB_H */
