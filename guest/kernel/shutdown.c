/*
 * guest/kernel/shutdown.c - ending the run through the exit port.
 */
#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/shutdown.h"

void shutdown(uint8_t status)
{
	outb(PORT_EXIT, status);
	cli();
	for (;;)
		hlt();
}
