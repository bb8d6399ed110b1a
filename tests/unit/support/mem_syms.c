/*
 * tests/unit/support/mem_syms.c - guest RAM, symbols and frame records for
 * tests (see the header).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/unit/support/mem_syms.h"

int mem_syms_init(struct guest_mem *mem, struct symtab *syms,
		  uint64_t ram_size, const struct sym_def *defs, size_t n)
{
	if (guest_mem_init(mem, ram_size))
		return -1;
	symtab_init(syms);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(symtab_add(syms, defs[i].name, defs[i].addr,
					    defs[i].size), 0);
	assert_int_equal(symtab_sort(syms), 0);
	return 0;
}

void mem_syms_free(struct guest_mem *mem, struct symtab *syms)
{
	symtab_free(syms);
	guest_mem_destroy(mem);
}

void mem_syms_record(struct pt_builder *pt, uint64_t rbp, uint64_t saved_rbp,
		     uint64_t ret)
{
	pt_poke(pt, rbp, saved_rbp);
	pt_poke(pt, rbp + 8, ret);
}
