/*
 * tests/unit/test_symbols.c - the symbol table: sorting, first-added wins
 * at one address, lookup at every edge, nesting, names, formatting.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/symbols.h"

/* Added out of order on purpose. */
static int setup(void **state)
{
	static struct symtab tab;

	symtab_init(&tab);
	if (symtab_add(&tab, "uart_putc", 0x101200, 0x40) ||
	    symtab_add(&tab, "main", 0x401000, 0x80) ||
	    symtab_add(&tab, "printf", 0x401100, 0x100) ||
	    symtab_add(&tab, "kernel_main", 0x100000, 0x200) ||
	    symtab_add(&tab, "inner_label", 0x100080, 0x10) ||
	    symtab_sort(&tab))
		return -1;
	*state = &tab;
	return 0;
}

static int teardown(void **state)
{
	symtab_free(*state);
	return 0;
}

static void test_sorted(void **state)
{
	const struct symtab *tab = *state;
	static const char *const order[] = {
		"kernel_main", "inner_label", "uart_putc", "main", "printf",
	};
	size_t i;

	assert_int_equal(tab->count, 5);
	for (i = 0; i < tab->count; i++)
		assert_string_equal(tab->syms[i].name, order[i]);
	assert_int_equal(tab->syms[0].addr, 0x100000);
	assert_int_equal(tab->syms[4].size, 0x100);
}

static void expect_lookup(const struct symtab *tab, uint64_t addr,
			  const char *name)
{
	const struct symbol *sym = symtab_lookup(tab, addr);

	if (!name) {
		assert_null(sym);
		return;
	}
	assert_non_null(sym);
	assert_string_equal(sym->name, name);
}

static void test_lookup_edges(void **state)
{
	const struct symtab *tab = *state;

	expect_lookup(tab, 0x401000, "main");        /* first byte */
	expect_lookup(tab, 0x40107f, "main");        /* last byte */
	expect_lookup(tab, 0x401080, NULL);          /* gap after main */
	expect_lookup(tab, 0x4010ff, NULL);
	expect_lookup(tab, 0x401100, "printf");
	expect_lookup(tab, 0x4011ff, "printf");
	expect_lookup(tab, 0x401200, NULL);          /* past the last */
	expect_lookup(tab, 0xfffff, NULL);           /* before the first */
	expect_lookup(tab, 0, NULL);
	expect_lookup(tab, UINT64_MAX, NULL);
}

/* A label inside a function: the innermost symbol wins, and past the label
 * the enclosing function is found again. */
static void test_lookup_nested(void **state)
{
	const struct symtab *tab = *state;

	expect_lookup(tab, 0x10007f, "kernel_main");
	expect_lookup(tab, 0x100080, "inner_label");
	expect_lookup(tab, 0x10008f, "inner_label");
	expect_lookup(tab, 0x100090, "kernel_main");
	expect_lookup(tab, 0x1001ff, "kernel_main");
	expect_lookup(tab, 0x100200, NULL);
}

static void test_find(void **state)
{
	const struct symtab *tab = *state;
	const struct symbol *sym = symtab_find(tab, "printf");

	assert_non_null(sym);
	assert_int_equal(sym->addr, 0x401100);
	assert_null(symtab_find(tab, "print"));
	assert_null(symtab_find(tab, "printf_"));
	assert_null(symtab_find(tab, ""));
}

static void test_format(void **state)
{
	const struct symtab *tab = *state;
	char buf[64];

	assert_string_equal(symtab_format(tab, 0x40111c, buf, sizeof(buf)),
			    "printf+0x1c");
	assert_string_equal(symtab_format(tab, 0x401100, buf, sizeof(buf)),
			    "printf");
	assert_string_equal(symtab_format(tab, 0x401080, buf, sizeof(buf)),
			    "0x401080");
	assert_string_equal(symtab_format(tab, 0x100085, buf, sizeof(buf)),
			    "inner_label+0x5");
	/* a short buffer is cut, never overrun */
	assert_string_equal(symtab_format(tab, 0x40111c, buf, 7), "printf");
	buf[0] = 'x';
	symtab_format(tab, 0x40111c, buf, 0);
	assert_int_equal(buf[0], 'x');
}

/* At a shared address the symbol added first is kept. */
static void test_duplicates_first_wins(void **state)
{
	struct symtab tab;

	(void)state;
	symtab_init(&tab);
	assert_int_equal(symtab_add(&tab, "zeta", 0x2000, 0x10), 0);
	assert_int_equal(symtab_add(&tab, "trap_entry", 0x1000, 0x40), 0);
	assert_int_equal(symtab_add(&tab, "alias_b", 0x1000, 0x10), 0);
	assert_int_equal(symtab_add(&tab, "alias_a", 0x1000, 0x80), 0);
	assert_int_equal(symtab_sort(&tab), 0);
	assert_int_equal(tab.count, 2);
	assert_string_equal(tab.syms[0].name, "trap_entry");
	assert_int_equal(tab.syms[0].size, 0x40);
	assert_string_equal(tab.syms[1].name, "zeta");
	assert_null(symtab_find(&tab, "alias_a"));
	/* the table keeps working after the sort shrank it */
	assert_int_equal(symtab_add(&tab, "late", 0x3000, 8), 0);
	assert_int_equal(symtab_sort(&tab), 0);
	assert_int_equal(tab.count, 3);
	expect_lookup(&tab, 0x3007, "late");
	symtab_free(&tab);
	assert_int_equal(tab.count, 0);
	assert_null(tab.syms);
}

/* Many symbols: growth and the binary search on a real size. */
static void test_many(void **state)
{
	struct symtab tab;
	char name[16];
	unsigned i;

	(void)state;
	symtab_init(&tab);
	for (i = 1000; i-- > 0;) {
		snprintf(name, sizeof(name), "f%u", i);
		assert_int_equal(symtab_add(&tab, name, 0x100000 + i * 0x20, 0x18), 0);
	}
	assert_int_equal(symtab_sort(&tab), 0);
	assert_int_equal(tab.count, 1000);
	expect_lookup(&tab, 0x100000 + 537 * 0x20 + 0x17, "f537");
	expect_lookup(&tab, 0x100000 + 537 * 0x20 + 0x18, NULL);
	expect_lookup(&tab, 0x100000 + 999 * 0x20, "f999");
	expect_lookup(&tab, 0x100000, "f0");
	symtab_free(&tab);
}

static void test_empty(void **state)
{
	struct symtab tab;
	char buf[32];

	(void)state;
	symtab_init(&tab);
	assert_int_equal(symtab_sort(&tab), 0);
	assert_null(symtab_lookup(&tab, 0x1000));
	assert_null(symtab_find(&tab, "main"));
	assert_string_equal(symtab_format(&tab, 0xabc, buf, sizeof(buf)), "0xabc");
	symtab_free(&tab);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted),
		cmocka_unit_test(test_lookup_edges),
		cmocka_unit_test(test_lookup_nested),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_duplicates_first_wins),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
