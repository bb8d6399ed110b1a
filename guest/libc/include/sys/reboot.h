/*
 * guest/libc/include/sys/reboot.h - restarting the machine.
 */
#ifndef GUEST_LIBC_INCLUDE_SYS_REBOOT_H
#define GUEST_LIBC_INCLUDE_SYS_REBOOT_H

/*
 * Restart the machine: the kernel pulses the reset line of the keyboard
 * controller.  Linux's reboot() takes a command; this one only restarts.
 * Does not return (if the reset does nothing, the machine halts).
 */
int reboot(void);

#endif /* GUEST_LIBC_INCLUDE_SYS_REBOOT_H */
