/*
 * bench/raw_soft_loop.c - the software CPU's baseline for
 * exit_cost_soft_ratio and first_byte_soft_ratio: the least a VMM can do
 * per exit on vmscope's software CPU.
 *
 * Loads a built-in guest (default `portloop`) as vmscope does
 * (bench/support/raw_guest.h) and calls softcpu_run() in a loop: no VM,
 * no devices, no dispatcher, no trace; port I/O meets the least of a
 * COM1 (bench/support/raw_uart.h: the guest's console on stdout).  The run
 * ends at a write to the exit port (status 0) or at any exit but port I/O
 * (status 1).  It says on stderr how many OUT exits it saw.  The guest's
 * instructions cost what they cost under vmscope, so CPU time under
 * `vmscope trace` over CPU time here is vmscope's own per-exit work.
 *
 * Usage: raw_soft_loop [GUEST]
 */
#include <stdio.h>

#include "bench/support/raw_guest.h"
#include "bench/support/raw_uart.h"
#include "cpu/softcpu.h"
#include "guest/abi/machine.h"

int main(int argc, char **argv)
{
	struct guest_mem mem;
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;
	struct exit_record exit = { 0 };
	struct softcpu *cpu;
	struct raw_uart uart = { 0 };
	unsigned long outs = 0;

	if (raw_guest_load("raw_soft_loop", argc > 1 ? argv[1] : "portloop",
			   &mem, &regs, &sregs))
		return 1;
	if (softcpu_create(&cpu, &mem) || softcpu_set_sregs(cpu, &sregs) ||
	    softcpu_set_regs(cpu, &regs)) {
		fprintf(stderr, "raw_soft_loop: cannot set up the CPU\n");
		return 1;
	}
	for (;;) {
		if (softcpu_run(cpu, &exit, 0))
			return 1;
		if (exit.reason != EXIT_IO || exit.u.io.port == PORT_EXIT)
			break;
		outs += exit.u.io.direction == IO_OUT;
		raw_uart_io(&uart, exit.u.io.port,
			    exit.u.io.direction == IO_OUT, exit.u.io.data,
			    (size_t)exit.u.io.size * exit.u.io.count);
	}
	fprintf(stderr, "raw_soft_loop: %lu OUT exits\n", outs);
	softcpu_destroy(cpu);
	return exit.reason == EXIT_IO ? 0 : 1;
}
