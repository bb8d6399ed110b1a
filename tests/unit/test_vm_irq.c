/*
 * tests/unit/test_vm_irq.c - interrupts and input between two runs
 * (core/vm_irq.c), over the scripted fake backend: the real PIC, PIT and
 * i8042 on a real VM's bus, programmed the way the teaching kernel does,
 * and the fake vCPU recording what vmscope injects.  The tests named
 * test_chip_* give the fake the controller in the backend, as KVM's
 * in-kernel 8259 (tests/unit/support/fake_backend.h): the guest programs
 * it and halts with no exit, and vmscope must read it only when it acts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/guests.h"
#include "core/vm.h"
#include "core/vm_irq.h"
#include "devices/i8042.h"
#include "devices/pic8259.h"
#include "devices/pit8254.h"
#include "devices/scancode.h"
#include "guest/abi/machine.h"
#include "tests/unit/support/bus_io.h"
#include "tests/unit/support/fake_backend.h"

#define MASTER_VECTORS 0x20
#define SLAVE_VECTORS  0x28
#define PIT_MODE2_CH0  0x34      /* counter 0, LSB then MSB, mode 2 */
#define PIT_1MS        1193      /* counts of 1.193182 MHz in 1 ms */
#define US             1000ULL
#define MS             (1000 * US)

struct fixture {
	struct vm vm;
	struct exit_record exit;
	char err[160];
};

static int setup_net(void **state, enum vm_irqchip irqchip,
		     const struct net_wire_spec *net)
{
	const struct builtin_guest *g = guests_find("hello");
	struct fixture *f = calloc(1, sizeof(*f));
	struct vm_config cfg = { .backend = &fake_backend_ops,
				 .irqchip = irqchip, .net = *net };

	fake_backend_reset();
	if (!f || !g)
		return -1;
	cfg.image = g->image;
	cfg.image_size = (size_t)(g->image_end - g->image);
	if (vm_create(&f->vm, &cfg, f->err, sizeof(f->err))) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int setup_with(void **state, enum vm_irqchip irqchip)
{
	const struct net_wire_spec none = { .kind = NET_NONE };

	return setup_net(state, irqchip, &none);
}

static int setup(void **state)
{
	return setup_with(state, VM_IRQCHIP_USER);
}

static int setup_chip(void **state)
{
	return setup_with(state, VM_IRQCHIP_KERNEL);
}

/* With a network card whose worker raises IRQ 5 through the backend's
 * resample irqfd (a generator, one frame a second: none comes in a test). */
static int setup_chip_irqfd(void **state)
{
	const struct net_wire_spec net = { .kind = NET_GEN, .size = 64,
					   .rate = 1, .path = NET_PATH_VHOST };

	return setup_net(state, VM_IRQCHIP_KERNEL, &net);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	vm_destroy(&f->vm);
	free(f);
	return 0;
}

/* The kernel's PIC set-up on the 8259s at bus: ICW1-4 on both chips,
 * then the mask. */
static void guest_programs_chip(struct bus *bus, uint8_t master_mask)
{
	bus_io_out(bus, PORT_PIC_MASTER, 1, PIC_ICW1_INIT | PIC_ICW1_IC4);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, MASTER_VECTORS);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, 1u << IRQ_CASCADE);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, PIC_ICW4_8086);
	bus_io_out(bus, PORT_PIC_SLAVE, 1, PIC_ICW1_INIT | PIC_ICW1_IC4);
	bus_io_out(bus, PORT_PIC_SLAVE + 1, 1, SLAVE_VECTORS);
	bus_io_out(bus, PORT_PIC_SLAVE + 1, 1, IRQ_CASCADE);
	bus_io_out(bus, PORT_PIC_SLAVE + 1, 1, PIC_ICW4_8086);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, master_mask);
	bus_io_out(bus, PORT_PIC_SLAVE + 1, 1, 0xff);
}

/* The same on vmscope's 8259. */
static void guest_programs_pic(struct vm *vm, uint8_t master_mask)
{
	guest_programs_chip(&vm->bus, master_mask);
}

/* The PIT's counter 0 at 1 ms, in mode 2. */
static void guest_programs_pit(struct vm *vm)
{
	bus_io_out(&vm->bus, PORT_PIT + PIT_CONTROL, 1, PIT_MODE2_CH0);
	bus_io_out(&vm->bus, PORT_PIT, 1, PIT_1MS & 0xff);
	bus_io_out(&vm->bus, PORT_PIT, 1, PIT_1MS >> 8);
}

/*
 * The waker's alarm as the last vm_irq_service() left it.  The waker's own
 * thread rings an alarm that falls due before the test looks (the PIT here
 * ticks every millisecond, and a loaded host can pause the test longer):
 * the deadline then reads UINT64_MAX with a wake pending, so an alarm
 * already rung counts as the alarm that was set - and it was due by now.
 */
static bool alarm_rung(const struct fixture *f)
{
	return f->vm.waker.deadline_ns == UINT64_MAX &&
	       (atomic_load(&f->vm.waker.state) & WAKER_PENDING);
}

static bool alarm_set(const struct fixture *f)
{
	return f->vm.waker.deadline_ns != UINT64_MAX || alarm_rung(f);
}

/* The alarm is set for a time in [lo, hi], or rang already. */
static bool alarm_within(const struct fixture *f, uint64_t lo, uint64_t hi)
{
	uint64_t at = f->vm.waker.deadline_ns;

	if (alarm_rung(f))
		return clock_now_ns() >= lo;
	return at >= lo && at <= hi;
}

/* The fake vCPU's exits for a test, in order (at most FAKE_MAX_RUNS). */
static void script(const uint32_t *reasons, size_t n)
{
	static struct fake_step steps[FAKE_MAX_RUNS];

	assert_true(n <= FAKE_MAX_RUNS);
	for (size_t i = 0; i < n; i++)
		steps[i] = fake_reason_step(reasons[i]);
	fake_backend_script(steps, n);
}

/* The next scripted exit, dispatched. */
static void run_one(struct fixture *f)
{
	assert_int_equal(vm_run_exit(&f->vm, &f->exit), 0);
}

static void type_key(struct vm *vm, char c)
{
	struct scancode_stroke stroke;
	uint8_t bytes[SCANCODE_STROKE_MAX];

	assert_int_equal(scancode_from_ascii((unsigned char)c, &stroke), 0);
	assert_int_equal(vm_keys_push(vm, bytes,
				      scancode_stroke_bytes(&stroke, bytes)),
			 0);
}

/* A key waits while IRQ 1 is masked, then goes in as vector 0x21. */
static void test_key_injected_when_unmasked(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR, EXIT_INTR };
	struct fixture *f = *state;

	script(exits, 2);
	type_key(&f->vm, 'a');
	run_one(f);
	assert_false(f->exit.injected.valid);   /* IRQ 1 masked: waits */
	guest_programs_pic(&f->vm, (uint8_t)~(1u << IRQ_KEYBOARD));
	run_one(f);
	assert_true(f->exit.injected.valid);
	assert_int_equal(f->exit.injected.irq, IRQ_KEYBOARD);
	assert_int_equal(f->exit.injected.vector, MASTER_VECTORS + 1);
	assert_int_equal(fake_backend.injections, 1);
	assert_int_equal(fake_backend.injected[0], MASTER_VECTORS + 1);
	/* the handler's read: the make code of 'a' (set 1: 0x1e) */
	assert_int_equal(bus_io_in(&f->vm.bus, PORT_I8042_DATA, 1), 0x1e);
}

/* IF = 0: no injection, a window instead; then the window exit lets it
 * in. */
static void test_window_when_not_ready(void **state)
{
	static const uint32_t exits[] = { EXIT_IRQ_WINDOW_OPEN, EXIT_INTR };
	struct fixture *f = *state;

	script(exits, 2);
	guest_programs_pic(&f->vm, (uint8_t)~(1u << IRQ_KEYBOARD));
	type_key(&f->vm, 'a');
	fake_backend.irq_blocked = true;
	run_one(f);
	assert_false(f->exit.injected.valid);
	assert_true(fake_backend.window);
	fake_backend.irq_blocked = false;
	run_one(f);
	assert_true(f->exit.injected.valid);
	assert_false(fake_backend.window);
	assert_int_equal(f->vm.state, VM_RUNNING);
}

/* A level-triggered line still high after the injection (automatic EOI:
 * nothing else is in service): the window is asked for at once, because
 * the handler may set IF again without making an exit. */
static void test_window_after_injection_line_still_high(void **state)
{
	static const uint32_t exits[] = { EXIT_IRQ_WINDOW_OPEN, EXIT_INTR };
	struct fixture *f = *state;
	struct bus *bus = &f->vm.bus;

	script(exits, 2);
	bus_io_out(bus, PORT_PIC_MASTER, 1,
		   PIC_ICW1_INIT | PIC_ICW1_LTIM | PIC_ICW1_IC4);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, MASTER_VECTORS);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, 1u << IRQ_CASCADE);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, PIC_ICW4_8086 | PIC_ICW4_AEOI);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, (uint8_t)~(1u << IRQ_COM1));
	pic_set_irq(f->vm.pic, IRQ_COM1, 1);
	run_one(f);
	assert_true(f->exit.injected.valid);
	assert_int_equal(f->exit.injected.vector, MASTER_VECTORS + IRQ_COM1);
	assert_true(pic_has_interrupt(f->vm.pic));
	assert_true(fake_backend.window);
	/* the window opened: the same line goes in again */
	run_one(f);
	assert_true(f->exit.injected.valid);
	assert_int_equal(fake_backend.injections, 2);
	assert_true(fake_backend.window);
	/* the line falls: nothing is left, the window is closed */
	pic_set_irq(f->vm.pic, IRQ_COM1, 0);
	assert_int_equal(vm_irq_before_run(&f->vm), 0);
	assert_false(fake_backend.window);
}

/* Keys arrive one stroke at a time, at the guest's pace: the second waits
 * until the guest has read both bytes of the first. */
static void test_keys_at_guest_pace(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR, EXIT_INTR };
	struct fixture *f = *state;
	struct i8042_counters c;

	script(exits, 2);
	guest_programs_pic(&f->vm, (uint8_t)~(1u << IRQ_KEYBOARD));
	type_key(&f->vm, 'a');
	type_key(&f->vm, 'b');
	run_one(f);
	i8042_get_counters(f->vm.kbd, &c);
	assert_int_equal(c.key_bytes, 2);
	assert_int_equal(bus_io_in(&f->vm.bus, PORT_I8042_DATA, 1), 0x1e);
	assert_int_equal(bus_io_in(&f->vm.bus, PORT_I8042_DATA, 1), 0x9e);
	run_one(f);
	i8042_get_counters(f->vm.kbd, &c);
	assert_int_equal(c.key_bytes, 4);
	assert_int_equal(bus_io_in(&f->vm.bus, PORT_I8042_DATA, 1), 0x30);
}

/* HLT with IF = 1 and the timer unmasked sleeps until the PIT's tick,
 * then the next run injects vector 0x20, saying when that tick was due
 * (the PIT's deadline, before the run began). */
static void test_hlt_sleeps_until_tick(void **state)
{
	static const uint32_t exits[] = { EXIT_HLT, EXIT_INTR };
	struct fixture *f = *state;
	uint64_t start, deadline;

	script(exits, 2);
	guest_programs_pic(&f->vm, (uint8_t)~(1u << IRQ_TIMER));
	guest_programs_pit(&f->vm);
	fake_cpu_of(&f->vm)->regs.rflags |= RFLAGS_IF;
	deadline = pit_next_irq_ns(f->vm.pit);
	start = clock_now_ns();
	run_one(f);
	assert_int_equal(f->vm.state, VM_RUNNING);
	assert_true(clock_now_ns() - start >= 500000);   /* it did wait */
	run_one(f);
	assert_true(f->exit.injected.valid);
	assert_int_equal(f->exit.injected.irq, IRQ_TIMER);
	assert_int_equal(f->exit.injected.vector, MASTER_VECTORS);
	assert_int_equal(f->exit.injected.due_ns, deadline);
	assert_true(f->exit.resume_ns >= deadline);
	assert_int_equal(f->vm.tick_due_ns, 0);   /* handed on */
}

/* HLT with IF = 1 and only IRQ 1 unmasked: no script and no person can
 * type, so nothing can wake it - the run ends instead of hanging. */
static void test_hlt_nobody_to_type(void **state)
{
	static const uint32_t exits[] = { EXIT_HLT };
	struct fixture *f = *state;

	script(exits, 1);
	guest_programs_pic(&f->vm, (uint8_t)~(1u << IRQ_KEYBOARD));
	fake_cpu_of(&f->vm)->regs.rflags |= RFLAGS_IF;
	run_one(f);
	assert_int_equal(f->vm.state, VM_HALTED);
	assert_string_equal(f->vm.end_reason,
			    "guest halted (HLT with interrupts on, but no "
			    "device can raise an unmasked interrupt line)");
}

/* The same HLT with a key waiting: the key goes in during the wait and
 * the next run injects it. */
static void test_hlt_woken_by_waiting_key(void **state)
{
	static const uint32_t exits[] = { EXIT_HLT, EXIT_INTR };
	struct fixture *f = *state;

	script(exits, 2);
	guest_programs_pic(&f->vm, (uint8_t)~(1u << IRQ_KEYBOARD));
	fake_cpu_of(&f->vm)->regs.rflags |= RFLAGS_IF;
	f->vm.keys_paced = true;   /* it may go in only while halted */
	type_key(&f->vm, 'a');
	run_one(f);
	assert_int_equal(f->vm.state, VM_RUNNING);
	run_one(f);
	assert_true(f->exit.injected.valid);
	assert_int_equal(f->exit.injected.irq, IRQ_KEYBOARD);
}

/* The PIT at its fastest rate: its alarm is set only for a tick the PIC
 * would pass on.  Not while IRQ 0 is masked, nor while its request waits
 * (IF = 0: a window is asked for instead), nor while it is in service;
 * again once the EOI has come. */
static void test_tick_kicks_only_when_it_can_matter(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR, EXIT_INTR };
	struct fixture *f = *state;
	struct bus *bus = &f->vm.bus;

	script(exits, 2);
	guest_programs_pic(&f->vm, 0xff);
	guest_programs_pit(&f->vm);
	vm_irq_service(&f->vm);
	assert_int_equal(f->vm.waker.deadline_ns, UINT64_MAX);   /* masked */

	/* unmasked: the next tick is requested already or has its alarm */
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, (uint8_t)~(1u << IRQ_TIMER));
	vm_irq_service(&f->vm);
	assert_true(pic_has_interrupt(f->vm.pic) || alarm_set(f));

	fake_backend.irq_blocked = true;   /* interrupts off */
	while (!pic_has_interrupt(f->vm.pic))
		vm_irq_service(&f->vm);    /* a tick comes: IRQ 0 requested */
	run_one(f);
	assert_true(fake_backend.window);
	assert_int_equal(f->vm.waker.deadline_ns, UINT64_MAX);

	fake_backend.irq_blocked = false;  /* taken: in service */
	run_one(f);
	assert_true(f->exit.injected.valid);
	assert_int_equal(f->vm.waker.deadline_ns, UINT64_MAX);

	/* the EOI: the next tick is either requested already (it came
	 * meanwhile) or has its alarm */
	bus_io_out(bus, PORT_PIC_MASTER, 1, 0x20);
	vm_irq_service(&f->vm);
	assert_true(pic_has_interrupt(f->vm.pic) || alarm_set(f));
}

/* The i8042's reset pulse restarts the machine after the exit: the
 * backend's vCPU is reset before the entry state goes in, and the
 * interrupt window asked for before is forgotten on both sides. */
static void test_reset_line(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR };
	struct fixture *f = *state;
	int set_regs_before = fake_backend.set_regs_calls;

	script(exits, 1);
	guest_programs_pic(&f->vm, (uint8_t)~(1u << IRQ_KEYBOARD));
	type_key(&f->vm, 'a');
	fake_backend.irq_blocked = true;   /* IF = 0: a window is asked */
	bus_io_out(&f->vm.bus, PORT_I8042_CMD, 1, 0xfe);
	assert_int_equal(f->vm.resets, 0);   /* not inside the bus access */
	run_one(f);
	assert_int_equal(f->vm.resets, 1);
	assert_int_equal(f->vm.state, VM_RUNNING);
	assert_int_equal(fake_backend.resets, 1);
	assert_false(fake_backend.window);
	assert_false(f->vm.irq_window_on);
	assert_int_equal(fake_backend.set_regs_calls, set_regs_before + 1);
	assert_int_equal(fake_cpu_of(&f->vm)->regs.rip, f->vm.image.entry);
}

static unsigned key_bytes(struct vm *vm)
{
	struct i8042_counters c;

	i8042_get_counters(vm->kbd, &c);
	return (unsigned)c.key_bytes;
}

/* The PIC input requests the backend's chip holds (IRR). */
static uint8_t chip_irr(unsigned chip)
{
	struct pic_regs r;

	pic_get_regs(fake_backend.chip, chip, &r);
	return r.irr;
}

/* The backend's chip with the timer and the keyboard unmasked and the
 * PIT running, the guest running with interrupts on: exits with no key
 * waiting read nothing of the chip (on KVM, no KVM_GET_IRQCHIP) nor its
 * MP state, and the next tick always has its alarm. */
static void test_chip_not_read_without_keys(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR, EXIT_IO, EXIT_INTR };
	struct fixture *f = *state;

	script(exits, 3);
	fake_cpu_of(&f->vm)->regs.rflags |= RFLAGS_IF;
	guest_programs_chip(&fake_backend.chip_bus,
			    (uint8_t)~(1u << IRQ_TIMER | 1u << IRQ_KEYBOARD));
	guest_programs_pit(&f->vm);
	for (int i = 0; i < 3; i++)
		run_one(f);
	assert_int_equal(fake_backend.pic_reads, 0);
	assert_int_equal(fake_backend.halted_asks, 0);
	assert_true(alarm_set(f));
}

/* A tick requested and not yet taken: vmscope's own 8259 would hear of
 * its INTA and EOI (exits); the backend's chip takes both in the kernel,
 * and the guest may halt there at once - so the next tick keeps its
 * alarm, or nothing would ever wake it. */
static void test_chip_tick_alarm_while_requested(void **state)
{
	struct fixture *f = *state;

	guest_programs_chip(&fake_backend.chip_bus,
			    (uint8_t)~(1u << IRQ_TIMER));
	guest_programs_pit(&f->vm);
	while (!(chip_irr(0) & (1u << IRQ_TIMER)))
		vm_irq_service(&f->vm);    /* a tick comes: IRQ 0 requested */
	vm_irq_service(&f->vm);
	assert_true(alarm_within(f, pit_next_irq_ns(f->vm.pit),
				 pit_next_irq_ns(f->vm.pit)));
	assert_int_equal(fake_backend.pic_reads, 0);
}

/*
 * The PIT at its fastest (a reload of 2: a tick every 1.7 us), IRQ 0
 * masked in the backend's chip: each tick had its alarm, so the guest was
 * kicked out every 1.7 us for nothing.  After an alarm that came due the
 * next is 100 us away at least.  The times are a second ahead of the
 * clock, so the waker's thread rings nothing while the test looks.
 */
static void test_chip_fast_tick_alarm_floored(void **state)
{
	struct fixture *f = *state;
	uint64_t t0 = clock_now_ns() + 1000 * MS, first;

	guest_programs_chip(&fake_backend.chip_bus, 0xff);
	bus_io_out(&f->vm.bus, PORT_PIT + PIT_CONTROL, 1, PIT_MODE2_CH0);
	bus_io_out(&f->vm.bus, PORT_PIT, 1, 2);
	bus_io_out(&f->vm.bus, PORT_PIT, 1, 0);
	vm_irq_service_at(&f->vm, t0);
	first = f->vm.waker.deadline_ns;
	assert_true(first > t0 && first < t0 + 2 * US);
	vm_irq_service_at(&f->vm, first);          /* it came due */
	assert_int_equal(f->vm.waker.deadline_ns, first + 100 * US);
}

/* Scripted keys with the backend's chip: no HLT exit comes, so a key
 * goes in when the backend says the vCPU waits in HLT (KVM_GET_MP_STATE),
 * and until then the key looks again within a millisecond (a kick); the
 * mask is read once, as the key goes in. */
static void test_chip_scripted_key_waits_for_halt(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR, EXIT_INTR };
	struct fixture *f = *state;
	uint64_t before;

	script(exits, 2);
	guest_programs_chip(&fake_backend.chip_bus,
			    (uint8_t)~(1u << IRQ_KEYBOARD));
	f->vm.keys_paced = true;
	type_key(&f->vm, 'a');
	before = clock_now_ns();
	run_one(f);
	assert_int_equal(key_bytes(&f->vm), 0);   /* the guest runs */
	assert_true(fake_backend.halted_asks >= 1);
	assert_true(alarm_within(f, before, clock_now_ns() + 1000000));
	assert_int_equal(fake_backend.pic_reads, 0);

	fake_backend.halted = true;               /* HLT, in the kernel */
	fake_cpu_of(&f->vm)->regs.rflags |= RFLAGS_IF;
	before = clock_now_ns();
	run_one(f);
	assert_int_equal(key_bytes(&f->vm), 2);
	assert_int_equal(chip_irr(0), 1u << IRQ_KEYBOARD);
	assert_int_equal(fake_backend.pic_reads, 1);
	/* no key looks again: only the look for a HLT for good remains */
	assert_true(alarm_within(f, before + VM_IRQ_HALT_LOOK_NS,
				 clock_now_ns() + VM_IRQ_HALT_LOOK_NS));
	assert_int_equal(f->vm.state, VM_RUNNING);
}

/*
 * cli; hlt - how a bare-metal program ends - with the backend's chip: KVM's
 * in-kernel LAPIC keeps the HLT, no HLT exit ever comes, and vmscope used
 * to wait for ever.  A kick (the look at least every VM_IRQ_HALT_LOOK_NS)
 * finds the vCPU halted (KVM_GET_MP_STATE) with IF = 0, and the run ends
 * as at a HLT exit with interrupts off.  With IF = 1 it runs on: the
 * in-kernel LAPIC's timer could still wake it.
 */
static void test_chip_cli_hlt_ends_run(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR, EXIT_INTR };
	struct fixture *f = *state;
	uint64_t before = clock_now_ns();

	script(exits, 2);
	fake_backend.halted = true;
	fake_cpu_of(&f->vm)->regs.rflags |= RFLAGS_IF;
	run_one(f);
	assert_int_equal(f->vm.state, VM_RUNNING);
	assert_true(alarm_within(f, before + VM_IRQ_HALT_LOOK_NS,
				 clock_now_ns() + VM_IRQ_HALT_LOOK_NS));

	fake_cpu_of(&f->vm)->regs.rflags &= ~RFLAGS_IF;
	run_one(f);
	assert_int_equal(f->vm.state, VM_HALTED);
	assert_string_equal(f->vm.end_reason,
			    "guest halted (HLT with interrupts off)");
}

/* Interrupts off but not halted (a guest busy in a cli section): it runs
 * on, and the MP state was asked. */
static void test_chip_cli_running_runs_on(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR };
	struct fixture *f = *state;

	script(exits, 1);
	fake_cpu_of(&f->vm)->regs.rflags &= ~RFLAGS_IF;
	run_one(f);
	assert_int_equal(f->vm.state, VM_RUNNING);
	assert_int_equal(fake_backend.halted_asks, 1);
}

/* A key while the backend's chip has IRQ 1 masked: the guest's unmasking
 * makes no exit, so the key looks again; the next look lets it in. */
static void test_chip_key_waits_for_unmask(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR, EXIT_INTR };
	struct fixture *f = *state;

	script(exits, 2);
	guest_programs_chip(&fake_backend.chip_bus, 0xff);
	type_key(&f->vm, 'a');
	run_one(f);
	assert_int_equal(key_bytes(&f->vm), 0);
	assert_true(alarm_within(f, 0, clock_now_ns() + 1000000));
	bus_io_out(&fake_backend.chip_bus, PORT_PIC_MASTER + 1, 1,
		   (uint8_t)~(1u << IRQ_KEYBOARD));
	run_one(f);
	assert_int_equal(key_bytes(&f->vm), 2);
	assert_int_equal(chip_irr(0), 1u << IRQ_KEYBOARD);
}

/* A reset with the backend's chip: the chip comes back as created, and
 * the lines are driven again as after creation - the PIT's OUT, high
 * since power-on, is a request in a fresh chip, and must be one after
 * the reset too, though the PIT never lowered it. */
static void test_chip_reset_equals_fresh(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR };
	struct fixture *f = *state;
	struct pic_regs fresh[2], now[2];

	script(exits, 1);
	for (unsigned chip = 0; chip < 2; chip++)
		pic_get_regs(fake_backend.chip, chip, &fresh[chip]);
	assert_int_equal(fresh[0].irr, 1u << IRQ_TIMER);
	guest_programs_chip(&fake_backend.chip_bus,
			    (uint8_t)~(1u << IRQ_KEYBOARD));
	bus_io_out(&f->vm.bus, PORT_I8042_CMD, 1, 0xfe);
	run_one(f);
	assert_int_equal(f->vm.resets, 1);
	for (unsigned chip = 0; chip < 2; chip++) {
		pic_get_regs(fake_backend.chip, chip, &now[chip]);
		assert_memory_equal(&now[chip], &fresh[chip],
				    sizeof(now[chip]));
	}
}

/*
 * The card's line is up through its irqfd when the guest resets.  KVM
 * keeps that level apart from the chip (the irqfd's source in
 * irq_states[]), which KVM_SET_IRQCHIP does not reach: driving the lines
 * again with the old irqfd still there saw its level as a rising edge
 * into the restored (edge-triggered) chip, and its removal after left
 * IRR bit 5 set - a request the fresh machine does not have.  The irqfd
 * goes before the chip is restored, and comes back after.
 */
static void test_chip_reset_drops_irqfd_line(void **state)
{
	static const uint32_t exits[] = { EXIT_INTR };
	struct fixture *f = *state;
	struct pic_regs fresh, now;

	script(exits, 1);
	assert_int_equal(fake_backend.irqfd_irq, IRQ_VIRTIO_NET);
	pic_get_regs(fake_backend.chip, 0, &fresh);
	fake_backend_irqfd_signal();
	bus_io_out(&f->vm.bus, PORT_I8042_CMD, 1, 0xfe);
	run_one(f);
	assert_int_equal(f->vm.resets, 1);
	pic_get_regs(fake_backend.chip, 0, &now);
	assert_int_equal(now.irr, fresh.irr);
	assert_int_equal(fake_backend.rises[IRQ_VIRTIO_NET], 0);
	assert_int_equal(fake_backend.line_irqfd, 0);
	assert_int_equal(fake_backend.irqfd_irq, IRQ_VIRTIO_NET);
}

/* The names come from the machine's wiring: no card, no virtio-net. */
static void test_irq_names(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(vm_line_name(&f->vm, IRQ_TIMER), "timer");
	assert_string_equal(vm_line_name(&f->vm, IRQ_KEYBOARD), "keyboard");
	assert_string_equal(vm_line_name(&f->vm, IRQ_CASCADE), "cascade");
	assert_string_equal(vm_line_name(&f->vm, IRQ_COM1), "COM1");
	assert_null(vm_line_name(&f->vm, IRQ_VIRTIO_NET));
	assert_null(vm_line_name(&f->vm, 3));
	assert_null(vm_line_name(&f->vm, 99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_key_injected_when_unmasked,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_when_not_ready,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_window_after_injection_line_still_high, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_keys_at_guest_pace,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_hlt_sleeps_until_tick,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_hlt_nobody_to_type,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_hlt_woken_by_waiting_key,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_tick_kicks_only_when_it_can_matter, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_reset_line, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_chip_not_read_without_keys, setup_chip, teardown),
		cmocka_unit_test_setup_teardown(
			test_chip_tick_alarm_while_requested, setup_chip,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_chip_scripted_key_waits_for_halt, setup_chip,
			teardown),
		cmocka_unit_test_setup_teardown(test_chip_key_waits_for_unmask,
						setup_chip, teardown),
		cmocka_unit_test_setup_teardown(test_chip_cli_hlt_ends_run,
						setup_chip, teardown),
		cmocka_unit_test_setup_teardown(test_chip_cli_running_runs_on,
						setup_chip, teardown),
		cmocka_unit_test_setup_teardown(
			test_chip_fast_tick_alarm_floored, setup_chip, teardown),
		cmocka_unit_test_setup_teardown(test_chip_reset_equals_fresh,
						setup_chip, teardown),
		cmocka_unit_test_setup_teardown(
			test_chip_reset_drops_irqfd_line, setup_chip_irqfd,
			teardown),
		cmocka_unit_test_setup_teardown(test_irq_names, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
