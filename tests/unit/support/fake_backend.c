/*
 * tests/unit/support/fake_backend.c - the scripted backend (see the header).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/clock.h"
#include "tests/unit/support/fake_backend.h"

struct fake_backend fake_backend;

void fake_backend_reset(void)
{
	memset(&fake_backend, 0, sizeof(fake_backend));
	fake_backend.irqfd_irq = -1;
}

void fake_backend_script(const struct fake_step *steps, size_t n)
{
	fake_backend.script = steps;
	fake_backend.script_len = n;
}

struct fake_cpu *fake_cpu_of(struct vm *vm)
{
	return vm->backend_state;
}

/* The backend's 8259 as created: a new chip, no line ever driven. */
static int chip_power_on(void)
{
	fake_backend.chip_lines = 0;
	memset(fake_backend.rises, 0, sizeof(fake_backend.rises));
	pic_free(fake_backend.chip);
	fake_backend.chip = NULL;
	bus_init(&fake_backend.chip_bus);
	return pic_init(&fake_backend.chip, &fake_backend.chip_bus);
}

static int fake_create(struct vm *vm)
{
	fake_backend.creates++;
	if (fake_backend.create_err)
		return fake_backend.create_err;
	vm->backend_state = calloc(1, sizeof(struct fake_cpu));
	if (!vm->backend_state)
		return -ENOMEM;
	if (vm->irqchip == VM_IRQCHIP_KERNEL && chip_power_on()) {
		free(vm->backend_state);
		vm->backend_state = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void fake_destroy(struct vm *vm)
{
	fake_backend.destroys++;
	pic_free(fake_backend.chip);
	fake_backend.chip = NULL;
	free(vm->backend_state);
	vm->backend_state = NULL;
}

static int fake_run(struct vm *vm, struct exit_record *exit)
{
	struct fake_backend *f = &fake_backend;
	int n = f->runs++;
	const struct fake_step *step;

	(void)vm;
	assert_true(n < FAKE_MAX_RUNS && (size_t)n < f->script_len);
	f->entry[n] = *exit;
	memcpy(f->entry_io[n], f->io_buf, FAKE_IO_BUF_SIZE);
	step = &f->script[n];
	if (step->err)
		return step->err;
	*exit = step->rec;
	if (exit->reason == EXIT_IO) {
		memcpy(f->io_buf, step->data, FAKE_IO_BUF_SIZE);
		exit->u.io.data = f->io_buf;
	}
	exit->t_ns = clock_now_ns();
	return 0;
}

/* A reset forgets the window and the registers, as create() left them,
 * and the backend's chip. */
static int fake_reset(struct vm *vm)
{
	fake_backend.resets++;
	fake_backend.window = false;
	memset(fake_cpu_of(vm), 0, sizeof(struct fake_cpu));
	return fake_backend.chip ? chip_power_on() : 0;
}

static int fake_get_regs(struct vm *vm, struct vcpu_regs *regs)
{
	*regs = fake_cpu_of(vm)->regs;
	return 0;
}

static int fake_set_regs(struct vm *vm, const struct vcpu_regs *regs)
{
	fake_backend.set_regs_calls++;
	fake_cpu_of(vm)->regs = *regs;
	return 0;
}

static int fake_get_sregs(struct vm *vm, struct vcpu_sregs *sregs)
{
	*sregs = fake_cpu_of(vm)->sregs;
	return 0;
}

static int fake_set_sregs(struct vm *vm, const struct vcpu_sregs *sregs)
{
	fake_backend.set_sregs_calls++;
	if (fake_backend.set_sregs_err)
		return fake_backend.set_sregs_err;
	fake_cpu_of(vm)->sregs = *sregs;
	return 0;
}

static int fake_set_single_step(struct vm *vm, bool on)
{
	(void)vm;
	(void)on;
	return 0;
}

static void fake_kick(struct vm *vm)
{
	(void)vm;
	fake_backend.kicks++;
}

static int fake_read_counters(struct vm *vm, struct backend_counter *out,
			      int max)
{
	static const struct backend_counter counters[] = {
		{ "io_exits", 3 },
		{ "halt_exits", 1 },
	};
	int n = max < 2 ? max : 2;

	(void)vm;
	memcpy(out, counters, (size_t)n * sizeof(*out));
	return n;
}

/* Interrupts: the fake vCPU takes one unless told it cannot, and
 * remembers each. */
static bool fake_interrupt_ready(struct vm *vm)
{
	(void)vm;
	return !fake_backend.irq_blocked;
}

static int fake_inject_interrupt(struct vm *vm, uint8_t vector)
{
	(void)vm;
	fake_backend.injected[fake_backend.injections++ % FAKE_MAX_RUNS] =
		vector;
	return 0;
}

static void fake_request_interrupt_window(struct vm *vm, bool on)
{
	(void)vm;
	fake_backend.window = on;
}

static int fake_sync_dirty(struct vm *vm)
{
	(void)vm;
	return 0;
}

/* Source bits for irq in *sources; the chip gets the OR of both. */
static void drive(uint16_t *sources, unsigned irq, int level)
{
	struct fake_backend *f = &fake_backend;
	uint16_t bit = (uint16_t)(1u << irq);

	bool up;

	*sources = level ? *sources | bit : *sources & (uint16_t)~bit;
	up = ((f->line_user | f->line_irqfd) & bit) != 0;
	if (up && !(f->chip_lines & bit))
		f->rises[irq]++;
	f->chip_lines = up ? f->chip_lines | bit : f->chip_lines & (uint16_t)~bit;
	pic_set_irq(f->chip, irq, up);
}

static int fake_set_irq_line(struct vm *vm, unsigned irq, int level)
{
	(void)vm;
	drive(&fake_backend.line_user, irq, level);
	return 0;
}

static int fake_set_irqfd(struct vm *vm, const struct irqfd *f, bool on)
{
	(void)vm;
	if (!fake_backend.chip || f->resample_fd < 0)
		return -EINVAL;
	if (on) {
		fake_backend.irqfd_irq = (int)f->irq;
		return 0;
	}
	fake_backend.irqfd_irq = -1;
	drive(&fake_backend.line_irqfd, f->irq, 0);
	return 0;
}

void fake_backend_irqfd_signal(void)
{
	assert_true(fake_backend.irqfd_irq >= 0);
	drive(&fake_backend.line_irqfd, (unsigned)fake_backend.irqfd_irq, 1);
}

static int fake_get_pic_regs(struct vm *vm, unsigned chip,
			     struct pic_regs *out)
{
	(void)vm;
	fake_backend.pic_reads++;
	pic_get_regs(fake_backend.chip, chip, out);
	return 0;
}

static bool fake_halted_inside(struct vm *vm)
{
	(void)vm;
	fake_backend.halted_asks++;
	return fake_backend.halted;
}

static enum host_flavour fake_flavour(struct vm *vm)
{
	(void)vm;
	return HOST_SOFT;
}

const struct backend_ops fake_backend_ops = {
	.name = "fake",
	.create = fake_create,
	.destroy = fake_destroy,
	.run = fake_run,
	.reset = fake_reset,
	.get_regs = fake_get_regs,
	.set_regs = fake_set_regs,
	.get_sregs = fake_get_sregs,
	.set_sregs = fake_set_sregs,
	.set_single_step = fake_set_single_step,
	.kick = fake_kick,
	.interrupt_ready = fake_interrupt_ready,
	.inject_interrupt = fake_inject_interrupt,
	.request_interrupt_window = fake_request_interrupt_window,
	.sync_dirty = fake_sync_dirty,
	.read_counters = fake_read_counters,
	.flavour = fake_flavour,
	.set_irq_line = fake_set_irq_line,
	.set_irqfd = fake_set_irqfd,
	.get_pic_regs = fake_get_pic_regs,
	.halted_inside = fake_halted_inside,
};

struct fake_step fake_io_step(uint16_t port, uint8_t direction,
			      uint32_t count, const char *bytes)
{
	struct fake_step s = { .rec.reason = EXIT_IO };

	assert_true(count <= FAKE_IO_BUF_SIZE);
	s.rec.u.io = (struct exit_io){ .port = port, .size = 1,
				       .direction = direction,
				       .count = count };
	memset(s.data, 0xcc, sizeof(s.data));
	if (bytes)
		memcpy(s.data, bytes, count);
	return s;
}

struct fake_step fake_mmio_step(uint64_t gpa, bool is_write, uint32_t value)
{
	struct fake_step s = { .rec.reason = EXIT_MMIO };

	s.rec.u.mmio.gpa = gpa;
	s.rec.u.mmio.len = 4;
	s.rec.u.mmio.is_write = is_write;
	memset(s.rec.u.mmio.data, 0xcc, sizeof(s.rec.u.mmio.data));
	if (is_write)
		memcpy(s.rec.u.mmio.data, &value, 4);
	return s;
}

struct fake_step fake_reason_step(uint32_t reason)
{
	return (struct fake_step){ .rec.reason = reason };
}
