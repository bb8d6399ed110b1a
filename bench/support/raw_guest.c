/*
 * bench/support/raw_guest.c - a built-in guest, loaded for a bare loop
 * (see raw_guest.h).
 */
#include <stdio.h>

#include "bench/support/raw_guest.h"
#include "core/boot.h"
#include "core/elf.h"
#include "core/guests.h"

int raw_guest_load(const char *prog, const char *name, struct guest_mem *mem,
		   struct vcpu_regs *regs, struct vcpu_sregs *sregs)
{
	const struct builtin_guest *g = guests_find(name);
	struct elf_image img;
	char err[160] = "";

	if (!g) {
		fprintf(stderr, "%s: no built-in guest '%s'\n", prog, name);
		return -1;
	}
	if (guest_mem_init(mem, 64ULL << 20) ||
	    elf_load(g->image, (size_t)(g->image_end - g->image), mem, NULL,
		     &img, err, sizeof(err)) ||
	    boot_build(mem, img.entry, 0, regs, sregs)) {
		fprintf(stderr, "%s: cannot load %s: %s\n", prog, name, err);
		return -1;
	}
	return 0;
}
