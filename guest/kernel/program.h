/*
 * guest/kernel/program.h - the program the kernel runs after boot.
 *
 * Every image links exactly one start_program(): for a user program it is
 * guest/kernel/user_entry.c, which drops to ring 3; the ring-0 demo guests
 * (guest/exits, guest/portloop) provide their own.  guest/guest.mk says
 * which is linked into which image.
 */
#ifndef GUEST_KERNEL_PROGRAM_H
#define GUEST_KERNEL_PROGRAM_H

/* Called once by kmain after the machine is set up; never returns. */
__attribute__((noreturn)) void start_program(void);

#endif /* GUEST_KERNEL_PROGRAM_H */
