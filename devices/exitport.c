/*
 * devices/exitport.c - the test/exit port.
 *
 * A write ends the run: the status is the byte written (for a wider write,
 * its low byte, the one that lands on this port).  Every write calls
 * on_exit; the first one ends the run and the caller ignores the rest.
 *
 * Reads return all ones: the port is write-only, and all ones is what a
 * read of a port nothing drives gives on a PC, so the guest learns nothing
 * it could come to rely on.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "devices/exitport.h"

struct exitport {
	exitport_fn on_exit;
	void *opaque;
};

static void exitport_access(void *opaque, uint64_t offset, unsigned size,
			    bool is_write, uint64_t *data)
{
	struct exitport *ep = opaque;

	(void)offset;   /* one port: always 0 */
	(void)size;
	if (is_write)
		ep->on_exit(ep->opaque, (int)(*data & 0xff));
	else
		*data = UINT64_MAX;
}

int exitport_init(struct exitport **out, struct bus *bus, uint16_t port,
		  exitport_fn on_exit, void *opaque)
{
	struct exitport *ep;
	int err;

	if (!on_exit)
		return -EINVAL;
	ep = calloc(1, sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	ep->on_exit = on_exit;
	ep->opaque = opaque;
	err = bus_register_pio(bus, port, 1, "exitport", exitport_access, ep);
	if (err)
		goto err_free;
	*out = ep;
	return 0;

err_free:
	free(ep);
	return err;
}

void exitport_free(struct exitport *ep)
{
	free(ep);
}
