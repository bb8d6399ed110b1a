/*
 * devices/exitport.h - the test/exit port: a guest ends the run with a
 * status byte.
 *
 * Like QEMU's isa-debug-exit, but the byte written is the status as is (QEMU
 * turns value v into (v << 1) | 1).  The guest writes one byte to PORT_EXIT
 * (guest/abi/machine.h); the device calls on_exit(opaque, status) and the
 * caller decides what ending a run means (core/vm.c: vm_guest_exit()), so
 * the device needs no struct vm.
 *
 * Threading: the bus handler runs on the vCPU thread, and so does on_exit.
 */
#ifndef DEVICES_EXITPORT_H
#define DEVICES_EXITPORT_H

#include <stdint.h>

#include "core/bus.h"

struct exitport;

typedef void (*exitport_fn)(void *opaque, int status);

/*
 * Claim the one port at port on bus; on_exit is required.  Returns 0,
 * -EINVAL, -ENOMEM, or the bus's error; nothing is left allocated on
 * failure.
 */
int exitport_init(struct exitport **out, struct bus *bus, uint16_t port,
		  exitport_fn on_exit, void *opaque);
/* NULL is allowed.  The bus must not route accesses to it any more. */
void exitport_free(struct exitport *ep);

#endif /* DEVICES_EXITPORT_H */
