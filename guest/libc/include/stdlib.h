/*
 * guest/libc/include/stdlib.h - ending the program.
 */
#ifndef GUEST_LIBC_INCLUDE_STDLIB_H
#define GUEST_LIBC_INCLUDE_STDLIB_H

/* End the run; vmscope exits with the low byte of status. */
__attribute__((noreturn)) void exit(int status);

#endif /* GUEST_LIBC_INCLUDE_STDLIB_H */
