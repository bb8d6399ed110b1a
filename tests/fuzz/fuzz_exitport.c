/*
 * tests/fuzz/fuzz_exitport.c - fuzz target: the exit port
 * (devices/exitport.c), through the bus.
 *
 * The guest reads and writes the port and its neighbours at any size; each
 * write to the port must end the run with the written byte as the status
 * (0-255), as devices/exitport.h promises.  No host side.  The input
 * format is fuzz_bus.h's.
 */
#include <stdlib.h>

#include "devices/exitport.h"
#include "guest/abi/machine.h"
#include "tests/fuzz/support/fuzz_bus.h"

static void on_exit_status(void *opaque, int status)
{
	(void)opaque;
	if (status < 0 || status > 255)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	struct bus bus;
	struct exitport *ep;

	bus_init(&bus);
	if (exitport_init(&ep, &bus, PORT_EXIT, on_exit_status, NULL) < 0)
		abort();
	fuzz_input_init(&in, data, size);
	fuzz_bus_run(&in, &(struct fuzz_device){ &bus, PORT_EXIT, 1, NULL,
				NULL });
	exitport_free(ep);
	return 0;
}
