/*
 * tests/unit/test_exit.c - exit names, hardware reasons, explanations and
 * the payload value helpers (core/exit.c).
 *
 * Every number here is checked against the kernel's own headers where the
 * build machine has them (linux/kvm.h) and otherwise against the tables
 * core/exit.c cites (the kernel's uapi headers, the Intel SDM and the AMD
 * APM).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <linux/kvm.h>

#include "core/exit.h"
#include "core/nested.h"

static char buf[96];

static const char *reason(uint32_t r)
{
	return exit_reason_format(r, buf, sizeof(buf));
}

static const char *hw(enum host_flavour flavour, uint32_t code)
{
	return exit_hw_format(flavour, code, buf, sizeof(buf));
}

static const char *describe(enum host_flavour flavour,
			    const struct exit_record *exit)
{
	return exit_hw_describe(flavour, exit, buf, sizeof(buf));
}

static struct exit_record exit_of(uint32_t r, uint8_t cpl)
{
	struct exit_record exit;

	memset(&exit, 0, sizeof(exit));
	exit.reason = r;
	exit.cpl = cpl;
	return exit;
}

/* Our enum must be KVM's numbering, or every trace would lie. */
static void test_enum_matches_linux_kvm_h(void **state)
{
	(void)state;
	assert_int_equal(EXIT_UNKNOWN, KVM_EXIT_UNKNOWN);
	assert_int_equal(EXIT_EXCEPTION, KVM_EXIT_EXCEPTION);
	assert_int_equal(EXIT_IO, KVM_EXIT_IO);
	assert_int_equal(EXIT_HYPERCALL, KVM_EXIT_HYPERCALL);
	assert_int_equal(EXIT_DEBUG, KVM_EXIT_DEBUG);
	assert_int_equal(EXIT_HLT, KVM_EXIT_HLT);
	assert_int_equal(EXIT_MMIO, KVM_EXIT_MMIO);
	assert_int_equal(EXIT_IRQ_WINDOW_OPEN, KVM_EXIT_IRQ_WINDOW_OPEN);
	assert_int_equal(EXIT_SHUTDOWN, KVM_EXIT_SHUTDOWN);
	assert_int_equal(EXIT_FAIL_ENTRY, KVM_EXIT_FAIL_ENTRY);
	assert_int_equal(EXIT_INTR, KVM_EXIT_INTR);
	assert_int_equal(EXIT_INTERNAL_ERROR, KVM_EXIT_INTERNAL_ERROR);
	assert_int_equal(EXIT_SYSTEM_EVENT, KVM_EXIT_SYSTEM_EVENT);
	assert_int_equal(IO_IN, KVM_EXIT_IO_IN);
	assert_int_equal(IO_OUT, KVM_EXIT_IO_OUT);
}

static void test_reason_names(void **state)
{
	(void)state;
	assert_string_equal(exit_reason_name(KVM_EXIT_IO), "IO");
	assert_string_equal(exit_reason_name(KVM_EXIT_MMIO), "MMIO");
	assert_string_equal(exit_reason_name(KVM_EXIT_HLT), "HLT");
	assert_string_equal(exit_reason_name(KVM_EXIT_UNKNOWN), "UNKNOWN");
	assert_string_equal(exit_reason_name(KVM_EXIT_X86_BUS_LOCK),
			    "X86_BUS_LOCK");
	assert_string_equal(exit_reason_name(KVM_EXIT_NOTIFY), "NOTIFY");
	assert_string_equal(exit_reason_name(38), "LOONGARCH_IOCSR");
	assert_string_equal(exit_reason_name(39), "MEMORY_FAULT");
	assert_string_equal(exit_reason_name(40), "TDX");
	assert_null(exit_reason_name(41));
	assert_null(exit_reason_name(UINT32_MAX));
}

/* Every number 0..40 has a name: the table has no holes. */
static void test_reason_table_complete(void **state)
{
	(void)state;
	for (uint32_t r = 0; r < EXIT_REASON_TABLE_SIZE; r++)
		assert_non_null(exit_reason_name(r));
}

static void test_reason_format(void **state)
{
	(void)state;
	assert_string_equal(reason(2), "IO(2)");
	assert_string_equal(reason(6), "MMIO(6)");
	assert_string_equal(reason(17), "INTERNAL_ERROR(17)");
	assert_string_equal(reason(0), "UNKNOWN(0)");
	assert_string_equal(reason(41), "UNKNOWN(41)");
	assert_string_equal(reason(1000), "UNKNOWN(1000)");
	assert_string_equal(reason(UINT32_MAX), "UNKNOWN(4294967295)");
}

/* vmscope's own reasons: named in the trace's words, numbered far from
 * KVM's, printed as NAME(vmscope), in the slots after KVM's 0..40. */
static void test_vmscope_reasons(void **state)
{
	(void)state;
	assert_true(EXIT_VMSCOPE_FIRST > 0xffff);
	assert_string_equal(exit_reason_name(EXIT_HANDLED_IN_L0),
			    "HANDLED_IN_L0");
	assert_string_equal(exit_reason_name(EXIT_REFLECTED_TO_L1),
			    "REFLECTED_TO_L1");
	assert_null(exit_reason_name(EXIT_VMSCOPE_END));
	assert_null(exit_reason_name(EXIT_VMSCOPE_FIRST - 1));
	assert_string_equal(reason(EXIT_HANDLED_IN_L0),
			    "HANDLED_IN_L0(vmscope)");
	assert_string_equal(reason(EXIT_REFLECTED_TO_L1),
			    "REFLECTED_TO_L1(vmscope)");
	assert_string_equal(reason(EXIT_VMSCOPE_END), "UNKNOWN(65538)");
	for (unsigned slot = 0; slot < EXIT_REASON_SLOTS; slot++) {
		assert_non_null(exit_reason_name(exit_reason_at(slot)));
		assert_int_equal(exit_reason_slot(exit_reason_at(slot)),
				 slot);
	}
	assert_int_equal(exit_reason_at(EXIT_IO), EXIT_IO);
	assert_int_equal(exit_reason_at(EXIT_REASON_TABLE_SIZE),
			 EXIT_HANDLED_IN_L0);
	assert_int_equal(exit_reason_slot(41), -1);
	assert_int_equal(exit_reason_slot(EXIT_VMSCOPE_END), -1);
	assert_int_equal(exit_reason_slot(UINT32_MAX), -1);
}

static void test_reason_format_truncates_safely(void **state)
{
	char small[5];

	(void)state;
	memset(small, 'x', sizeof(small));
	assert_ptr_equal(exit_reason_format(17, small, sizeof(small)), small);
	assert_string_equal(small, "INTE");
}

static void test_vmx_format(void **state)
{
	(void)state;
	assert_string_equal(hw(HOST_VMX, 30), "IO_INSTRUCTION(30)");
	assert_string_equal(hw(HOST_VMX, 0), "EXCEPTION_NMI(0)");
	assert_string_equal(hw(HOST_VMX, 48), "EPT_VIOLATION(48)");
	assert_string_equal(hw(HOST_VMX, 49), "EPT_MISCONFIG(49)");
	assert_string_equal(hw(HOST_VMX, 85), "MSR_WRITE_IMM(85)");
	assert_string_equal(hw(HOST_VMX, 5), "UNKNOWN(5)");    /* a gap */
	assert_string_equal(hw(HOST_VMX, 86), "UNKNOWN(86)");
	assert_string_equal(hw(HOST_VMX, 70000), "UNKNOWN(70000)");
}

/* A failed entry: bit 31 set on the basic reason, as KVM passes it. */
static void test_vmx_failed_vmentry(void **state)
{
	(void)state;
	assert_string_equal(hw(HOST_VMX, 0x80000021),
			    "INVALID_STATE(33) FAILED_VMENTRY");
	assert_string_equal(hw(HOST_VMX, 0x80000063),
			    "UNKNOWN(99) FAILED_VMENTRY");
}

static void test_svm_format(void **state)
{
	(void)state;
	assert_string_equal(hw(HOST_SVM, 0x7b), "IOIO(0x7b)");
	assert_string_equal(hw(HOST_SVM, 0x400), "NPF(0x400)");
	assert_string_equal(hw(HOST_SVM, 0x78), "HLT(0x78)");
	assert_string_equal(hw(HOST_SVM, 0x403), "VMGEXIT(0x403)");
	assert_string_equal(hw(HOST_SVM, 0xa6), "IDLE_HLT(0xa6)");
	assert_string_equal(hw(HOST_SVM, 0xffffffff), "ERR(-1)");
	assert_string_equal(hw(HOST_SVM, 0xa3), "UNKNOWN(0xa3)");
	assert_string_equal(hw(HOST_SVM, 0x404), "UNKNOWN(0x404)");
	assert_string_equal(hw(HOST_SVM, 0x1000), "UNKNOWN(0x1000)");
}

static void test_svm_numbered_families(void **state)
{
	(void)state;
	assert_string_equal(hw(HOST_SVM, 0x000), "READ_CR0(0x0)");
	assert_string_equal(hw(HOST_SVM, 0x013), "WRITE_CR3(0x13)");
	assert_string_equal(hw(HOST_SVM, 0x027), "READ_DR7(0x27)");
	assert_string_equal(hw(HOST_SVM, 0x03f), "WRITE_DR15(0x3f)");
	assert_string_equal(hw(HOST_SVM, 0x08f), "EFER_WRITE_TRAP(0x8f)");
	assert_string_equal(hw(HOST_SVM, 0x098), "CR8_WRITE_TRAP(0x98)");
}

/* 0x40 + vector: named by the exception's mnemonic. */
static void test_svm_exceptions(void **state)
{
	(void)state;
	assert_string_equal(hw(HOST_SVM, 0x40), "EXCP_DE(0x40)");
	assert_string_equal(hw(HOST_SVM, 0x41), "EXCP_DB(0x41)");
	assert_string_equal(hw(HOST_SVM, 0x4e), "EXCP_PF(0x4e)");
	assert_string_equal(hw(HOST_SVM, 0x4f), "EXCP_15(0x4f)");
	assert_string_equal(hw(HOST_SVM, 0x5e), "EXCP_SX(0x5e)");
	assert_string_equal(hw(HOST_SVM, 0x5f), "EXCP_31(0x5f)");
	assert_string_equal(hw(HOST_SVM, 0x60), "INTR(0x60)");
}

static void test_hw_format_without_hardware(void **state)
{
	(void)state;
	assert_string_equal(hw(HOST_PVM, 30), "UNKNOWN(30)");
	assert_string_equal(hw(HOST_SOFT, 30), "UNKNOWN(30)");
}

/* KVM does not say which hardware exit it took: an MMIO exit is an EPT
 * violation (a page's first access) or misconfiguration (later ones), a
 * kick's INTR an external interrupt or no exit at all (before entry). */
static void test_describe_vmx(void **state)
{
	static const struct { uint32_t reason; const char *text; } map[] = {
		{ EXIT_IO, "IO_INSTRUCTION(30)" },
		{ EXIT_MMIO, "EPT_VIOLATION(48) or EPT_MISCONFIG(49)" },
		{ EXIT_HLT, "HLT(12)" },
		{ EXIT_SHUTDOWN, "TRIPLE_FAULT(2)" },
		{ EXIT_IRQ_WINDOW_OPEN, "INTERRUPT_WINDOW(7)" },
		{ EXIT_DEBUG, "EXCEPTION_NMI(0)" },
		{ EXIT_INTR, "EXTERNAL_INTERRUPT(1) or none" },
		{ EXIT_INTERNAL_ERROR, "-" },
		{ EXIT_SYSTEM_EVENT, "-" },
		{ 41, "-" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		struct exit_record exit = exit_of(map[i].reason, 0);

		assert_string_equal(describe(HOST_VMX, &exit), map[i].text);
	}
}

static void test_describe_svm(void **state)
{
	static const struct { uint32_t reason; const char *text; } map[] = {
		{ EXIT_IO, "IOIO(0x7b)" },
		{ EXIT_MMIO, "NPF(0x400)" },
		{ EXIT_HLT, "HLT(0x78)" },
		{ EXIT_SHUTDOWN, "SHUTDOWN(0x7f)" },
		{ EXIT_IRQ_WINDOW_OPEN, "VINTR(0x64)" },
		{ EXIT_DEBUG, "EXCP_DB(0x41)" },
		{ EXIT_INTR, "INTR(0x60) or none" },
		{ EXIT_HYPERCALL, "-" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		struct exit_record exit = exit_of(map[i].reason, 3);

		assert_string_equal(describe(HOST_SVM, &exit), map[i].text);
	}
}

/* A backend that read the real hardware reason wins over the table. */
static void test_describe_known_hw_reason(void **state)
{
	struct exit_record exit = exit_of(EXIT_MMIO, 0);

	(void)state;
	exit.hw_reason = 49;
	exit.hw_reason_known = true;
	assert_string_equal(describe(HOST_VMX, &exit), "EPT_MISCONFIG(49)");
	exit.reason = EXIT_INTERNAL_ERROR;
	assert_string_equal(describe(HOST_VMX, &exit), "EPT_MISCONFIG(49)");
	exit.hw_reason = 0x7c;
	assert_string_equal(describe(HOST_SVM, &exit), "MSR(0x7c)");
}

static void test_describe_fail_entry(void **state)
{
	struct exit_record exit = exit_of(EXIT_FAIL_ENTRY, 0);

	(void)state;
	exit.u.fail_entry.hw_reason = 0x80000021;
	assert_string_equal(describe(HOST_VMX, &exit),
			    "INVALID_STATE(33) FAILED_VMENTRY");
	exit.u.fail_entry.hw_reason = UINT64_MAX;     /* SVM_EXIT_ERR */
	assert_string_equal(describe(HOST_SVM, &exit), "ERR(-1)");
	assert_string_equal(describe(HOST_PVM, &exit), "-");
}

static void test_describe_pvm(void **state)
{
	struct exit_record exit = exit_of(EXIT_IO, 0);

	(void)state;
	assert_string_equal(describe(HOST_PVM, &exit),
			    "none (PVM: ring-0 insn emulated)");
	exit.cpl = 3;
	assert_string_equal(describe(HOST_PVM, &exit),
			    "none (PVM: ring-3 insn trapped)");
	exit.reason = EXIT_MMIO;
	assert_string_equal(describe(HOST_PVM, &exit),
			    "none (PVM: ring-3 insn trapped)");
	exit.reason = EXIT_INTR;
	assert_string_equal(describe(HOST_PVM, &exit),
			    "none (PVM: KVM's own exit)");
	exit.reason = EXIT_INTERNAL_ERROR;
	assert_string_equal(describe(HOST_PVM, &exit), "-");
	/* PVM has no VMX/SVM code to report, whatever the record says. */
	exit.reason = EXIT_IO;
	exit.hw_reason = 30;
	exit.hw_reason_known = true;
	assert_string_equal(describe(HOST_PVM, &exit),
			    "none (PVM: ring-3 insn trapped)");
}

/* A trace column's form: as short as the host's own on VMX and SVM. */
static void test_brief(void **state)
{
	struct exit_record exit = exit_of(EXIT_IO, 0);
	char buf[64];

	(void)state;
	assert_string_equal(exit_hw_brief(HOST_VMX, &exit, buf, sizeof(buf)),
			    "IO_INSTRUCTION(30)");
	assert_string_equal(exit_hw_brief(HOST_SVM, &exit, buf, sizeof(buf)),
			    "IOIO(0x7b)");
	assert_string_equal(exit_hw_brief(HOST_PVM, &exit, buf, sizeof(buf)),
			    "ring-0 emulated");
	assert_string_equal(exit_hw_brief(HOST_SOFT, &exit, buf, sizeof(buf)),
			    "-");
	exit.cpl = 3;
	assert_string_equal(exit_hw_brief(HOST_PVM, &exit, buf, sizeof(buf)),
			    "ring-3 trapped");
	exit.reason = EXIT_INTR;
	assert_string_equal(exit_hw_brief(HOST_PVM, &exit, buf, sizeof(buf)),
			    "KVM's own");
	assert_string_equal(exit_hw_brief(HOST_VMX, &exit, buf, sizeof(buf)),
			    "EXTERNAL_INTERRUPT(1)/none");
	exit.reason = EXIT_MMIO;
	assert_string_equal(exit_hw_brief(HOST_VMX, &exit, buf, sizeof(buf)),
			    "EPT_VIOLATION(48)/EPT_MISCONFIG(49)");
	assert_string_equal(exit_hw_brief(HOST_SVM, &exit, buf, sizeof(buf)),
			    "NPF(0x400)");
}

static void test_describe_soft(void **state)
{
	struct exit_record exit = exit_of(EXIT_HLT, 0);

	(void)state;
	assert_string_equal(describe(HOST_SOFT, &exit), "none (software CPU)");
	exit.reason = 1000;
	assert_string_equal(describe(HOST_SOFT, &exit), "-");
}

/* exit_explain() of a reason on a flavour, in a buffer per call slot. */
static const char *explain(uint32_t reason, enum host_flavour flavour,
			   uint32_t verdict)
{
	static char bufs[4][1024];
	static unsigned next;
	struct exit_record exit = exit_of(reason, 0);
	char *buf = bufs[next++ % 4];

	exit.nest.verdict = verdict;
	return exit_explain(&exit, flavour, buf, sizeof(bufs[0]));
}

static void test_explanations(void **state)
{
	static const uint32_t common[] = {
		EXIT_IO, EXIT_MMIO, EXIT_HLT, EXIT_SHUTDOWN, EXIT_FAIL_ENTRY,
		EXIT_INTERNAL_ERROR, EXIT_DEBUG, EXIT_IRQ_WINDOW_OPEN,
		EXIT_INTR, EXIT_SYSTEM_EVENT, EXIT_EXCEPTION, EXIT_HYPERCALL,
		EXIT_UNKNOWN,
	};
	char generic[1024];

	(void)state;
	snprintf(generic, sizeof(generic), "%s", explain(41, HOST_VMX, 0));
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
		char text[1024];

		snprintf(text, sizeof(text), "%s",
			 explain(common[i], HOST_VMX, 0));
		assert_string_not_equal(text, generic);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(text,
						explain(common[j], HOST_VMX, 0));
	}
	assert_non_null(strstr(explain(EXIT_IO, HOST_VMX, 0), "in or out"));
	assert_non_null(strstr(explain(EXIT_HLT, HOST_VMX, 0), "HLT"));
	assert_string_equal(explain(KVM_EXIT_NOTIFY, HOST_VMX, 0), generic);
	assert_string_equal(explain(UINT32_MAX, HOST_VMX, 0), generic);
}

/* FAIL_ENTRY's hardware reason says which kind of failure, not which
 * check (it claimed it said which check: none of VMX's or SVM's does). */
static void test_explain_fail_entry(void **state)
{
	(void)state;
	assert_string_equal(explain(EXIT_FAIL_ENTRY, HOST_VMX, 0),
		"The CPU refused to enter the guest at all: the guest state "
		"that KVM loaded failed the hardware's checks at VM entry. "
		"The hardware reason says only which kind of failure - on VMX "
		"INVALID_STATE(33) (a guest-state check), MSR_LOAD_FAIL(34) or "
		"MCE_DURING_VMENTRY(41), with FAILED_VMENTRY (bit 31); on SVM "
		"ERR(-1), VMEXIT_INVALID - never which check: that takes the "
		"SDM's list (Vol. 3C, 27.3), walked by hand against the state. "
		"Nothing of the guest ran; vmscope reports it and stops, "
		"because the entry state it built is wrong.");
}

/*
 * The software CPU has no KVM_RUN and no KVM_SET_GUEST_DEBUG: no reason
 * it gives is explained with them.  The parts that do not depend on the
 * backend are the same words on both.
 */
static void test_explanations_soft(void **state)
{
	static const uint32_t soft_gives[] = {
		EXIT_IO, EXIT_MMIO, EXIT_HLT, EXIT_SHUTDOWN,
		EXIT_INTERNAL_ERROR, EXIT_DEBUG, EXIT_IRQ_WINDOW_OPEN,
		EXIT_INTR,
	};
	static const char *const kvm_only[] = {
		"from KVM_RUN", "KVM_RUN again", "KVM_RUN returned",
		"through KVM_SET_GUEST_DEBUG", "KVM intercepted",
		"KVM returns", "KVM decoded", "KVM stops",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(soft_gives) / sizeof(soft_gives[0]);
	     i++) {
		const char *text = explain(soft_gives[i], HOST_SOFT, 0);

		for (size_t k = 0; k < sizeof(kvm_only) / sizeof(kvm_only[0]);
		     k++)
			assert_null(strstr(text, kvm_only[k]));
		assert_string_not_equal(text,
					explain(soft_gives[i], HOST_VMX, 0));
	}
	assert_non_null(strstr(explain(EXIT_IO, HOST_SOFT, 0),
			       "returned from its run() to vmscope's loop"));
	assert_non_null(strstr(explain(EXIT_IO, HOST_PVM, 0),
			       "returned from KVM_RUN to vmscope"));
	assert_non_null(strstr(explain(EXIT_DEBUG, HOST_SOFT, 0),
			       "it compares the PC"));
	assert_non_null(strstr(explain(EXIT_DEBUG, HOST_SVM, 0),
			       "KVM_SET_GUEST_DEBUG"));
}

/* vmscope's own reasons say what L0 did and why no KVM reason exists -
 * never KVM_EXIT_UNKNOWN's "the guest cannot continue" - on either
 * backend. */
static void test_explanations_vmscope(void **state)
{
	static const enum host_flavour flavours[] = { HOST_VMX, HOST_SOFT };
	static const struct {
		uint32_t reason, verdict;
		const char *says;
	} want[] = {
		{ EXIT_HANDLED_IN_L0, NESTED_L0_HANDLES, "a shadow fault" },
		{ EXIT_HANDLED_IN_L0, NESTED_L0_HANDLES,
		  "L2 runs the instruction again" },
		{ EXIT_HANDLED_IN_L0, NESTED_L0_HANDLES,
		  "the reason is vmscope's own" },
		{ EXIT_REFLECTED_TO_L1, NESTED_REFLECT, "L1's exception bitmap" },
		{ EXIT_REFLECTED_TO_L1, NESTED_REFLECT, "L1's own device model" },
	};

	(void)state;
	for (size_t f = 0; f < sizeof(flavours) / sizeof(flavours[0]); f++)
		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			const char *text = explain(want[i].reason, flavours[f],
						   want[i].verdict);

			assert_non_null(strstr(text, want[i].says));
			assert_null(strstr(text, "cannot continue"));
		}
}

/* An exit of L2's reflected to L1 was L1's to handle, not vmscope's
 * devices': the text says so, on either backend. */
static void test_explanations_reflected(void **state)
{
	const char *text;

	(void)state;
	text = explain(EXIT_IO, HOST_SOFT, NESTED_REFLECT);
	assert_non_null(strstr(text, "L1's own device model"));
	assert_null(strstr(text, "handed the access to the device on the "
			   "bus"));
	text = explain(EXIT_IO, HOST_VMX, NESTED_REFLECT);
	assert_non_null(strstr(text, "returned from KVM_RUN to vmscope"));
	assert_non_null(strstr(text, "L1's own device model"));
	assert_non_null(strstr(explain(EXIT_IO, HOST_VMX, NESTED_L0_DEVICE),
			       "handed the access to the device on the bus"));
}

static void test_flavour_names(void **state)
{
	(void)state;
	assert_string_equal(host_flavour_name(HOST_VMX), "VMX");
	assert_string_equal(host_flavour_name(HOST_SVM), "SVM");
	assert_string_equal(host_flavour_name(HOST_PVM), "PVM");
	assert_string_equal(host_flavour_name(HOST_SOFT), "soft");
}

static void test_io_value(void **state)
{
	uint8_t data[] = { 0x48, 0x69, 0x21, 0x0a, 0xef, 0xbe, 0xad, 0xde };
	struct exit_io io = { .port = 0x3f8, .size = 1, .direction = IO_OUT,
			      .count = 8, .data = data };

	(void)state;
	assert_int_equal(exit_io_value(&io, 0), 0x48);
	assert_int_equal(exit_io_value(&io, 7), 0xde);
	assert_int_equal(exit_io_value(&io, 8), 0);      /* past count */
	io.size = 2;
	io.count = 4;
	assert_int_equal(exit_io_value(&io, 0), 0x6948); /* little-endian */
	assert_int_equal(exit_io_value(&io, 3), 0xdead);
	io.size = 4;
	io.count = 2;
	assert_int_equal(exit_io_value(&io, 1), 0xdeadbeef);
	assert_int_equal(exit_io_value(&io, 2), 0);
	io.data = NULL;
	assert_int_equal(exit_io_value(&io, 0), 0);
}

static void test_mmio_value(void **state)
{
	struct exit_mmio mmio = {
		.gpa = 0xd0000000, .len = 4, .is_write = true,
		.data = { 0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff, 0xff },
	};

	(void)state;
	assert_int_equal(exit_mmio_value(&mmio), 0x12345678);
	mmio.len = 1;
	assert_int_equal(exit_mmio_value(&mmio), 0x78);
	mmio.len = 8;
	assert_int_equal(exit_mmio_value(&mmio), 0xffffffff12345678ULL);
	mmio.len = 200;                              /* never past data[] */
	assert_int_equal(exit_mmio_value(&mmio), 0xffffffff12345678ULL);
	mmio.len = 0;
	assert_int_equal(exit_mmio_value(&mmio), 0);
}

/* Time since the previous exit, without the time vmscope held the guest. */
static void test_time_since(void **state)
{
	struct exit_record e = { .resume_ns = 1000100, .t_ns = 1000900 };

	(void)state;
	assert_int_equal(exit_time_since(&e, 0), 0);             /* first */
	assert_int_equal(exit_time_since(&e, 1000000), 900);     /* running */
	e.resume_ns = 1000000 + EXIT_HOLD_NS;                   /* at the bound */
	e.t_ns = e.resume_ns + 50;
	assert_int_equal(exit_time_since(&e, 1000000), EXIT_HOLD_NS + 50);
	e.resume_ns = 1000001 + EXIT_HOLD_NS;                   /* held: paused */
	e.t_ns = e.resume_ns + 50;
	assert_int_equal(exit_time_since(&e, 1000000), 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enum_matches_linux_kvm_h),
		cmocka_unit_test(test_reason_names),
		cmocka_unit_test(test_reason_table_complete),
		cmocka_unit_test(test_reason_format),
		cmocka_unit_test(test_vmscope_reasons),
		cmocka_unit_test(test_reason_format_truncates_safely),
		cmocka_unit_test(test_vmx_format),
		cmocka_unit_test(test_vmx_failed_vmentry),
		cmocka_unit_test(test_svm_format),
		cmocka_unit_test(test_svm_numbered_families),
		cmocka_unit_test(test_svm_exceptions),
		cmocka_unit_test(test_hw_format_without_hardware),
		cmocka_unit_test(test_describe_vmx),
		cmocka_unit_test(test_describe_svm),
		cmocka_unit_test(test_describe_known_hw_reason),
		cmocka_unit_test(test_describe_fail_entry),
		cmocka_unit_test(test_describe_pvm),
		cmocka_unit_test(test_brief),
		cmocka_unit_test(test_describe_soft),
		cmocka_unit_test(test_explanations),
		cmocka_unit_test(test_explain_fail_entry),
		cmocka_unit_test(test_explanations_soft),
		cmocka_unit_test(test_explanations_reflected),
		cmocka_unit_test(test_explanations_vmscope),
		cmocka_unit_test(test_flavour_names),
		cmocka_unit_test(test_io_value),
		cmocka_unit_test(test_mmio_value),
		cmocka_unit_test(test_time_since),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
