/*
 * core/symbols.c - the guest's symbol table: an array sorted by address.
 *
 * symtab_add() appends; symtab_sort() sorts once, stably, and keeps one
 * symbol per address: the one added first.  The ELF loader relies on that
 * rule to prefer functions over data and labels at the same address (it
 * adds the functions first).
 *
 * symtab_lookup() binary-searches for the last symbol starting at or below
 * the address.  Symbols may nest (a global label with a size inside a
 * function), so when that symbol does not cover the address an earlier,
 * larger one still might: the search then walks back.  The innermost
 * symbol covering the address wins.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/symbols.h"

void symtab_init(struct symtab *tab)
{
	tab->syms = NULL;
	tab->count = 0;
	tab->capacity = 0;
}

void symtab_free(struct symtab *tab)
{
	size_t i;

	for (i = 0; i < tab->count; i++)
		free(tab->syms[i].name);
	free(tab->syms);
	symtab_init(tab);
}

static int symtab_reserve(struct symtab *tab)
{
	struct symbol *grown;
	size_t cap;

	if (tab->count < tab->capacity)
		return 0;
	cap = tab->capacity ? tab->capacity * 2 : 16;
	grown = realloc(tab->syms, cap * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	tab->syms = grown;
	tab->capacity = cap;
	return 0;
}

int symtab_add(struct symtab *tab, const char *name, uint64_t addr,
	       uint64_t size)
{
	char *copy;

	if (symtab_reserve(tab))
		return -ENOMEM;
	copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	tab->syms[tab->count++] = (struct symbol){
		.addr = addr, .size = size, .name = copy,
	};
	return 0;
}

/*
 * Sort pointers into the table rather than the symbols themselves: comparing
 * the pointers breaks ties by position, i.e. by the order of symtab_add(),
 * which makes qsort() stable.
 */
static int symbol_ptr_cmp(const void *a, const void *b)
{
	const struct symbol *x = *(const struct symbol *const *)a;
	const struct symbol *y = *(const struct symbol *const *)b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x < y ? -1 : (x > y);
}

int symtab_sort(struct symtab *tab)
{
	struct symbol **order;
	struct symbol *sorted;
	size_t i, kept = 0;

	if (tab->count < 2)
		return 0;
	order = malloc(tab->count * sizeof(*order));
	sorted = malloc(tab->count * sizeof(*sorted));
	if (!order || !sorted) {
		free(order);
		free(sorted);
		return -ENOMEM;
	}
	for (i = 0; i < tab->count; i++)
		order[i] = &tab->syms[i];
	qsort(order, tab->count, sizeof(*order), symbol_ptr_cmp);
	for (i = 0; i < tab->count; i++) {
		if (kept && sorted[kept - 1].addr == order[i]->addr)
			free(order[i]->name);
		else
			sorted[kept++] = *order[i];
	}
	free(order);
	free(tab->syms);
	tab->syms = sorted;
	tab->capacity = tab->count;
	tab->count = kept;
	return 0;
}

static int symbol_covers(const struct symbol *sym, uint64_t addr)
{
	return addr >= sym->addr && addr - sym->addr < sym->size;
}

const struct symbol *symtab_lookup(const struct symtab *tab, uint64_t addr)
{
	size_t lo = 0, hi = tab->count;

	/* Find the first symbol starting above addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tab->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > 0) {
		const struct symbol *sym = &tab->syms[--lo];

		if (symbol_covers(sym, addr))
			return sym;
	}
	return NULL;
}

const struct symbol *symtab_find(const struct symtab *tab, const char *name)
{
	size_t i;

	for (i = 0; i < tab->count; i++) {
		if (strcmp(tab->syms[i].name, name) == 0)
			return &tab->syms[i];
	}
	return NULL;
}

const char *symtab_format(const struct symtab *tab, uint64_t addr, char *buf,
			  size_t len)
{
	const struct symbol *sym = symtab_lookup(tab, addr);

	if (len == 0)
		return buf;
	if (!sym)
		snprintf(buf, len, "0x%" PRIx64, addr);
	else if (addr == sym->addr)
		snprintf(buf, len, "%s", sym->name);
	else
		snprintf(buf, len, "%s+0x%" PRIx64, sym->name, addr - sym->addr);
	return buf;
}
