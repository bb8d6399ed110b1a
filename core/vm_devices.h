/*
 * core/vm_devices.h - the PC's devices on one VM's bus (core/vm.c's
 * helpers; front ends use core/vm.h).
 */
#ifndef CORE_VM_DEVICES_H
#define CORE_VM_DEVICES_H

#include "core/vm.h"

/* Attach every device, wire the interrupt lines.  On failure nothing is
 * left attached.  0 or -errno. */
int vm_attach_devices(struct vm *vm);
/* The network card (--net), after the rest: nothing for NET_NONE.  0, or
 * -errno with why in err ("--net tap:t0: cannot attach ..."). */
int vm_attach_net(struct vm *vm, const struct net_wire_spec *spec, char *err,
		  size_t errlen);
void vm_detach_devices(struct vm *vm);
/* Power-on state for every device (a reboot). */
void vm_reset_devices(struct vm *vm);
/*
 * Name the register an I/O exit reached, right after the access: r is the
 * bus range that took it (NULL: none).  Sets io->reg and io->text for the
 * UART, whose registers at one port differ with LCR.DLAB; leaves them
 * NULL and false elsewhere.
 */
void vm_devices_name_io(struct vm *vm, const struct bus_range *r,
			struct exit_io *io);

#endif /* CORE_VM_DEVICES_H */
