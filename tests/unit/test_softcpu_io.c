/*
 * tests/unit/test_softcpu_io.c - where RIP is at the software CPU's port
 * I/O exits, and how the exit completes: as hardware KVM leaves it
 * (Linux, arch/x86/kvm/x86.c: kvm_fast_pio_out, complete_fast_pio_out;
 * emulate.c for the string forms).
 *
 * An OUT exits with RIP still at the OUT - the register and the exit's
 * RIP are one address - and retires at the next run; only port 0x7e is
 * past already (KVM_X86_QUIRK_OUT_7E_INC_RIP, on by default).  The VMM
 * writing the registers without moving RIP keeps that completion; a
 * breakpoint at the OUT is reported once, before the exit, not again when
 * the OUT finishes.  OUTS is written back before its exit, as KVM's
 * emulator does: RSI moved, RIP past it - or at it while a REP has
 * repetitions left.
 *
 * Each test asserts exact exits, registers and counts.  Programs are raw
 * bytes with their assembly in a comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

#define DATA 0x200000ULL

static uint64_t retired(struct scpu_fixture *f)
{
	struct softcpu_counters c;

	softcpu_get_counters(f->cpu, &c);
	return c.instructions;
}

/* At the OUT's exit RIP is on the OUT, the OUT not retired; the next run
 * finishes it and goes on. */
static void test_out_exit_rip_at_out(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb0, 0x48,                     /* 00: mov al, 'H' */
		0x66, 0xba, 0xf8, 0x03,         /* 02: mov dx, 0x3f8 */
		0xee,                           /* 06: out dx, al */
		0xf4,                           /* 07: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x3f8);
	assert_int_equal(f->exit.u.io.direction, IO_OUT);
	assert_int_equal(f->exit.u.io.data[0], 'H');
	assert_int_equal(f->exit.rip, SCPU_CODE + 6);
	assert_int_equal(f->regs.rip, SCPU_CODE + 6);
	assert_int_equal(retired(f), 2);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 7);
	assert_int_equal(retired(f), 4);   /* the OUT, and the HLT, which
					      exits past itself */
}

/* KVM's one exception: an OUT to port 0x7e exits past itself. */
static void test_out_port_7e_quirk(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xe6, 0x7e,                     /* 00: out 0x7e, al */
		0xe6, 0x7d,                     /* 02: out 0x7d, al */
		0xf4,                           /* 04: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x7e);
	assert_int_equal(f->exit.rip, SCPU_CODE);
	assert_int_equal(f->regs.rip, SCPU_CODE + 2);
	assert_int_equal(retired(f), 1);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x7d);
	assert_int_equal(f->regs.rip, SCPU_CODE + 2);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 4);
}

/* The VMM reading and writing the registers at the exit, RIP unchanged
 * (a debugger, the nesting stage's flags for L1), does not abandon the
 * OUT: it completes, no second exit for it. */
static void test_same_rip_keeps_completion(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xe6, 0x80,                     /* 00: out 0x80, al */
		0xf4,                           /* 02: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_IO);
	f->regs.rbx = 0x1234;
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 2);
	assert_int_equal(f->regs.rbx, 0x1234);
}

/* A breakpoint at an I/O instruction stops once, before it runs; the
 * instruction then exits, and finishes at the next run without the
 * breakpoint stopping it again - for OUT and for IN alike. */
static void test_breakpoint_at_io_once(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xe6, 0x80,                     /* 00: out 0x80, al */
		0xe4, 0x60,                     /* 02: in al, 0x60 */
		0xf4,                           /* 04: hlt */
	};
	const uint64_t bps[] = { SCPU_CODE, SCPU_CODE + 2 };

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	assert_int_equal(softcpu_set_breakpoints(f->cpu, bps, 2), 0);
	scpu_run(f, EXIT_DEBUG);
	assert_int_equal(f->exit.rip, SCPU_CODE);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x80);
	scpu_run(f, EXIT_DEBUG);
	assert_int_equal(f->exit.rip, SCPU_CODE + 2);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x60);
	f->exit.u.io.data[0] = 0x2a;
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 4);
	assert_int_equal(f->regs.rax & 0xff, 0x2a);
}

/* vmscope's single step: the OUT's exit, then a stop right after the
 * OUT when it finishes, as KVM_GUESTDBG_SINGLESTEP stops after
 * complete_fast_pio_out skips it. */
static void test_single_step_over_out(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xe6, 0x80,                     /* 00: out 0x80, al */
		0xf4,                           /* 02: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	softcpu_set_single_step(f->cpu, true);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->regs.rip, SCPU_CODE);
	scpu_run(f, EXIT_DEBUG);
	assert_int_equal(f->exit.rip, SCPU_CODE + 2);
	assert_int_equal(retired(f), 1);
}

/* OUTSB, as KVM's emulator writes it back: alone, RSI moved and RIP past
 * it at the exit; with REP, RIP stays on it while RCX is not 0 - each
 * exit sends one element (count 1), as KVM's em_out() does, also across
 * a page boundary. */
static void test_outs_written_back(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xbe, 0x00, 0x00, 0x20, 0x00,   /* 00: mov esi, DATA */
		0x66, 0xba, 0x80, 0x00,         /* 05: mov dx, 0x80 */
		0x6e,                           /* 09: outsb */
		0xbe, 0xfe, 0x0f, 0x20, 0x00,   /* 0a: mov esi, DATA + 0xffe */
		0xb9, 0x03, 0x00, 0x00, 0x00,   /* 0f: mov ecx, 3 */
		0xf3, 0x6e,                     /* 14: rep outsb */
		0xf4,                           /* 16: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	assert_int_equal(guest_mem_write(&f->mem, DATA, "a", 1), 0);
	assert_int_equal(guest_mem_write(&f->mem, DATA + 0xffe, "xyz", 3), 0);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.rip, SCPU_CODE + 9);
	assert_int_equal(f->exit.u.io.data[0], 'a');
	assert_int_equal(f->regs.rip, SCPU_CODE + 0x0a);
	assert_int_equal(f->regs.rsi, DATA + 1);
	for (unsigned i = 0; i < 3; i++) {
		scpu_run(f, EXIT_IO);
		assert_int_equal(f->exit.rip, SCPU_CODE + 0x14);
		assert_int_equal(f->exit.u.io.count, 1);
		assert_int_equal(f->exit.u.io.data[0], "xyz"[i]);
		assert_int_equal(f->regs.rsi, DATA + 0xffe + i + 1);
		assert_int_equal(f->regs.rcx, 2 - i);
		assert_int_equal(f->regs.rip,
				 SCPU_CODE + (i < 2 ? 0x14 : 0x16));
	}
	scpu_run(f, EXIT_HLT);
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_out_exit_rip_at_out),
		T(test_out_port_7e_quirk),
		T(test_same_rip_keeps_completion),
		T(test_breakpoint_at_io_once),
		T(test_single_step_over_out),
		T(test_outs_written_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
