/*
 * tests/unit/test_exit_text.c - cli/exit_text.c, the cache of an exit's
 * words: an exit's reason, symbol and instruction; the same exit again
 * answered from the cache (the same text, the same id), and an exit whose
 * key differs in the same slot (self-modifying code: new bytes at the
 * same RIP) made anew.  And where the texts live: given out in order, so
 * the first exits' texts lie side by side however the hash spreads their
 * slots - a page of memory touched for the first time is a page fault,
 * and a start should not take one per exit (docs/BENCH.md, start-up).
 * An exit that came between instructions (an interrupt window, a kick)
 * names the instruction at RIP as the next one, "next: cli": it did not
 * exit.  A DEBUG stop is a stop at its instruction, as before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/exit_text.h"
#include "cpu/soft.h"

struct fixture {
	struct vm vm;
	struct exit_text_cache *cache;
};

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	f.vm.backend = &soft_backend_ops;
	symtab_init(&f.vm.syms);
	if (symtab_add(&f.vm.syms, "uart_putc", 0x101000, 0x40) ||
	    symtab_sort(&f.vm.syms) || exit_text_cache_open(&f.cache))
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	exit_text_cache_close(f->cache);
	symtab_free(&f->vm.syms);
	return 0;
}

/* A port-I/O exit at rip whose instruction is the byte op. */
static struct exit_record io_exit(uint64_t rip, uint8_t op)
{
	struct exit_record e = { .reason = EXIT_IO, .rip = rip, .insn_len = 1 };

	e.insn[0] = op;
	return e;
}

static void test_words_and_cache(void **state)
{
	struct fixture *f = *state;
	struct exit_record out = io_exit(0x10101c, 0xee);
	struct exit_record in = io_exit(0x10101c, 0xec);
	const struct exit_text *t;
	uint64_t id;

	t = exit_text_describe(f->cache, &f->vm, &out);
	assert_string_equal(t->reason, "IO(2)");
	assert_string_equal(t->sym, "uart_putc+0x1c");
	assert_string_equal(t->insn, "out dx, al");
	assert_int_equal(t->insn_size, 1);
	id = t->id;
	t = exit_text_describe(f->cache, &f->vm, &out);
	assert_int_equal(t->id, id);            /* from the cache */
	t = exit_text_describe(f->cache, &f->vm, &in);
	assert_string_equal(t->insn, "in al, dx");  /* same slot, new bytes */
	assert_true(t->id != id);
}

static void test_next_insn_between(void **state)
{
	static const uint32_t between[] = { EXIT_IRQ_WINDOW_OPEN, EXIT_INTR };
	struct fixture *f = *state;
	struct exit_record e = io_exit(0x101022, 0xfa);   /* cli */

	assert_string_equal(exit_text_describe(f->cache, &f->vm, &e)->insn,
			    "cli");
	for (size_t i = 0; i < sizeof(between) / sizeof(between[0]); i++) {
		e.reason = between[i];
		assert_string_equal(
			exit_text_describe(f->cache, &f->vm, &e)->insn,
			"next: cli");
	}
	e.reason = EXIT_DEBUG;
	assert_string_equal(exit_text_describe(f->cache, &f->vm, &e)->insn,
			    "cli");
}

static void test_first_texts_side_by_side(void **state)
{
	enum { EXITS = 8 };
	struct fixture *f = *state;
	uintptr_t lowest = UINTPTR_MAX, highest = 0;

	for (unsigned i = 0; i < EXITS; i++) {
		/* RIPs 0x1000 apart: slots spread over the whole table */
		struct exit_record e = io_exit(0x100000 + i * 0x1000 + i, 0xee);
		uintptr_t at = (uintptr_t)exit_text_describe(f->cache, &f->vm,
							     &e);

		lowest = at < lowest ? at : lowest;
		highest = at > highest ? at : highest;
	}
	assert_true(highest - lowest < EXITS * sizeof(struct exit_text));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_words_and_cache, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_next_insn_between, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_first_texts_side_by_side,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
