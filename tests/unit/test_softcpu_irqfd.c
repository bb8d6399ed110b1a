/*
 * tests/unit/test_softcpu_irqfd.c - the software CPU's in-kernel irqchip
 * and irqfds (cpu/irqfd.c), against a chip of the test's own: lines
 * latch a request on a rising edge, the INTA cycle hands out base + line.
 *
 * A guest that never exits (`sti; jmp $`) must still get an irqfd's
 * interrupt: the CPU raises the line and delivers the vector itself at a
 * boundary check - the run ends at the handler's HLT, with the frame in
 * the loop.  A resample irqfd's line stays up until its EOI, which lowers
 * it and signals the resample eventfd.  Without a chip there is no irqfd,
 * as KVM_IRQFD fails without KVM_CREATE_IRQCHIP.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

#define NET_IRQ  5
#define VEC_BASE 0x20
#define RUN_SLICE 100000        /* instructions per softcpu_run() here */

/* The test's chip: each line's level, and the requests latched. */
struct chip {
	uint16_t level;
	uint16_t requests;
	unsigned rises, acks;
};

static void chip_set_line(void *opaque, unsigned irq, int level)
{
	struct chip *c = opaque;
	uint16_t bit = (uint16_t)(1u << irq);

	if (level && !(c->level & bit)) {
		c->requests |= bit;
		c->rises++;
	}
	c->level = level ? c->level | bit : c->level & (uint16_t)~bit;
}

static bool chip_has_interrupt(void *opaque)
{
	return ((struct chip *)opaque)->requests != 0;
}

static int chip_acknowledge(void *opaque)
{
	struct chip *c = opaque;
	int irq = __builtin_ctz(c->requests);

	c->requests &= (uint16_t)~(1u << irq);
	c->acks++;
	return VEC_BASE + irq;
}

static struct chip chip;

static void attach_chip(struct scpu_fixture *f)
{
	const struct softcpu_irqchip ops = {
		.set_line = chip_set_line, .has_interrupt = chip_has_interrupt,
		.acknowledge = chip_acknowledge, .opaque = &chip,
	};

	memset(&chip, 0, sizeof(chip));
	assert_int_equal(softcpu_set_irqchip(f->cpu, &ops), 0);
	scpu_install_idt(f, 0);
}

/* The chip, and an irqfd on it - a pulse, or with a resample eventfd -
 * signalled once. */
static struct irqfd signalled(struct scpu_fixture *f, bool resample)
{
	struct irqfd irqfd = {
		.irq = NET_IRQ, .fd = eventfd(0, EFD_NONBLOCK),
		.resample_fd = resample ? eventfd(0, EFD_NONBLOCK) : -1 };
	uint64_t one = 1;

	attach_chip(f);
	assert_int_equal(softcpu_set_irqfd(f->cpu, &irqfd, true), 0);
	assert_int_equal(write(irqfd.fd, &one, sizeof(one)), sizeof(one));
	return irqfd;
}

static uint64_t take(int fd)
{
	uint64_t v = 0;

	return read(fd, &v, sizeof(v)) == sizeof(v) ? v : 0;
}

/* `sti; jmp $`, run in slices until something other than the budget
 * ends it: the irqfd's interrupt must arrive with no exit of its own, at
 * vector's handler. */
static void run_until_interrupt(struct scpu_fixture *f, unsigned vector)
{
	static const uint8_t code[] = {
		0xfb,                           /* sti */
		0xeb, 0xfe,                     /* 1: jmp 1b */
	};
	struct vcpu_regs regs;

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	softcpu_get_regs(f->cpu, &regs);
	regs.rflags = RFLAGS_FIXED;
	softcpu_set_regs(f->cpu, &regs);
	do {
		assert_int_equal(softcpu_run(f->cpu, &f->exit, RUN_SLICE), 0);
	} while (f->exit.reason == EXIT_INTR);
	assert_int_equal(f->exit.reason, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * vector);
}

/* What the CPU counted: lines an irqfd raised, exceptions, interrupts
 * and, of those, the ones it took from its chip. */
static void assert_counted(struct scpu_fixture *f, uint64_t raises,
			   uint64_t exceptions, uint64_t interrupts,
			   uint64_t from_chip)
{
	struct softcpu_counters c;

	softcpu_get_counters(f->cpu, &c);
	assert_int_equal(c.irqfd_raises, raises);
	assert_int_equal(c.exceptions, exceptions);
	assert_int_equal(c.interrupts, interrupts);
	assert_int_equal(c.chip_interrupts, from_chip);
}

static void test_no_irqfd_without_chip(void **state)
{
	struct scpu_fixture *f = *state;
	struct irqfd irqfd = { .irq = NET_IRQ, .fd = eventfd(0, 0),
			       .resample_fd = -1 };

	assert_int_equal(softcpu_set_irqfd(f->cpu, &irqfd, true), -EINVAL);
	close(irqfd.fd);
}

/* A pulse (no resample eventfd): one edge, one interrupt taken by the
 * CPU from its chip - none injected - and the line low again. */
static void test_pulse_delivered_without_exit(void **state)
{
	struct scpu_fixture *f = *state;
	struct irqfd irqfd = signalled(f, false);

	run_until_interrupt(f, VEC_BASE + NET_IRQ);
	assert_int_equal(chip.rises, 1);
	assert_int_equal(chip.acks, 1);
	assert_int_equal(chip.level, 0);
	assert_counted(f, 1, 0, 1, 1);
	assert_int_equal(softcpu_set_irqfd(f->cpu, &irqfd, false), 0);
	assert_int_equal(softcpu_set_irqfd(f->cpu, &irqfd, false), -ENOENT);
	close(irqfd.fd);
}

/* The chip's interrupt whose delivery faults - its gate beyond the IDT's
 * limit: #GP(vector * 8 + IDT + EXT) goes in instead.  Nothing was
 * delivered from the chip, so it counts none: chip_interrupts is a part
 * of interrupts, counted where they are (the backend shows interrupts
 * minus chip_interrupts; counted at the INTA it was 1 of 0, and that
 * difference wrapped to 2^64 - 1). */
static void test_faulting_chip_interrupt_counts_none(void **state)
{
	struct scpu_fixture *f = *state;
	struct irqfd irqfd = signalled(f, false);
	struct vcpu_sregs s;

	softcpu_get_sregs(f->cpu, &s);
	s.idt.limit = 16 * (VEC_BASE + NET_IRQ) - 1;
	assert_int_equal(softcpu_set_sregs(f->cpu, &s), 0);
	run_until_interrupt(f, 13);   /* #GP's handler */
	assert_int_equal(chip.acks, 1);
	assert_counted(f, 1, 1, 0, 0);
	assert_int_equal(softcpu_set_irqfd(f->cpu, &irqfd, false), 0);
	close(irqfd.fd);
}

/* A resample irqfd on the chip, signalled once, its interrupt taken. */
static struct irqfd resampled_and_taken(struct scpu_fixture *f)
{
	struct irqfd irqfd = signalled(f, true);

	run_until_interrupt(f, VEC_BASE + NET_IRQ);
	return irqfd;
}

static void remove_resampled(struct scpu_fixture *f, struct irqfd *irqfd)
{
	assert_int_equal(softcpu_set_irqfd(f->cpu, irqfd, false), 0);
	close(irqfd->fd);
	close(irqfd->resample_fd);
}

/* With a resample eventfd the line stays up after the INTA; the EOI of
 * another line changes nothing; its own lowers it and signals resample. */
static void test_resample_holds_until_eoi(void **state)
{
	struct scpu_fixture *f = *state;
	struct irqfd irqfd = resampled_and_taken(f);

	assert_int_equal(chip.level, 1u << NET_IRQ);
	assert_int_equal(take(irqfd.resample_fd), 0);
	softcpu_irqchip_eoi(f->cpu, 1u << 3);          /* another line */
	assert_int_equal(chip.level, 1u << NET_IRQ);
	softcpu_irqchip_eoi(f->cpu, 1u << NET_IRQ);
	assert_int_equal(chip.level, 0);
	assert_int_equal(take(irqfd.resample_fd), 1);
	assert_int_equal(chip.rises, 1);
	remove_resampled(f, &irqfd);
}

/* A reset lowers a held line and says so on the resample eventfd (the
 * device must not think it still up); the registration stays. */
static void test_reset_lowers_held_line(void **state)
{
	struct scpu_fixture *f = *state;
	struct irqfd irqfd = resampled_and_taken(f);

	softcpu_reset(f->cpu);
	assert_int_equal(chip.level, 0);
	assert_int_equal(take(irqfd.resample_fd), 1);
	remove_resampled(f, &irqfd);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, scpu_setup, scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_no_irqfd_without_chip),
		T(test_pulse_delivered_without_exit),
		T(test_faulting_chip_interrupt_counts_none),
		T(test_resample_holds_until_eoi),
		T(test_reset_lowers_held_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
