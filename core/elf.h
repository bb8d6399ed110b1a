/*
 * core/elf.h - loading a guest ELF64 image into guest RAM.
 *
 * The image is untrusted input: every header field the loader uses is
 * checked before it is used, and a bad image is refused with a message that
 * names the problem (the CLI prints it and exits 2).  Accepted: ELFCLASS64,
 * little-endian, EM_X86_64, ET_EXEC, PT_LOAD segments inside RAM, clear of
 * the ranges vmscope uses (boot_reserved_overlap()) and of one another, an
 * entry point inside a loaded executable segment.
 */
#ifndef CORE_ELF_H
#define CORE_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "core/symbols.h"

struct elf_image {
	uint64_t entry;
	uint64_t lowest;      /* lowest loaded guest-physical address */
	uint64_t highest;     /* one past the highest */
};

/*
 * Load the image (bytes, len) into mem and its symbols into syms (syms may
 * be NULL; otherwise an initialised table, whose old contents are replaced
 * on success).  A missing .symtab is fine; a malformed one is an error.
 * On failure returns -ENOEXEC (malformed or not acceptable) or -ENOMEM,
 * writes a one-line reason into err, and leaves mem and syms unchanged.
 */
int elf_load(const uint8_t *bytes, size_t len, struct guest_mem *mem,
	     struct symtab *syms, struct elf_image *out, char *err,
	     size_t errlen);

/*
 * The same checks as elf_load() for a machine with ram_size bytes of RAM,
 * without loading anything: lets a front end refuse a bad image before it
 * starts a backend.  0, or -ENOEXEC / -ENOMEM with the reason in err.
 */
int elf_check(const uint8_t *bytes, size_t len, uint64_t ram_size, char *err,
	      size_t errlen);

/*
 * The same checks, and the image's symbols into syms (an initialised
 * table, replaced on success) without loading anything: the symbols of a
 * guest another guest loads (the nesting stage's L2).
 */
int elf_read_symbols(const uint8_t *bytes, size_t len, uint64_t ram_size,
		     struct symtab *syms, char *err, size_t errlen);

#endif /* CORE_ELF_H */
