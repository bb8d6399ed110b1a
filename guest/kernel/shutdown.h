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

#endif /* GUEST_KERNEL_SHUTDOWN_H */
