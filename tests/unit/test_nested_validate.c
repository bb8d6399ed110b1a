/*
 * tests/unit/test_nested_validate.c - every check L0 makes on its copy of
 * L1's control block (core/nested_validate.c): the block's address, the
 * header, each control word's reserved bits, the addresses the controls
 * name, CR0/CR4/EFER combinations, long mode without paging, CS.L with
 * CS.D, segments, RFLAGS, RIP, CR3, the event to inject (each of VMX's
 * rules for it) and the interruptibility state (each of VMX's rules for
 * it, alone and with the event).  A good block passes; each test
 * breaks exactly one thing and expects exactly that check to fail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/nested.h"

#define RAM   (64ULL << 20)
#define BLOCK 0x200000ULL
#define ROOT  0x201000ULL
#define IOA   0x202000ULL
#define IOB   0x203000ULL

/* The state the L1 mini-hypervisor gives L2: 64-bit long mode. */
static void good_block(struct nested_block *b)
{
	memset(b, 0, sizeof(*b));
	b->magic = NESTED_BLOCK_MAGIC;
	b->revision = NESTED_BLOCK_REVISION;
	b->rip = 0x100000;
	b->rflags = RFLAGS_FIXED;
	b->cr0 = CR0_PE | CR0_PG | CR0_ET | CR0_WP;
	b->cr3 = 0x10000;
	b->cr4 = CR4_PAE;
	b->efer = EFER_LME | EFER_LMA;
	b->cs = (struct nested_segment){ .selector = 8, .attrib = 0xb |
		NESTED_SEG_S | NESTED_SEG_P | NESTED_SEG_L | NESTED_SEG_G };
	b->ds = (struct nested_segment){ .selector = 0x10, .attrib = 0x3 |
		NESTED_SEG_S | NESTED_SEG_P | NESTED_SEG_DB | NESTED_SEG_G };
	b->es = b->ss = b->ds;
	b->intercepts = NESTED_INTERCEPT_IO | NESTED_INTERCEPT_HLT;
	b->io_bitmap_a = IOA;
	b->io_bitmap_b = IOB;
	b->nested_root = ROOT;
}

static void expect_failure(const struct nested_block *b,
			   enum nested_failure want)
{
	assert_int_equal(nested_validate(b, BLOCK, RAM), want);
}

static void test_good_block_passes(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	expect_failure(&b, NESTED_FAIL_NONE);
	b.intercepts = 0;   /* no I/O intercepts: the bitmaps are not used */
	b.io_bitmap_a = 0;
	expect_failure(&b, NESTED_FAIL_NONE);
}

static void test_block_address(void **state)
{
	(void)state;
	assert_false(nested_block_gpa_ok(0, RAM));            /* GPA 0 */
	assert_false(nested_block_gpa_ok(BLOCK + 8, RAM));    /* unaligned */
	assert_false(nested_block_gpa_ok(RAM, RAM));          /* outside */
	assert_false(nested_block_gpa_ok(RAM - 0x800, RAM));  /* crosses out */
	assert_false(nested_block_gpa_ok(1ULL << 40, RAM));
	assert_true(nested_block_gpa_ok(BLOCK, RAM));
	assert_true(nested_block_gpa_ok(RAM - NESTED_PAGE, RAM));
}

static void test_header(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.magic = 0;
	expect_failure(&b, NESTED_FAIL_HEADER);
	good_block(&b);
	b.revision = 2;
	expect_failure(&b, NESTED_FAIL_HEADER);
}

static void test_control_reserved_bits(void **state)
{
	struct nested_block b;

	(void)state;
	for (unsigned bit = 5; bit < 32; bit++) {
		good_block(&b);
		b.intercepts |= 1u << bit;
		expect_failure(&b, NESTED_FAIL_CONTROLS);
	}
}

static void test_io_bitmaps(void **state)
{
	const uint64_t bad[] = { 0, IOA + 4, RAM, BLOCK };
	struct nested_block b;

	(void)state;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		good_block(&b);
		b.io_bitmap_a = bad[i];
		expect_failure(&b, NESTED_FAIL_IO_BITMAP);
		good_block(&b);
		b.io_bitmap_b = bad[i];
		expect_failure(&b, NESTED_FAIL_IO_BITMAP);
	}
}

static void test_nested_root(void **state)
{
	const uint64_t bad[] = { 0, ROOT + 0x800, RAM + NESTED_PAGE, BLOCK };
	struct nested_block b;

	(void)state;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		good_block(&b);
		b.nested_root = bad[i];
		expect_failure(&b, NESTED_FAIL_NESTED_ROOT);
	}
}

static void test_cr0(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.cr0 |= 1ULL << 6;              /* reserved */
	expect_failure(&b, NESTED_FAIL_CR0);
	good_block(&b);
	b.cr0 |= 1ULL << 32;
	expect_failure(&b, NESTED_FAIL_CR0);
	good_block(&b);
	b.cr0 &= ~CR0_PE;                /* PG without PE */
	expect_failure(&b, NESTED_FAIL_CR0);
	good_block(&b);
	b.cr0 |= 1ULL << 29;             /* NW without CD */
	expect_failure(&b, NESTED_FAIL_CR0);
}

static void test_cr4_efer_cr3(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.cr4 |= 1ULL << 13;             /* VMXE: not offered */
	expect_failure(&b, NESTED_FAIL_CR4);
	good_block(&b);
	b.efer |= 1ULL << 12;            /* reserved */
	expect_failure(&b, NESTED_FAIL_EFER);
	good_block(&b);
	b.efer &= ~EFER_LMA;             /* LME and PG, but LMA clear */
	expect_failure(&b, NESTED_FAIL_EFER);
	good_block(&b);
	b.cr3 |= 1ULL << 50;
	expect_failure(&b, NESTED_FAIL_CR3);
}

static void test_long_mode_without_paging(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.cr0 &= ~CR0_PG;
	expect_failure(&b, NESTED_FAIL_LONG_MODE_NO_PAGING);
	good_block(&b);
	b.cr4 &= ~CR4_PAE;
	expect_failure(&b, NESTED_FAIL_LONG_MODE_NO_PAGING);
}

static void test_cs_l_and_d(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.cs.attrib |= NESTED_SEG_DB;
	expect_failure(&b, NESTED_FAIL_CS_L_AND_D);
}

static void test_segments_rflags_rip(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.tr.attrib = 0x1000;
	expect_failure(&b, NESTED_FAIL_SEGMENT);
	good_block(&b);
	b.rflags = 0;                    /* bit 1 clear */
	expect_failure(&b, NESTED_FAIL_RFLAGS);
	good_block(&b);
	b.rflags |= 1ULL << 15;
	expect_failure(&b, NESTED_FAIL_RFLAGS);
	good_block(&b);
	b.rflags |= 1ULL << 17;          /* VM in long mode */
	expect_failure(&b, NESTED_FAIL_RFLAGS);
	good_block(&b);
	b.rip = 0x0000800000000000ULL;
	expect_failure(&b, NESTED_FAIL_RIP);
}

static void test_unsupported_mode(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.cs.attrib &= ~NESTED_SEG_L;    /* compatibility mode */
	expect_failure(&b, NESTED_FAIL_UNSUPPORTED);
	good_block(&b);
	b.efer = 0;                      /* protected mode with paging */
	expect_failure(&b, NESTED_FAIL_UNSUPPORTED);
}

/* One event in an otherwise good block (RFLAGS.IF set unless told). */
static void expect_event(uint32_t info, uint32_t error, uint32_t insn_len,
			 enum nested_failure want)
{
	struct nested_block b;

	good_block(&b);
	b.rflags |= RFLAGS_IF;
	b.entry_intr_info = info | NESTED_INTR_VALID;
	b.entry_intr_error = error;
	b.entry_insn_len = insn_len;
	expect_failure(&b, want);
}

/* The event to inject (VMX's VM-entry interruption information): not
 * valid is not looked at; an external interrupt only with IF set. */
static void test_event_external(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.entry_intr_info = 0x30 | (7u << 8) | NESTED_INTR_HAS_ERROR;
	expect_failure(&b, NESTED_FAIL_NONE);     /* not valid */
	b.entry_intr_info = 0x30 | NESTED_INTR_VALID;
	expect_failure(&b, NESTED_FAIL_EVENT_IF); /* IF clear */
	b.entry_intr_info = 2 | NESTED_INTR_NMI | NESTED_INTR_VALID;
	expect_failure(&b, NESTED_FAIL_NONE);     /* an NMI does not ask IF */
	expect_event(0x30, 0, 0, NESTED_FAIL_NONE);
	expect_event(0x30, 0, 7, NESTED_FAIL_NONE);  /* length: not used */
}

/* The interruptibility state: blocking by STI, by MOV SS and by NMI are
 * kept; blocking by SMI and bits 31:4 are reserved (check 20). */
static void test_interruptibility(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.rflags |= RFLAGS_IF;
	for (unsigned bit = 0; bit < 32; bit++) {
		b.interruptibility = 1u << bit;
		expect_failure(&b, bit == 0 || bit == 1 || bit == 3 ?
				   NESTED_FAIL_NONE :
				   NESTED_FAIL_INTERRUPTIBILITY);
	}
	b.interruptibility = NESTED_BLOCK_BY_MOV_SS | NESTED_BLOCK_BY_NMI;
	expect_failure(&b, NESTED_FAIL_NONE);
}

/* Blocking by STI and by MOV SS: not both (check 22); STI's only with
 * RFLAGS.IF set (23). */
static void test_shadow_state(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.rflags |= RFLAGS_IF;
	b.interruptibility = NESTED_BLOCK_BY_STI | NESTED_BLOCK_BY_MOV_SS;
	expect_failure(&b, NESTED_FAIL_SHADOW_BOTH);
	b.rflags &= ~RFLAGS_IF;
	b.interruptibility = NESTED_BLOCK_BY_STI;
	expect_failure(&b, NESTED_FAIL_SHADOW_STI_IF);
	b.interruptibility = NESTED_BLOCK_BY_MOV_SS;  /* IF does not matter */
	expect_failure(&b, NESTED_FAIL_NONE);
}

/* The event against the blocking: an external interrupt into neither
 * shadow (24), an NMI not into MOV SS's (25) nor into blocking by NMI
 * (21); an NMI into STI's shadow and an exception into either go in. */
static void test_event_blocking(void **state)
{
	const uint32_t extint = 0x30 | NESTED_INTR_EXTERNAL | NESTED_INTR_VALID;
	const uint32_t nmi = 2 | NESTED_INTR_NMI | NESTED_INTR_VALID;
	const uint32_t ud = 6 | NESTED_INTR_HW_EXCEPTION | NESTED_INTR_VALID;
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.rflags |= RFLAGS_IF;
	b.entry_intr_info = extint;
	b.interruptibility = NESTED_BLOCK_BY_STI;
	expect_failure(&b, NESTED_FAIL_EVENT_SHADOW_EXTINT);
	b.interruptibility = NESTED_BLOCK_BY_MOV_SS;
	expect_failure(&b, NESTED_FAIL_EVENT_SHADOW_EXTINT);
	b.interruptibility = NESTED_BLOCK_BY_NMI;
	expect_failure(&b, NESTED_FAIL_NONE);
	b.entry_intr_info = nmi;
	expect_failure(&b, NESTED_FAIL_EVENT_NMI_BLOCKED);
	b.interruptibility = NESTED_BLOCK_BY_MOV_SS;
	expect_failure(&b, NESTED_FAIL_EVENT_SHADOW_NMI);
	b.interruptibility = NESTED_BLOCK_BY_STI;
	expect_failure(&b, NESTED_FAIL_NONE);
	b.entry_intr_info = ud;
	b.interruptibility = NESTED_BLOCK_BY_MOV_SS | NESTED_BLOCK_BY_NMI;
	expect_failure(&b, NESTED_FAIL_NONE);
	b.interruptibility = 0;
	b.entry_intr_info = nmi;
	expect_failure(&b, NESTED_FAIL_NONE);
}

/* Reserved bits 30:12 and the reserved types 1 and 7. */
static void test_event_reserved(void **state)
{
	(void)state;
	for (unsigned bit = 12; bit < 31; bit++)
		expect_event(0x30 | (1u << bit), 0, 0, NESTED_FAIL_EVENT);
	expect_event(0x30 | (1u << 8), 0, 0, NESTED_FAIL_EVENT);
	expect_event(0 | (7u << 8), 0, 0, NESTED_FAIL_EVENT);
}

/* An NMI's vector is 2; a hardware exception's below 32; a software
 * type's anything. */
static void test_event_vector(void **state)
{
	(void)state;
	expect_event(NESTED_INTR_NMI | 2, 0, 0, NESTED_FAIL_NONE);
	expect_event(NESTED_INTR_NMI | 0x30, 0, 0, NESTED_FAIL_EVENT_VECTOR);
	expect_event(NESTED_INTR_NMI | 0, 0, 0, NESTED_FAIL_EVENT_VECTOR);
	expect_event(NESTED_INTR_HW_EXCEPTION | 6, 0, 0, NESTED_FAIL_NONE);
	expect_event(NESTED_INTR_HW_EXCEPTION | 31, 0, 0, NESTED_FAIL_NONE);
	expect_event(NESTED_INTR_HW_EXCEPTION | 32, 0, 0,
		     NESTED_FAIL_EVENT_VECTOR);
	expect_event(NESTED_INTR_SW_INT | 0xff, 0, 2, NESTED_FAIL_NONE);
	expect_event(NESTED_INTR_SW_EXCEPTION | 3, 0, 1, NESTED_FAIL_NONE);
	expect_event(NESTED_INTR_PRIV_SW_EXCEPTION | 1, 0, 1,
		     NESTED_FAIL_NONE);
}

/* The error code: exactly for #DF #TS #NP #SS #GP #PF #AC as hardware
 * exceptions, with bits 31:16 clear. */
static void test_event_error_code(void **state)
{
	static const unsigned with[] = { 8, 10, 11, 12, 13, 14, 17 };
	unsigned has = 0;

	(void)state;
	for (unsigned i = 0; i < sizeof(with) / sizeof(with[0]); i++) {
		has |= 1u << with[i];
		expect_event(NESTED_INTR_HW_EXCEPTION | with[i] |
			     NESTED_INTR_HAS_ERROR, 0xfffe, 0,
			     NESTED_FAIL_NONE);
		expect_event(NESTED_INTR_HW_EXCEPTION | with[i] |
			     NESTED_INTR_HAS_ERROR, 0x10000, 0,
			     NESTED_FAIL_EVENT_ERROR);
		expect_event(NESTED_INTR_HW_EXCEPTION | with[i], 0, 0,
			     NESTED_FAIL_EVENT_ERROR);
	}
	for (unsigned v = 0; v < 32; v++)
		if (!((has >> v) & 1))
			expect_event(NESTED_INTR_HW_EXCEPTION | v |
				     NESTED_INTR_HAS_ERROR, 0, 0,
				     NESTED_FAIL_EVENT_ERROR);
	expect_event(0x30 | NESTED_INTR_HAS_ERROR, 0, 0,
		     NESTED_FAIL_EVENT_ERROR);
	expect_event(NESTED_INTR_NMI | 2 | NESTED_INTR_HAS_ERROR, 0, 0,
		     NESTED_FAIL_EVENT_ERROR);
	expect_event(NESTED_INTR_SW_INT | 13 | NESTED_INTR_HAS_ERROR, 0, 2,
		     NESTED_FAIL_EVENT_ERROR);
}

/* A software interrupt or exception stands for an instruction of 1-15
 * bytes. */
static void test_event_length(void **state)
{
	static const uint32_t types[] = {
		NESTED_INTR_SW_INT, NESTED_INTR_PRIV_SW_EXCEPTION,
		NESTED_INTR_SW_EXCEPTION,
	};

	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		expect_event(types[i] | 3, 0, 0, NESTED_FAIL_EVENT_LENGTH);
		expect_event(types[i] | 3, 0, 1, NESTED_FAIL_NONE);
		expect_event(types[i] | 3, 0, 15, NESTED_FAIL_NONE);
		expect_event(types[i] | 3, 0, 16, NESTED_FAIL_EVENT_LENGTH);
	}
	expect_event(NESTED_INTR_HW_EXCEPTION | 3, 0, 0, NESTED_FAIL_NONE);
}

/* Two errors at once: the event's field is checked with the controls,
 * before any guest state (SDM Vol. 3C, 27.2.1.3 before 27.3), and IF for
 * an external interrupt with the guest's RFLAGS, before the
 * interruptibility state (27.3.1.4 before 27.3.1.5). */
static void test_event_checked_with_the_controls(void **state)
{
	struct nested_block b;

	(void)state;
	good_block(&b);
	b.cr0 |= 1ULL << 40;                     /* check 5 */
	b.entry_intr_info = 0x30 | (7u << 8) | NESTED_INTR_VALID;
	expect_failure(&b, NESTED_FAIL_EVENT);
	b.intercepts |= 1u << 31;               /* check 2 still first */
	expect_failure(&b, NESTED_FAIL_CONTROLS);
	good_block(&b);
	b.interruptibility = NESTED_BLOCK_BY_STI; /* check 23: IF clear */
	b.entry_intr_info = 0x30 | NESTED_INTR_EXTERNAL | NESTED_INTR_VALID;
	expect_failure(&b, NESTED_FAIL_EVENT_IF);
}

static void test_every_failure_has_words(void **state)
{
	(void)state;
	for (unsigned f = 1; f < NESTED_FAIL_COUNT; f++)
		assert_non_null(strstr(nested_failure_text(f), " "));
	assert_string_equal(nested_failure_text(NESTED_FAIL_CS_L_AND_D),
			    "CS.L and CS.D both set");
	assert_string_equal(nested_failure_text(999), "an unknown check");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_block_passes),
		cmocka_unit_test(test_block_address),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_control_reserved_bits),
		cmocka_unit_test(test_io_bitmaps),
		cmocka_unit_test(test_nested_root),
		cmocka_unit_test(test_cr0),
		cmocka_unit_test(test_cr4_efer_cr3),
		cmocka_unit_test(test_long_mode_without_paging),
		cmocka_unit_test(test_cs_l_and_d),
		cmocka_unit_test(test_segments_rflags_rip),
		cmocka_unit_test(test_unsupported_mode),
		cmocka_unit_test(test_event_external),
		cmocka_unit_test(test_event_reserved),
		cmocka_unit_test(test_event_vector),
		cmocka_unit_test(test_event_error_code),
		cmocka_unit_test(test_event_length),
		cmocka_unit_test(test_interruptibility),
		cmocka_unit_test(test_shadow_state),
		cmocka_unit_test(test_event_blocking),
		cmocka_unit_test(test_event_checked_with_the_controls),
		cmocka_unit_test(test_every_failure_has_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
