/*
 * core/boot.h - the entry state vmscope builds for every guest.
 *
 * Writes the boot GDT, the identity-mapped page tables and struct boot_info
 * into guest RAM, and fills the registers, exactly as guest/abi/machine.h
 * promises.  Both backends start the guest from this one state.  The
 * ranges it writes (and page 0, the boot stack, the VGA window) are the
 * only ones a guest image may not load into.
 */
#ifndef CORE_BOOT_H
#define CORE_BOOT_H

#include <stdint.h>

#include "core/memory.h"
#include "core/regs.h"

/* A guest-physical range the machine itself uses, [start, end). */
struct boot_region {
	uint64_t start, end;
	const char *name;       /* "the boot page tables" */
};

/*
 * The first region vmscope reserves (page 0, the boot GDT, the boot info,
 * the boot page tables, the boot stack, the VGA text window) that
 * [start, end) overlaps, or NULL: where the ELF loader may put a segment.
 */
const struct boot_region *boot_reserved_overlap(uint64_t start, uint64_t end);

/* Needs RAM of at least 4 MiB.  flags go to the guest in
 * boot_info.flags (BOOT_FLAG_*).  Returns 0 or -EINVAL. */
int boot_build(struct guest_mem *mem, uint64_t entry, uint64_t flags,
	       struct vcpu_regs *regs, struct vcpu_sregs *sregs);

#endif /* CORE_BOOT_H */
