/*
 * core/symbols.h - the guest's symbol table, from its ELF .symtab.
 *
 * Turns a guest address into "function+0x1c" for the trace, and a name into
 * an address for breakpoints and the unwinder.  Only function and object
 * symbols with a size are kept, sorted by address.
 */
#ifndef CORE_SYMBOLS_H
#define CORE_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

struct symbol {
	uint64_t addr;
	uint64_t size;
	char *name;        /* owned by the table */
};

struct symtab {
	struct symbol *syms;   /* sorted by addr */
	size_t count;
	size_t capacity;       /* allocated entries */
};

void symtab_init(struct symtab *tab);
void symtab_free(struct symtab *tab);
/* Add one symbol (copies name); call symtab_sort() when done.  0/-ENOMEM. */
int symtab_add(struct symtab *tab, const char *name, uint64_t addr,
	       uint64_t size);
/* Sort by address, keeping at each address only the symbol added first.
 * 0 or -ENOMEM (the table is then unchanged and unsorted). */
int symtab_sort(struct symtab *tab);
/* The symbol whose [addr, addr+size) holds addr (the innermost when
 * symbols nest), or NULL. */
const struct symbol *symtab_lookup(const struct symtab *tab, uint64_t addr);
/* The symbol called name, or NULL. */
const struct symbol *symtab_find(const struct symtab *tab, const char *name);
/* "name+0x1c", "name" at offset 0, or "0x401000" when unknown. */
const char *symtab_format(const struct symtab *tab, uint64_t addr, char *buf,
			  size_t len);

#endif /* CORE_SYMBOLS_H */
