/*
 * guest/libc/include/sys/times.h - the timer's ticks.
 */
#ifndef GUEST_LIBC_INCLUDE_SYS_TIMES_H
#define GUEST_LIBC_INCLUDE_SYS_TIMES_H

typedef long clock_t;

#define CLK_TCK 100   /* ticks per second (the kernel's PIT rate) */

/* Per-process CPU times: the teaching kernel has none to give. */
struct tms;

/*
 * Timer ticks (CLK_TCK a second) since the kernel started its timer - on
 * the first read() or times() call.  buf must be NULL (else -EINVAL).
 */
clock_t times(struct tms *buf);

#endif /* GUEST_LIBC_INCLUDE_SYS_TIMES_H */
