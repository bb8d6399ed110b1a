/*
 * guest/kernel/shutdown.c - ending the run: through the exit port, or by
 * restarting the machine.
 *
 * The console's last bytes may still wait in the interrupt-driven UART's
 * ring (BOOT_FLAG_CONSOLE_IRQ): they are sent first, or they would be lost.
 */
#include "guest/abi/machine.h"
#include "guest/kernel/i8042.h"
#include "guest/kernel/io.h"
#include "guest/kernel/shutdown.h"
#include "guest/kernel/tty.h"

/* With interrupts off nothing wakes a HLT: the CPU stops here. */
static __attribute__((noreturn)) void halt_forever(void)
{
	cli();
	for (;;)
		hlt();
}

void shutdown(uint8_t status)
{
	tty_drain();
	outb(PORT_EXIT, status);
	halt_forever();
}

void reboot(void)
{
	tty_drain();
	i8042_reset_cpu();
	halt_forever();
}
