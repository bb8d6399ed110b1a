/*
 * tests/unit/test_panel_cpu.c - the CPU panel's text (tui/panel_cpu.c) as
 * the text twin prints it, from a snapshot filled by hand (no VM runs):
 * every value but the general-purpose registers' table in hex with 0x
 * (RIP, CR2 and CR3 read as decimal without it); RFLAGS, CR0, CR4 and
 * EFER decoded as the datasheets name their bits - IOPL as a number, a
 * set bit without a name as bitN, never left out - and the decoded bits
 * wrapping in the 80x24 slot rather than being cut.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/tui_support/panel_text.h"
#include "tui/grid.h"
#include "tui/panels.h"

static struct tui_model m;   /* large: not on the stack */

/* The panel at w x h as the text twin prints it (tui/text_twin.h). */
static const char *render(int w, int h)
{
	return panel_text(&m, PANEL_CPU, w, h);
}

/* vmscope's entry state at _start (core/boot.c), no disassembler. */
static void at_start(void)
{
	struct vcpu_snapshot *s = &m.snap;

	model_init(&m, NULL);
	s->have_regs = true;
	s->regs.rip = 0x100000;
	s->regs.rsp = 0x107000;
	s->regs.rflags = 0x2;
	snprintf(s->rip_sym, sizeof(s->rip_sym), "_start");
	s->sregs.cr0 = 0x80010033;
	s->sregs.cr3 = 0x10000;
	s->sregs.cr4 = 0x20;
	s->sregs.efer = 0x500;
}

static void test_hex_with_0x(void **state)
{
	(void)state;
	at_start();
	assert_string_equal(render(52, 14),
		"rax 0000000000000000  rbx 0000000000000000\n"
		"rcx 0000000000000000  rdx 0000000000000000\n"
		"rsi 0000000000000000  rdi 0000000000000000\n"
		"rsp 0000000000107000  rbp 0000000000000000\n"
		"r8  0000000000000000  r9  0000000000000000\n"
		"r10 0000000000000000  r11 0000000000000000\n"
		"r12 0000000000000000  r13 0000000000000000\n"
		"r14 0000000000000000  r15 0000000000000000\n"
		"rip 0x100000  _start  cpl 0\n"
		"rflags 0x2\n"
		"cr0 0x80010033 PE MP ET NE WP PG\n"
		"cr4 0x20 PAE\n"
		"cr2 0x0  cr3 0x10000  efer 0x500 LME LMA\n");
}

/* Every flag of RFLAGS with a name (SDM vol. 1, 3.4.3), IOPL 3 as a
 * number, and the reserved bits 3, 5, 15 and 22 that no CPU sets. */
static void test_rflags_whole(void **state)
{
	(void)state;
	at_start();
	m.snap.regs.rflags = 0x3fffff | (1ULL << 22);
	assert_non_null(strstr(render(52, 16),
		"rflags 0x7fffff CF PF AF ZF SF TF IF DF OF IOPL=3\n"
		"NT RF VM AC VIF VIP ID bit3 bit5 bit15 bit22\n"));
	m.snap.regs.rflags = 0x1246;
	assert_non_null(strstr(render(52, 16), "rflags 0x1246 PF ZF IF IOPL=1\n"));
}

/* CR4 as an L1 hypervisor or a lab sets it (SDM vol. 3A, 2.5), wrapped
 * in the 80x24 slot's 32 columns; EFER with AMD's SVME. */
static void test_cr4_whole_in_the_slot(void **state)
{
	(void)state;
	at_start();
	m.snap.sregs.cr4 = 0x1ff7fff | (1ULL << 30);
	m.snap.sregs.efer = 0x1d01;
	assert_string_equal(render(32, 11),
		"rip 0x100000  _start  cpl 0\n"
		"rflags 0x2\n"
		"cr0 0x80010033 PE MP ET NE WP\n"
		"PG\n"
		"cr4 0x41ff7fff VME PVI TSD DE\n"
		"PSE PAE MCE PGE PCE OSFXSR\n"
		"OSXMMEXCPT UMIP LA57 VMXE SMXE\n"
		"FSGSBASE PCIDE OSXSAVE KL SMEP\n"
		"SMAP PKE CET PKS bit30\n"
		"cr2 0x0  cr3 0x10000  efer\n"
		"0x1d01 SCE LME LMA NXE SVME\n");
}

/* Every bit set, reserved ones too (a guest may set them): decoded to the
 * last, bit63 (they were cut at 160 and 80 bytes: "... bit25 bit"). */
static void test_every_bit_decoded(void **state)
{
	const char *text, *at;
	int last_bits = 0;

	(void)state;
	at_start();
	m.snap.sregs.cr4 = ~0ULL;
	m.snap.sregs.efer = ~0ULL;
	text = render(52, 40);
	for (at = text; (at = strstr(at, " bit63\n")); at++)
		last_bits++;
	assert_int_equal(last_bits, 2);
}

static void test_no_registers(void **state)
{
	(void)state;
	model_init(&m, NULL);
	assert_string_equal(render(40, 2), "registers unavailable\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex_with_0x),
		cmocka_unit_test(test_rflags_whole),
		cmocka_unit_test(test_cr4_whole_in_the_slot),
		cmocka_unit_test(test_every_bit_decoded),
		cmocka_unit_test(test_no_registers),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	panel_text_free();
	return failed;
}
