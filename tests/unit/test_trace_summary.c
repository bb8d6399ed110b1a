/*
 * tests/unit/test_trace_summary.c - the backend counters in the trace's
 * summary (cli/trace_summary.c): which are shown on each flavour and what
 * they are said to mean.  KVM cannot run on every test machine; the
 * counters here are the ones KVM's binary stats give (kvm/kvm_stats.c), as
 * a PVM host reported them for the hello guest: io_exits 0 while 94 IO
 * exits reached vmscope.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/trace_summary.h"

static const struct backend_counter pvm_hello[] = {
	{ "exits", 1200 }, { "io_exits", 0 }, { "mmio_exits", 0 },
	{ "halt_exits", 0 }, { "signal_exits", 0 }, { "insn_emulation", 900 },
	{ "insn_emulation_fail", 6 }, { "pf_fixed", 40 },
};

/* The summary's counters part, as text. */
static char *counters_text(enum host_flavour flavour)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	trace_summary_counters(flavour, "kvm", pvm_hello,
			       (int)(sizeof(pvm_hello) / sizeof(pvm_hello[0])),
			       94, out);
	fclose(out);
	return text;
}

static void test_meaning_per_flavour(void **state)
{
	(void)state;
	assert_string_equal(trace_counter_meaning(HOST_VMX, "io_exits"),
			    "port I/O exits (the I/O intercept)");
	assert_string_equal(trace_counter_meaning(HOST_SVM, "io_exits"),
			    "port I/O exits (the I/O intercept)");
	assert_null(trace_counter_meaning(HOST_PVM, "io_exits"));
	assert_null(trace_counter_meaning(HOST_PVM, "mmio_exits"));
	assert_string_equal(trace_counter_meaning(HOST_PVM, "insn_emulation"),
			    "instructions KVM's emulator ran: PVM runs ring 0 "
			    "there");
	assert_string_equal(trace_counter_meaning(HOST_PVM, "exits"),
			    trace_counter_meaning(HOST_VMX, "exits"));
	assert_null(trace_counter_meaning(HOST_VMX, "pf_fixed"));
	assert_string_equal(trace_counter_meaning(HOST_SOFT, "instructions"),
			    "instructions the software CPU executed");
}

static void test_pvm_summary(void **state)
{
	char *text = counters_text(HOST_PVM);

	(void)state;
	assert_string_equal(text,
"\n"
"The kvm backend's own counters for this vCPU:\n"
"\n"
"               exits       1200   every exit from the guest, in the kernel or not\n"
"          halt_exits          0   HLT exits\n"
"        signal_exits          0   KVM_RUN ended early by a signal\n"
"      insn_emulation        900   instructions KVM's emulator ran: PVM runs ring 0 there\n"
" insn_emulation_fail          6   instructions KVM could not emulate: a #UD for the guest (ring-3 int 0x80)\n"
"\n"
"Left out on PVM: io_exits and mmio_exits. They count VMX's and SVM's intercepts;\n"
"PVM's port and MMIO accesses leave KVM's instruction emulator without them.\n"
"\n"
"1200 exits in all, 94 reached vmscope; handled inside the kernel, never seen by user space: 1106.\n");
	free(text);
}

static void test_vmx_summary_keeps_io_exits(void **state)
{
	char *text = counters_text(HOST_VMX);

	(void)state;
	assert_non_null(strstr(text, "\n            io_exits          0   "
				     "port I/O exits (the I/O intercept)\n"));
	assert_null(strstr(text, "Left out"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meaning_per_flavour),
		cmocka_unit_test(test_pvm_summary),
		cmocka_unit_test(test_vmx_summary_keeps_io_exits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
