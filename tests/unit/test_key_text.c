/*
 * tests/unit/test_key_text.c - --keys TEXT (core/key_text.c): what a
 * script types, and where a bad script is refused, over a real VM whose
 * key queue is read back (the fake backend: nothing runs).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/guests.h"
#include "core/key_text.h"
#include "core/vm.h"
#include "tests/unit/support/fake_backend.h"

static void expect_error(const char *text, const char *why)
{
	char err[128];

	assert_int_equal(key_text_check(text, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, why);
}

static void test_bad_scripts(void **state)
{
	char err[128];

	(void)state;
	assert_int_equal(key_text_check("ls -l\\n\\x04\\w\\t\\b\\e\\\\", err,
					sizeof(err)), 0);
	expect_error("ab\\q", "at character 3: unknown escape "
		     "(\\n \\r \\t \\b \\e \\\\ \\xHH \\w)");
	expect_error("\\x4", "at character 1: \\x needs two hex digits");
	expect_error("\\xg0", "at character 1: \\x needs two hex digits");
	expect_error("a\\", "at character 2: unknown escape "
		     "(\\n \\r \\t \\b \\e \\\\ \\xHH \\w)");
	expect_error("ok\\x80", "at character 3: 0x80 has no key on a US "
		     "keyboard");
	expect_error("\xc3\xa9", "at character 1: 0xc3 has no key on a US "
		     "keyboard");
}

/* "A\n\w" types Shift+a, then Enter, then a pause, in that order. */
static void test_typed_groups(void **state)
{
	static const uint8_t shift_a[] = { 0x2a, 0x1e, 0x9e, 0xaa };
	static const uint8_t enter[] = { 0x1c, 0x9c };
	const struct builtin_guest *g = guests_find("echo");
	struct vm_config cfg = { .backend = &fake_backend_ops };
	uint8_t out[KEYQUEUE_GROUP_MAX];
	struct vm vm;
	char err[160];

	(void)state;
	fake_backend_reset();
	cfg.image = g->image;
	cfg.image_size = (size_t)(g->image_end - g->image);
	assert_int_equal(vm_create(&vm, &cfg, err, sizeof(err)), 0);
	assert_int_equal(key_text_type(&vm, "A\\n\\w", err, sizeof(err)), 0);
	assert_true(vm.keys_paced);
	assert_int_equal(key_queue_pop(&vm.keys, out), sizeof(shift_a));
	assert_memory_equal(out, shift_a, sizeof(shift_a));
	assert_int_equal(key_queue_pop(&vm.keys, out), sizeof(enter));
	assert_memory_equal(out, enter, sizeof(enter));
	assert_int_equal(key_queue_pop(&vm.keys, out), 0);
	assert_int_equal(key_queue_pop(&vm.keys, out), -EAGAIN);
	vm_destroy(&vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_scripts),
		cmocka_unit_test(test_typed_groups),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
