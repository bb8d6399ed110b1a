/*
 * core/boot.h - the entry state vmscope builds for every guest.
 *
 * Writes the boot GDT, the identity-mapped page tables and struct boot_info
 * into guest RAM, and fills the registers, exactly as guest/abi/machine.h
 * promises.  Both backends start the guest from this one state.
 */
#ifndef CORE_BOOT_H
#define CORE_BOOT_H

#include <stdint.h>

#include "core/memory.h"
#include "core/regs.h"

/* Needs RAM of at least 4 MiB.  flags go to the guest in
 * boot_info.flags (BOOT_FLAG_*).  Returns 0 or -EINVAL. */
int boot_build(struct guest_mem *mem, uint64_t entry, uint64_t flags,
	       struct vcpu_regs *regs, struct vcpu_sregs *sregs);

#endif /* CORE_BOOT_H */
