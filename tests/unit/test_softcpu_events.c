/*
 * tests/unit/test_softcpu_events.c - the software CPU between its
 * instructions: external interrupts from the VMM (readiness, injection,
 * the STI shadow, interrupt windows), TF's trap after an exit, the VMM
 * moving RIP at an exit, a long REP giving way to the run loop, and the
 * instruction an IN or MMIO read exit left half done - also what a
 * hostile guest can do to that pair: an INS whose store faults, two MMIO
 * reads in one instruction, an IDT no RAM backs.
 *
 * Each test asserts exact exits, registers and interrupt frames.
 * Programs are raw bytes with their assembly in a comment; every
 * vector's handler is a HLT at SCPU_HANDLERS + 16 * vector
 * (tests/unit/support/softcpu_fixture.h) unless the test writes its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

#define VEC_TIMER 0x20                 /* the PIC's IRQ 0, remapped */
#define VEC_DB    1
#define VEC_PF    14
#define HANDLER(v) (SCPU_HANDLERS + 16ULL * (v))
#define IF_ON  (RFLAGS_IF | RFLAGS_FIXED)
#define IF_OFF RFLAGS_FIXED

/* The five words an interrupt without an error code pushes, from RSP. */
struct frame {
	uint64_t rip, cs, rflags, rsp, ss;
};

static struct frame read_frame(struct scpu_fixture *f)
{
	struct frame fr;

	assert_int_equal(guest_mem_read(&f->mem, f->regs.rsp, &fr,
					 sizeof(fr)), 0);
	return fr;
}

static void set_rflags(struct scpu_fixture *f, uint64_t rflags)
{
	assert_int_equal(softcpu_get_regs(f->cpu, &f->regs), 0);
	f->regs.rflags = rflags;
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
}

/* Ready only with IF set, no STI shadow and nothing already injected. */
static void test_interrupt_ready(void **state)
{
	struct scpu_fixture *f = *state;

	set_rflags(f, IF_OFF);
	assert_false(softcpu_interrupt_ready(f->cpu));
	set_rflags(f, IF_ON);
	assert_true(softcpu_interrupt_ready(f->cpu));
	softcpu_inject_interrupt(f->cpu, VEC_TIMER);
	assert_false(softcpu_interrupt_ready(f->cpu));
}

/* An injected vector goes through the IDT before the next instruction:
 * the frame holds that instruction's RIP and IF = 1, the handler runs
 * with IF = 0 (an interrupt gate), and it counts as an interrupt. */
static void test_injection_before_next_insn(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb8, 0x01, 0x00, 0x00, 0x00,   /* mov eax, 1 */
		0xf4,                           /* hlt */
	};
	struct softcpu_counters c;
	struct frame fr;

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	set_rflags(f, IF_ON);
	softcpu_inject_interrupt(f->cpu, VEC_TIMER);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, HANDLER(VEC_TIMER));
	assert_int_equal(f->regs.rflags, IF_OFF);
	assert_int_equal(f->regs.rax, 0);
	fr = read_frame(f);
	assert_int_equal(fr.rip, SCPU_CODE);
	assert_int_equal(fr.cs, SEL_KERNEL_CODE);
	assert_int_equal(fr.rflags, IF_ON);
	assert_int_equal(fr.rsp, BOOT_STACK_TOP);
	softcpu_get_counters(f->cpu, &c);
	assert_int_equal(c.interrupts, 1);
	assert_int_equal(c.exceptions, 0);
}

/* STI holds interrupts off for one more instruction: with a window
 * requested, `sti; nop` exits IRQ_WINDOW_OPEN at the instruction after
 * the NOP, and a vector injected then returns there. */
static void test_sti_shadow_and_window(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xfb,                           /* sti */
		0x90,                           /* nop */
		0xf4,                           /* hlt */
	};

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	set_rflags(f, IF_OFF);
	softcpu_request_interrupt_window(f->cpu, true);
	scpu_run(f, EXIT_IRQ_WINDOW_OPEN);
	assert_int_equal(f->exit.rip, SCPU_CODE + 2);
	assert_int_equal(f->regs.rip, SCPU_CODE + 2);
	assert_true(softcpu_interrupt_ready(f->cpu));
	softcpu_request_interrupt_window(f->cpu, false);
	softcpu_inject_interrupt(f->cpu, VEC_TIMER);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, HANDLER(VEC_TIMER));
	assert_int_equal(read_frame(f).rip, SCPU_CODE + 2);
}

/* A vector injected at an IN exit waits for the IN to finish with its
 * data: the frame returns after the IN, AL holds the byte. */
static void test_injection_after_in_completes(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xe4, 0x60,                     /* in al, 0x60 */
		0xf4,                           /* hlt */
	};

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	set_rflags(f, IF_ON);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x60);
	f->exit.u.io.data[0] = 0x1c;
	softcpu_inject_interrupt(f->cpu, VEC_TIMER + 1);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, HANDLER(VEC_TIMER + 1));
	assert_int_equal(f->regs.rax, 0x1c);
	assert_int_equal(read_frame(f).rip, SCPU_CODE + 2);
}

/* TF set, then an instruction that exits: the OUT's trap is still due. */
static const uint8_t tf_then_out[] = {
	0x68, 0x02, 0x01, 0x00, 0x00,   /* 00: push 0x102 (TF) */
	0x9d,                           /* 05: popfq */
	0xe6, 0x80,                     /* 06: out 0x80, al */
	0xf4,                           /* 08: hlt */
};

/* TF's #DB after an instruction that made an exit waits for the next
 * run, as on KVM: at the OUT exit the CPU is still at the OUT (not in the
 * #DB handler already); the next run finishes the OUT, then takes the
 * trap, whose frame returns after it (complete_fast_pio_out skips the
 * OUT, and kvm_skip_emulated_instruction gives TF's #DB). */
static void test_single_step_trap_after_exit(void **state)
{
	struct scpu_fixture *f = *state;

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, tf_then_out, sizeof(tf_then_out));
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.rip, SCPU_CODE + 6);
	assert_int_equal(f->regs.rip, SCPU_CODE + 6);
	assert_int_equal(f->regs.rflags, 0x102);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, HANDLER(VEC_DB));
	assert_int_equal(read_frame(f).rip, SCPU_CODE + 8);
	assert_int_equal(read_frame(f).rflags, 0x102);
}

/* The VMM moving RIP at an exit (a reset does) abandons the instruction
 * there: an OUT's end (and its TF trap) is not taken at the new RIP -
 * the IN found there exits for its own data - and the data given for an
 * IN does not complete the IN found at the new RIP either. */
static void test_new_rip_abandons_exit(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t reads[] = {
		0xe4, 0x60,                     /* 20: in al, 0x60 */
		0xf4,                           /* 22: hlt */
		0xe4, 0x61,                     /* 23: in al, 0x61 */
		0xf4,                           /* 25: hlt */
	};

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, tf_then_out, sizeof(tf_then_out));
	scpu_load(f, SCPU_CODE + 0x20, reads, sizeof(reads));
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.rip, SCPU_CODE + 6);
	f->regs.rip = SCPU_CODE + 0x20;
	f->regs.rflags = IF_OFF;
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.rip, SCPU_CODE + 0x20);
	assert_int_equal(f->exit.u.io.port, 0x60);
	f->exit.u.io.data[0] = 0x1c;
	f->regs.rip = SCPU_CODE + 0x23;
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.rip, SCPU_CODE + 0x23);
	assert_int_equal(f->exit.u.io.port, 0x61);
	f->exit.u.io.data[0] = 0x2a;
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 0x25);
	assert_int_equal(f->regs.rax & 0xff, 0x2a);
}

/* A REP string instruction runs in slices of 1024 iterations, each one
 * a step of the run loop, so a budget (or a kick) takes effect in the
 * middle of a huge one, with RIP still on it and RCX/RDI showing the
 * work done.  (RCX could be 2^64 - 1 over aliased pages.) */
static void test_long_rep_yields(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xbf, 0x00, 0x00, 0x20, 0x00,   /* 00: mov edi, 0x200000 */
		0xb9, 0x00, 0x00, 0x10, 0x00,   /* 05: mov ecx, 0x100000 */
		0x31, 0xc0,                     /* 0a: xor eax, eax */
		0xf3, 0xaa,                     /* 0c: rep stosb */
		0xf4,                           /* 0e: hlt */
	};
	struct softcpu_counters c;

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	assert_int_equal(softcpu_run(f->cpu, &f->exit, 5), 0);
	assert_int_equal(f->exit.reason, EXIT_INTR);
	assert_int_equal(softcpu_get_regs(f->cpu, &f->regs), 0);
	assert_int_equal(f->regs.rip, SCPU_CODE + 0x0c);
	assert_int_equal(f->regs.rcx, 0x100000 - 2 * 1024);
	assert_int_equal(f->regs.rdi, 0x200000 + 2 * 1024);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rcx, 0);
	assert_int_equal(f->regs.rdi, 0x300000);
	softcpu_get_counters(f->cpu, &c);
	assert_int_equal(c.instructions, 3 + 0x100000 / 1024 + 1);
}

/* An INS whose store faults (page 0 is not mapped) after its IN exit
 * brought 4096 bytes: the #PF handler's own REP INSD must exit for its
 * own data (1024 dwords: one page), not consume the 4096 bytes of the
 * abandoned INSB as 4096 dwords - 16 KiB out of a 4 KiB buffer. */
static void test_faulting_ins_drops_its_data(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x31, 0xff,                     /* xor edi, edi */
		0xb9, 0x00, 0x10, 0x00, 0x00,   /* mov ecx, 4096 */
		0x66, 0xba, 0x60, 0x00,         /* mov dx, 0x60 */
		0xf3, 0x6c,                     /* rep insb */
	};
	static const uint8_t pf_handler[] = {
		0xbf, 0x00, 0x00, 0x20, 0x00,   /* mov edi, 0x200000 */
		0xf3, 0x6d,                     /* rep insd */
	};

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_load(f, HANDLER(VEC_PF), pf_handler, sizeof(pf_handler));
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.size, 1);
	assert_int_equal(f->exit.u.io.count, 4096);
	memset(f->exit.u.io.data, 0x5a, 4096);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.rip, HANDLER(VEC_PF) + 5);
	assert_int_equal(f->exit.u.io.direction, IO_IN);
	assert_int_equal(f->exit.u.io.size, 4);
	assert_int_equal(f->exit.u.io.count, 1024);
	assert_int_equal(f->regs.rcx, 4096);
}

/* CMPSB between two MMIO addresses needs two MMIO reads, which this CPU
 * does not do in one instruction: after the second read's exit it stops
 * with INTERNAL_ERROR instead of asking for the first one again, and
 * again, forever. */
static void test_two_mmio_reads_stop(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xbe, 0x00, 0x00, 0x00, 0xd0,   /* mov esi, 0xd0000000 */
		0xbf, 0x00, 0x01, 0x00, 0xd0,   /* mov edi, 0xd0000100 */
		0xa6,                           /* cmpsb */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_MMIO);
	assert_int_equal(f->exit.u.mmio.gpa, MMIO_WINDOW);
	f->exit.u.mmio.data[0] = 1;
	scpu_run(f, EXIT_MMIO);
	assert_int_equal(f->exit.u.mmio.gpa, MMIO_WINDOW + 0x100);
	f->exit.u.mmio.data[0] = 2;
	scpu_run(f, EXIT_INTERNAL_ERROR);
	assert_int_equal(f->exit.rip, SCPU_CODE + 10);
	assert_int_equal(f->exit.insn[0], 0xa6);
}

/* Delivering through an IDT that no RAM backs would read the gate by
 * MMIO exits in the middle of the delivery: like KVM (an event delivery
 * that hits MMIO), the CPU stops with INTERNAL_ERROR - for an injected
 * interrupt and for an exception alike. */
static void test_idt_in_mmio(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x0f, 0x0b,                     /* ud2 */
	};
	struct vcpu_sregs s;

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	softcpu_get_sregs(f->cpu, &s);
	s.idt.base = MMIO_WINDOW;
	s.idt.limit = 256 * 16 - 1;
	assert_int_equal(softcpu_set_sregs(f->cpu, &s), 0);
	set_rflags(f, IF_ON);
	softcpu_inject_interrupt(f->cpu, VEC_TIMER);
	scpu_run(f, EXIT_INTERNAL_ERROR);
	assert_int_equal(f->exit.rip, SCPU_CODE);
	set_rflags(f, IF_OFF);
	scpu_run(f, EXIT_INTERNAL_ERROR);
	assert_int_equal(f->exit.rip, SCPU_CODE);
	assert_int_equal(f->exit.insn[0], 0x0f);
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_interrupt_ready),
		T(test_injection_before_next_insn),
		T(test_sti_shadow_and_window),
		T(test_injection_after_in_completes),
		T(test_single_step_trap_after_exit),
		T(test_new_rip_abandons_exit),
		T(test_long_rep_yields),
		T(test_faulting_ins_drops_its_data),
		T(test_two_mmio_reads_stop),
		T(test_idt_in_mmio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
