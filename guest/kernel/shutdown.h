/*
 * guest/kernel/shutdown.h - ending the run.
 */
#ifndef GUEST_KERNEL_SHUTDOWN_H
#define GUEST_KERNEL_SHUTDOWN_H

#include <stdint.h>

/*
 * Write status to the exit port (guest/abi/machine.h, PORT_EXIT): vmscope
 * ends the run with that status.  Never returns: should the write come back
 * (a VMM without the exit port), the CPU halts with interrupts off.
 */
__attribute__((noreturn)) void shutdown(uint8_t status);

/*
 * Restart the machine: pulse the CPU's reset line through the keyboard
 * controller (i8042.c).  vmscope then boots the guest again from its
 * first instruction.  Should the pulse do nothing, the CPU halts with
 * interrupts off.
 */
__attribute__((noreturn)) void reboot(void);

#endif /* GUEST_KERNEL_SHUTDOWN_H */
