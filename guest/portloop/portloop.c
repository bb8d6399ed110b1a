/*
 * guest/portloop/portloop.c - the exit-cost benchmark guest.
 *
 * A ring-0 program linked into the kernel in place of user_entry.c: it
 * provides start_program().  It writes one byte to the POST diagnostic port
 * PORT_POST_WRITES times - nothing answers there, so each `out` is one bare
 * exit - then ends the run with status 0.  It prints nothing: `make bench`
 * times the same image under vmscope's tracer and under a raw KVM_RUN loop
 * (bench/), and the ratio of the two is the tracer's cost per exit.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/program.h"
#include "guest/kernel/shutdown.h"

#define PORT_POST_WRITES 200000

void start_program(void)
{
	for (uint32_t i = 0; i < PORT_POST_WRITES; i++)
		outb(PORT_POST, 0);
	shutdown(0);
}
