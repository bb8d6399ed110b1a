/*
 * tests/unit/support/guest_vm.h - a whole machine for a test: a built-in
 * guest (core/guests.h) through vm_create() on the backend given, its
 * console discarded.  Two of them side by side are how the reset tests
 * compare a reset machine with a fresh one.
 */
#ifndef TESTS_UNIT_SUPPORT_GUEST_VM_H
#define TESTS_UNIT_SUPPORT_GUEST_VM_H

#include "core/backend.h"
#include "core/vm.h"

/* A fresh machine and a used one, each with its exit record. */
struct guest_vm_pair {
	struct vm fresh, used;
	struct exit_record fresh_exit, used_exit;
};

/* vm_create() the named guest; fails the test if it cannot.  _irqchip:
 * with the interrupt controller where irqchip asks (the backend may keep
 * it in user space: vm->irqchip says). */
void guest_vm_create(struct vm *vm, const struct backend_ops *backend,
		     const char *guest);
void guest_vm_create_irqchip(struct vm *vm, const struct backend_ops *backend,
			     const char *guest, enum vm_irqchip irqchip);

#endif /* TESTS_UNIT_SUPPORT_GUEST_VM_H */
