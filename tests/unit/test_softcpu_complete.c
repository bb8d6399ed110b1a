/*
 * tests/unit/test_softcpu_complete.c - an I/O or MMIO read exit completes
 * from what the exit recorded, never from the bytes now at RIP.
 *
 * KVM completes an OUT by RIP += the exiting instruction's length
 * (complete_fast_pio_out -> kvm_skip_emulated_instruction), an IN by
 * writing RAX from the exit's data (complete_fast_pio_in), an MMIO read
 * by re-running the instruction it decoded at the exit
 * (complete_emulated_mmio, EMULTYPE_NO_DECODE) - none reads the code
 * again.  Here the code at RIP is overwritten between the exit and the
 * next run (another context storing into the code page: L2 into L1's, a
 * device's copy), and the next run must still finish the instruction
 * that exited, once: the next IN, MMIO read or interrupt window after it
 * is its own.
 *
 * Each test asserts exact exits and registers.  Programs are raw bytes
 * with their assembly in a comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

/* Overwrite len bytes of code at gpa, as a store from elsewhere does. */
static void rewrite(struct scpu_fixture *f, uint64_t gpa, const uint8_t *code,
		    size_t len)
{
	scpu_load(f, gpa, code, len);
	softcpu_invalidate_code(f->cpu, gpa, len);
}

static const uint8_t two_nops[] = { 0x90, 0x90 };

/* The OUT finishes past its own two bytes; the IN after it exits. */
static void test_out_completes_after_rewrite(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb0, 0x42,                     /* 00: mov al, 0x42 */
		0xe6, 0x80,                     /* 02: out 0x80, al */
		0x90,                           /* 04: nop */
		0xb0, 0x00,                     /* 05: mov al, 0 */
		0xe4, 0x61,                     /* 07: in al, 0x61 */
		0xf4,                           /* 09: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x80);
	assert_int_equal(f->regs.rip, SCPU_CODE + 2);
	rewrite(f, SCPU_CODE + 2, two_nops, sizeof(two_nops));
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x61);
	assert_int_equal(f->exit.u.io.direction, IO_IN);
	assert_int_equal(f->exit.rip, SCPU_CODE + 7);
	assert_int_equal(f->regs.rip, SCPU_CODE + 7);
	assert_int_equal(f->regs.rax, 0);
	f->exit.u.io.data[0] = 0xff;
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 9);
	assert_int_equal(f->regs.rax, 0xff);
}

/* The IN's byte goes into AL (the rest of RAX kept), RIP past the IN;
 * the next IN exits for its own data. */
static void test_in_completes_after_rewrite(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb8, 0x44, 0x33, 0x22, 0x11,   /* 00: mov eax, 0x11223344 */
		0xe4, 0x60,                     /* 05: in al, 0x60 */
		0xf4,                           /* 07: hlt */
		0xe4, 0x61,                     /* 08: in al, 0x61 */
		0xf4,                           /* 0a: hlt */
	};
	static const uint8_t mov_al[] = { 0xb0, 0x77 };   /* mov al, 0x77 */

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x60);
	assert_int_equal(f->regs.rip, SCPU_CODE + 5);
	rewrite(f, SCPU_CODE + 5, mov_al, sizeof(mov_al));
	f->exit.u.io.data[0] = 0x2a;
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 7);
	assert_int_equal(f->regs.rax, 0x1122332a);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x61);
	assert_int_equal(f->exit.rip, SCPU_CODE + 8);
	f->exit.u.io.data[0] = 0x5b;
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 0x1122335b);
}

/* The MMIO read's instruction, as it was decoded at the exit, takes the
 * data; the next MMIO read exits for its own address. */
static void test_mmio_read_completes_after_rewrite(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xbb, 0x00, 0x00, 0x00, 0xd0,   /* 00: mov ebx, 0xd0000000 */
		0x8b, 0x43, 0x08,               /* 05: mov eax, [rbx+8] */
		0xf4,                           /* 08: hlt */
		0x8b, 0x0b,                     /* 09: mov ecx, [rbx] */
		0xf4,                           /* 0b: hlt */
	};
	static const uint8_t xor_nop[] = { 0x31, 0xc0, 0x90 }; /* xor eax, eax;
								 nop */

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_MMIO);
	assert_int_equal(f->exit.u.mmio.gpa, MMIO_WINDOW + 8);
	assert_int_equal(f->regs.rip, SCPU_CODE + 5);
	rewrite(f, SCPU_CODE + 5, xor_nop, sizeof(xor_nop));
	memcpy(f->exit.u.mmio.data, "\xef\xbe\xad\xde", 4);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 8);
	assert_int_equal(f->regs.rax, 0xdeadbeef);
	scpu_run(f, EXIT_MMIO);
	assert_int_equal(f->exit.u.mmio.gpa, MMIO_WINDOW);
	assert_int_equal(f->exit.rip, SCPU_CODE + 9);
	memcpy(f->exit.u.mmio.data, "\x01\x02\x03\x04", 4);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rcx, 0x04030201);
}

/* Nothing is held once the OUT is done: the interrupt window asked for
 * opens after STI's shadow, as it would had the bytes not changed. */
static void test_window_opens_after_rewrite(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb0, 0x42,                     /* 00: mov al, 0x42 */
		0xe6, 0x80,                     /* 02: out 0x80, al */
		0xfb,                           /* 04: sti */
		0x90,                           /* 05: nop */
		0x90,                           /* 06: nop */
		0xf4,                           /* 07: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_IO);
	rewrite(f, SCPU_CODE + 2, two_nops, sizeof(two_nops));
	softcpu_request_interrupt_window(f->cpu, true);
	scpu_run(f, EXIT_IRQ_WINDOW_OPEN);
	assert_int_equal(f->exit.rip, SCPU_CODE + 6);
	assert_int_equal(f->regs.rip, SCPU_CODE + 6);
}

/* A kick that came while vmscope handled the IN's exit waits for the
 * IN's completion: the INTR exit has RIP past the IN and its byte in AL
 * (KVM completes the I/O before it looks at immediate_exit).  Taken
 * first, the kick showed the IN half done, and under nesting an L2
 * element L0's device already took was shown to L1 as not sent. */
static void test_kick_after_completion(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xe4, 0x60,                     /* 00: in al, 0x60 */
		0xf4,                           /* 02: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_IO);
	f->exit.u.io.data[0] = 0x2a;
	softcpu_kick(f->cpu);
	scpu_run(f, EXIT_INTR);
	assert_int_equal(f->exit.rip, SCPU_CODE + 2);
	assert_int_equal(f->regs.rip, SCPU_CODE + 2);
	assert_int_equal(f->regs.rax & 0xff, 0x2a);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_out_completes_after_rewrite),
		T(test_in_completes_after_rewrite),
		T(test_mmio_read_completes_after_rewrite),
		T(test_window_opens_after_rewrite),
		T(test_kick_after_completion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
