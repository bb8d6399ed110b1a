/*
 * tests/unit/support/guest_vm.c - a built-in guest as a whole machine
 * (see the header).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/guests.h"
#include "tests/unit/support/guest_vm.h"

static void discard(void *opaque, uint8_t byte)
{
	(void)opaque;
	(void)byte;
}

void guest_vm_create(struct vm *vm, const struct backend_ops *backend,
		     const char *guest)
{
	guest_vm_create_irqchip(vm, backend, guest, VM_IRQCHIP_USER);
}

void guest_vm_create_irqchip(struct vm *vm, const struct backend_ops *backend,
			     const char *guest, enum vm_irqchip irqchip)
{
	const struct builtin_guest *g = guests_find(guest);
	struct vm_config cfg = { .backend = backend,
				 .serial = { .write = discard },
				 .irqchip = irqchip };
	char err[160];

	assert_non_null(g);
	cfg.image = g->image;
	cfg.image_size = (size_t)(g->image_end - g->image);
	if (vm_create(vm, &cfg, err, sizeof(err)))
		fail_msg("vm_create %s on %s: %s", guest, backend->name, err);
}
