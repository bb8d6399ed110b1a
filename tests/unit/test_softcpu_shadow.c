/*
 * tests/unit/test_softcpu_shadow.c - the one-instruction shadow of a MOV
 * to SS (SDM Vol. 3A, 6.8.3): after `mov ss, ax` the CPU takes no
 * external interrupt and no RFLAGS.TF single-step trap until the next
 * instruction is done, so that it can load RSP before any handler runs
 * on the new stack.
 *
 * Each test asserts the exact RIP where the event comes, its vector and
 * the order of two events.  Programs are raw bytes with their assembly in
 * a comment; every vector's handler is a HLT at SCPU_HANDLERS + 16 *
 * vector (tests/unit/support/softcpu_fixture.h).  The host CPU's own
 * behaviour, for the same bytes, is checked by test_cpu_diff_shadow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

#define VEC_DB    1
#define VEC_BP    3
#define VEC_TIMER 0x20
#define HANDLER(v) (SCPU_HANDLERS + 16ULL * (v))
#define IF_ON  (RFLAGS_IF | RFLAGS_FIXED)
#define IF_OFF RFLAGS_FIXED
#define TF_ON  (0x100ULL | RFLAGS_FIXED)

/* The five words an interrupt without an error code pushes, at rsp. */
struct frame {
	uint64_t rip, cs, rflags, rsp, ss;
};

static struct frame frame_at(struct scpu_fixture *f, uint64_t rsp)
{
	struct frame fr;

	assert_int_equal(guest_mem_read(&f->mem, rsp, &fr, sizeof(fr)), 0);
	return fr;
}

static void set_rflags(struct scpu_fixture *f, uint64_t rflags)
{
	assert_int_equal(softcpu_get_regs(f->cpu, &f->regs), 0);
	f->regs.rflags = rflags;
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
}

static uint64_t exceptions(const struct scpu_fixture *f)
{
	struct softcpu_counters c;

	softcpu_get_counters(f->cpu, &c);
	return c.exceptions;
}

/*
 * The tests of TF's trap start with TF set by a POPF and a MOV SS:
 *   00: mov eax, ss;  02: push 0x102 (TF);  07: popfq;  08: mov ss, eax
 * then tail, at 0a.  The POPF began with TF clear (no trap after it);
 * the MOV SS begins with TF set.  The IDT leads every vector to a HLT.
 */
#define AFTER_MOV_SS 0x0a

static void load_tf_program(struct scpu_fixture *f, const uint8_t *tail,
			    size_t len)
{
	static const uint8_t prologue[AFTER_MOV_SS] = {
		0x8c, 0xd0, 0x68, 0x02, 0x01, 0x00, 0x00, 0x9d, 0x8e, 0xd0,
	};

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, prologue, sizeof(prologue));
	scpu_load(f, SCPU_CODE + AFTER_MOV_SS, tail, len);
}

/* Stopped by the budget right after the MOV SS, the CPU stands in its
 * shadow: not ready for an interrupt, so the VMM asks for a window,
 * which opens only after the NOP; the vector injected then returns to
 * the HLT. */
static void test_interrupt_waits_past_next_insn(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x8c, 0xd0,                     /* 00: mov eax, ss */
		0x8e, 0xd0,                     /* 02: mov ss, eax */
		0x90,                           /* 04: nop */
		0xf4,                           /* 05: hlt */
	};

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	set_rflags(f, IF_ON);
	assert_int_equal(softcpu_run(f->cpu, &f->exit, 2), 0);
	assert_int_equal(f->exit.reason, EXIT_INTR);
	assert_int_equal(softcpu_get_regs(f->cpu, &f->regs), 0);
	assert_int_equal(f->regs.rip, SCPU_CODE + 4);
	assert_int_equal(softcpu_shadow(f->cpu), SOFTCPU_SHADOW_MOV_SS);
	assert_false(softcpu_interrupt_ready(f->cpu));
	softcpu_request_interrupt_window(f->cpu, true);
	scpu_run(f, EXIT_IRQ_WINDOW_OPEN);
	assert_int_equal(f->exit.rip, SCPU_CODE + 5);
	assert_int_equal(softcpu_shadow(f->cpu), 0);
	assert_true(softcpu_interrupt_ready(f->cpu));
	softcpu_request_interrupt_window(f->cpu, false);
	softcpu_inject_interrupt(f->cpu, VEC_TIMER);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, HANDLER(VEC_TIMER));
	assert_int_equal(frame_at(f, f->regs.rsp).rip, SCPU_CODE + 5);
}

/* A MOV SS in the shadow of an STI begins its own shadow: with a window
 * asked for while IF = 0, the window opens after the NOP that follows
 * the MOV SS, not after the MOV SS where STI's shadow ends. */
static void test_window_after_sti_then_mov_ss(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x8c, 0xd0,                     /* 00: mov eax, ss */
		0xfb,                           /* 02: sti */
		0x8e, 0xd0,                     /* 03: mov ss, eax */
		0x90,                           /* 05: nop */
		0xf4,                           /* 06: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	set_rflags(f, IF_OFF);
	softcpu_request_interrupt_window(f->cpu, true);
	scpu_run(f, EXIT_IRQ_WINDOW_OPEN);
	assert_int_equal(f->exit.rip, SCPU_CODE + 6);
	assert_int_equal(f->regs.rip, SCPU_CODE + 6);
}

/* TF set by the POPF: the MOV SS began with TF, but its trap is held;
 * the NOP's is the same #DB, one trap, whose frame returns after the
 * NOP with TF still set in the pushed RFLAGS. */
static void test_single_step_trap_after_next_insn(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t tail[] = {
		0x90,                           /* 0a: nop */
		0xf4,                           /* 0b: hlt */
	};
	struct frame fr;

	load_tf_program(f, tail, sizeof(tail));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, HANDLER(VEC_DB));
	fr = frame_at(f, f->regs.rsp);
	assert_int_equal(fr.rip, SCPU_CODE + 0x0b);
	assert_int_equal(fr.rflags, TF_ON);
	assert_int_equal(exceptions(f), 1);
}

/* Two MOV SS in a row: the second begins a shadow of its own, so the
 * first trap comes after the NOP, as on the host CPU. */
static void test_single_step_over_two_mov_ss(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t tail[] = {
		0x8e, 0xd0,                     /* 0a: mov ss, eax */
		0x90,                           /* 0c: nop */
		0xf4,                           /* 0d: hlt */
	};

	load_tf_program(f, tail, sizeof(tail));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, HANDLER(VEC_DB));
	assert_int_equal(frame_at(f, f->regs.rsp).rip, SCPU_CODE + 0x0d);
	assert_int_equal(exceptions(f), 1);
}

/* An INT3 in the shadow: #BP goes first, and the held trap comes at the
 * boundary after it - at the #BP handler's first instruction, before it
 * runs (the SDM's case of an INT3 or SYSCALL after a MOV SS).  The #DB
 * frame returns to that handler, on the stack the #BP frame left (its
 * RSP), and the #BP frame returns after the INT3 with TF set. */
static void test_held_trap_after_int3(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t tail[] = {
		0xcc,                           /* 0a: int3 */
		0xf4,                           /* 0b: hlt */
	};
	struct frame db, bp;

	load_tf_program(f, tail, sizeof(tail));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, HANDLER(VEC_DB));
	db = frame_at(f, f->regs.rsp);
	bp = frame_at(f, db.rsp);
	assert_int_equal(db.rip, HANDLER(VEC_BP));
	assert_int_equal(db.rflags, RFLAGS_FIXED);
	assert_int_equal(bp.rip, SCPU_CODE + 0x0b);
	assert_int_equal(bp.rflags, TF_ON);
	assert_int_equal(exceptions(f), 2);
}

/* Stops inside the shadow keep the held trap held: the budget ends the
 * run right after the MOV SS (no #DB yet, RIP at the OUT); the OUT then
 * exits, and its trap - the MOV SS's held one with it - comes in the
 * next run, once the OUT has finished, returning after the OUT. */
static void test_held_trap_across_exits(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t tail[] = {
		0xe6, 0x80,                     /* 0a: out 0x80, al */
		0xf4,                           /* 0c: hlt */
	};

	load_tf_program(f, tail, sizeof(tail));
	assert_int_equal(softcpu_run(f->cpu, &f->exit, 4), 0);
	assert_int_equal(f->exit.reason, EXIT_INTR);
	assert_int_equal(f->exit.rip, SCPU_CODE + AFTER_MOV_SS);
	assert_int_equal(exceptions(f), 0);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.rip, SCPU_CODE + AFTER_MOV_SS);
	assert_int_equal(exceptions(f), 0);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, HANDLER(VEC_DB));
	assert_int_equal(frame_at(f, f->regs.rsp).rip, SCPU_CODE + 0x0c);
	assert_int_equal(exceptions(f), 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_interrupt_waits_past_next_insn),
		T(test_window_after_sti_then_mov_ss),
		T(test_single_step_trap_after_next_insn),
		T(test_single_step_over_two_mov_ss),
		T(test_held_trap_after_int3),
		T(test_held_trap_across_exits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
