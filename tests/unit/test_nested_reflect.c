/*
 * tests/unit/test_nested_reflect.c - the rule that decides, for each exit
 * of L2's, "reflected to L1" or "handled in L0" (core/nested_reflect.c),
 * and the words it gives: I/O bitmap bits (a multi-byte access hits if
 * any of its ports is set), the doorbell always L1's, HLT and CPUID by
 * L1's intercepts, exceptions by L1's bitmap, a shadow fault L0's own,
 * nested page faults L1's table refuses and triple faults always L1's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/nested.h"

static struct nested_controls ctl;

static void set_port(uint16_t port)
{
	ctl.io_bitmap[port / 8] |= (uint8_t)(1u << (port % 8));
}

static int setup(void **state)
{
	(void)state;
	memset(&ctl, 0, sizeof(ctl));
	ctl.intercepts = NESTED_INTERCEPT_IO;
	set_port(0x3f8);
	set_port(0x3fd);
	set_port(0x8001);   /* in bitmap B */
	return 0;
}

static enum nested_verdict decide(const struct nested_exit *e, char *rule)
{
	return nested_decide(&ctl, e, rule, 96);
}

static void test_io_bitmap(void **state)
{
	char rule[96];
	struct nested_exit out = { .reason = NESTED_EXIT_IO, .port = 0x3f8,
				   .size = 1 };

	(void)state;
	assert_int_equal(decide(&out, rule), NESTED_REFLECT);
	assert_string_equal(rule, "L1's I/O bitmap has port 0x3f8");
	out.port = 0xf4;
	assert_int_equal(decide(&out, rule), NESTED_L0_DEVICE);
	assert_string_equal(rule, "port 0xf4 is not in L1's I/O bitmap: "
			    "L0's device");
	out.port = 0x8001;
	assert_int_equal(decide(&out, rule), NESTED_REFLECT);
	/* a 4-byte access at 0x3fa covers 0x3fd */
	out.port = 0x3fa;
	out.size = 4;
	assert_int_equal(decide(&out, rule), NESTED_REFLECT);
	out.size = 2;
	assert_int_equal(decide(&out, rule), NESTED_L0_DEVICE);
	/* 0xfffe and 0xffff are clear, but a 4-byte access there wraps to
	 * port 0: VMX makes it exit whatever the bitmaps say */
	out.port = 0xfffe;
	out.size = 2;
	assert_int_equal(decide(&out, rule), NESTED_L0_DEVICE);
	out.size = 4;
	assert_int_equal(decide(&out, rule), NESTED_REFLECT);
	assert_string_equal(rule, "an access at port 0xfffe wraps past 0xffff: "
			    "L1's, whatever its I/O bitmap");
}

static void test_io_intercept_off(void **state)
{
	char rule[96];
	struct nested_exit out = { .reason = NESTED_EXIT_IO, .port = 0x3f8,
				   .size = 1 };

	(void)state;
	ctl.intercepts = 0;   /* the bitmap is not looked at */
	assert_int_equal(decide(&out, rule), NESTED_L0_DEVICE);
	assert_false(nested_io_intercepted(&ctl, 0x3f8, 1));
}

static void test_doorbell_is_l1s(void **state)
{
	char rule[96];
	struct nested_exit out = { .reason = NESTED_EXIT_IO,
				   .port = NESTED_PORT_RUN, .size = 4 };

	(void)state;
	ctl.intercepts = 0;
	assert_int_equal(decide(&out, rule), NESTED_REFLECT);
	assert_string_equal(rule, "port 0x510 is the doorbell: L2's "
			    "hypervisor is L1");
	out.port = NESTED_PORT_INVALIDATE;
	assert_int_equal(decide(&out, rule), NESTED_REFLECT);
}

static void test_hlt_and_cpuid(void **state)
{
	char rule[96];
	struct nested_exit hlt = { .reason = NESTED_EXIT_HLT };
	struct nested_exit cpuid = { .reason = NESTED_EXIT_CPUID };

	(void)state;
	assert_int_equal(decide(&hlt, rule), NESTED_L0_HANDLES);
	assert_string_equal(rule, "HLT: L1 does not intercept it");
	assert_int_equal(decide(&cpuid, rule), NESTED_L0_HANDLES);
	ctl.intercepts |= NESTED_INTERCEPT_HLT | NESTED_INTERCEPT_CPUID;
	assert_int_equal(decide(&hlt, rule), NESTED_REFLECT);
	assert_string_equal(rule, "L1 intercepts HLT");
	assert_int_equal(decide(&cpuid, rule), NESTED_REFLECT);
	assert_string_equal(rule, "L1 intercepts CPUID");
}

static void test_exception_bitmap(void **state)
{
	char rule[96];
	struct nested_exit pf = { .reason = NESTED_EXIT_EXCEPTION,
				  .vector = 14 };

	(void)state;
	assert_int_equal(decide(&pf, rule), NESTED_L0_HANDLES);
	ctl.exception_bitmap = 1u << 14;
	assert_int_equal(decide(&pf, rule), NESTED_REFLECT);
	assert_string_equal(rule, "L1's exception bitmap has vector 14");
	pf.vector = 13;
	assert_int_equal(decide(&pf, rule), NESTED_L0_HANDLES);
}

static void test_always_l1s(void **state)
{
	char rule[96];
	struct nested_exit npf = { .reason = NESTED_EXIT_NPF, .gpa = 0x5000,
				   .walk = NESTED_WALK_NOT_PRESENT };
	struct nested_exit tf = { .reason = NESTED_EXIT_TRIPLE_FAULT };

	(void)state;
	ctl.intercepts = 0;
	assert_int_equal(decide(&npf, rule), NESTED_REFLECT);
	assert_string_equal(rule, "L1's nested page table has no entry: "
			    "L2-physical 0x5000");
	npf.walk = NESTED_WALK_LOOP;
	assert_int_equal(decide(&npf, rule), NESTED_REFLECT);
	assert_string_equal(rule, "L1's nested page table loops back on "
			    "itself: L2-physical 0x5000");
	assert_int_equal(decide(&tf, rule), NESTED_REFLECT);
}

/* An EPT violation on a page L1's table maps is L0's own: its shadow
 * lacked the page (rule 0, as KVM's shadow EPT) - L1 never sees it. */
static void test_shadow_fault_is_l0s(void **state)
{
	char rule[96];
	struct nested_exit npf = { .reason = NESTED_EXIT_NPF, .gpa = 0x5000,
				   .walk = NESTED_WALK_OK };

	(void)state;
	ctl.intercepts = NESTED_INTERCEPTS_ALL;
	ctl.exception_bitmap = ~0u;
	assert_int_equal(decide(&npf, rule), NESTED_L0_HANDLES);
	assert_string_equal(rule, "shadow fault, L1 maps it");
	assert_string_equal(nested_verdict_text(NESTED_L0_HANDLES),
			    "handled in L0");
}

/* L0 makes an external-interrupt exit only for an L1 that intercepts
 * them: always L1's, with the IRQ waiting in L1's PIC named. */
static void test_external_interrupt(void **state)
{
	char rule[96];
	struct nested_exit ext = { .reason = NESTED_EXIT_EXTINT, .irq = 4 };

	(void)state;
	ctl.intercepts = NESTED_INTERCEPT_EXTINT;
	assert_int_equal(decide(&ext, rule), NESTED_REFLECT);
	assert_string_equal(rule, "IRQ 4 is L1's, and L1 intercepts external "
			    "interrupts");
}

static void test_names(void **state)
{
	char buf[40];

	(void)state;
	assert_string_equal(nested_exit_format(NESTED_EXIT_IO, buf,
					       sizeof(buf)),
			    "IO_INSTRUCTION(30)");
	assert_string_equal(nested_exit_format(NESTED_EXIT_NPF, buf,
					       sizeof(buf)),
			    "EPT_VIOLATION(48)");
	assert_string_equal(nested_exit_format(77, buf, sizeof(buf)),
			    "UNKNOWN(77)");
	assert_string_equal(nested_verdict_text(NESTED_REFLECT),
			    "reflected to L1");
	assert_string_equal(nested_verdict_text(NESTED_L0_DEVICE),
			    "handled in L0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_io_bitmap, setup),
		cmocka_unit_test_setup(test_io_intercept_off, setup),
		cmocka_unit_test_setup(test_doorbell_is_l1s, setup),
		cmocka_unit_test_setup(test_hlt_and_cpuid, setup),
		cmocka_unit_test_setup(test_exception_bitmap, setup),
		cmocka_unit_test_setup(test_always_l1s, setup),
		cmocka_unit_test_setup(test_shadow_fault_is_l0s, setup),
		cmocka_unit_test_setup(test_external_interrupt, setup),
		cmocka_unit_test_setup(test_names, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
