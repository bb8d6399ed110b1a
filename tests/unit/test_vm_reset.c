/*
 * tests/unit/test_vm_reset.c - a reset is a fresh machine (core/vm.c's
 * vm_reset), on the software CPU: after the guest ran, dirtied its CPU and
 * its devices, and pulsed the reset line just after an interrupt was
 * injected and a kick cut the run short (the interrupt still pending in
 * the CPU), every piece of vCPU state, device state and RAM equals a
 * freshly created machine's, and the next exit is the fresh machine's
 * first.  The same with --irqchip kernel, where the CPU delivers from the
 * 8259 itself (cpu/irqfd.c).  (The KVM twins are in test_kvm_reset.c;
 * they need /dev/kvm.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/vm.h"
#include "cpu/cpu.h"
#include "cpu/soft.h"
#include "devices/i8042.h"
#include "devices/pic8259.h"
#include "devices/pit8254.h"
#include "devices/vga_text.h"
#include "guest/abi/machine.h"
#include "tests/unit/support/bus_io.h"
#include "tests/unit/support/guest_vm.h"

#define I8042_CMD_PULSE_RESET 0xfe
#define RUN_BEFORE_RESET 40       /* exits of hello before the reboot */

static int setup_with(void **state, enum vm_irqchip irqchip)
{
	struct guest_vm_pair *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	guest_vm_create_irqchip(&f->fresh, &soft_backend_ops, "hello",
				irqchip);
	guest_vm_create_irqchip(&f->used, &soft_backend_ops, "hello",
				irqchip);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_with(state, VM_IRQCHIP_USER);
}

static int setup_chip(void **state)
{
	return setup_with(state, VM_IRQCHIP_KERNEL);
}

static int teardown(void **state)
{
	struct guest_vm_pair *f = *state;

	vm_destroy(&f->fresh);
	vm_destroy(&f->used);
	free(f);
	return 0;
}

static struct softcpu *cpu_of(struct vm *vm)
{
	return vm->backend_state;
}

/* What a guest leaves in the devices: PIC bases and masks, a PIT count,
 * UART settings, a cursor position, the i8042's command byte. */
static void dirty_devices(struct bus *bus)
{
	bus_io_out(bus, PORT_PIC_MASTER, 1, PIC_ICW1_INIT | PIC_ICW1_IC4);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, 0x20);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, 1u << IRQ_CASCADE);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, PIC_ICW4_8086);
	bus_io_out(bus, PORT_PIC_MASTER + 1, 1, 0xfc);
	bus_io_out(bus, PORT_PIT + 3, 1, 0x34);
	bus_io_out(bus, PORT_PIT, 1, 0x9c);
	bus_io_out(bus, PORT_PIT, 1, 0x2e);
	bus_io_out(bus, PORT_COM1 + 1, 1, 0x0f);   /* IER */
	bus_io_out(bus, PORT_COM1 + 3, 1, 0x1b);   /* LCR */
	bus_io_out(bus, PORT_COM1 + 4, 1, 0x0b);   /* MCR */
	bus_io_out(bus, PORT_COM1 + 7, 1, 0xa5);   /* scratch */
	bus_io_out(bus, PORT_VGA_CRTC_INDEX, 1, 0x0f);
	bus_io_out(bus, PORT_VGA_CRTC_DATA, 1, 0x42);
	bus_io_out(bus, PORT_I8042_CMD, 1, 0x60);
	bus_io_out(bus, PORT_I8042_DATA, 1, 0x00);
}

/* What a guest leaves in the CPU beyond its registers; and an interrupt
 * injected whose run a kick cut short before it was delivered. */
static void dirty_cpu(struct vm *vm)
{
	struct softcpu *cpu = cpu_of(vm);

	cpu->msr.lstar = 0xffffffff81000000ULL;
	cpu->msr.star = 0x0023001000000000ULL;
	cpu->msr.kernel_gs_base = 0x1234;
	cpu->sti_shadow = true;
	cpu->db_trap_pending = true;
	cpu->irq_window = true;
	cpu->chip_wait = true;
	vm->backend->inject_interrupt(vm, 0x20);
	vm->backend->kick(vm);
}

/* The guest-visible CPU, field by field (vmscope's caches, counters and
 * debugger settings are not the guest's and may differ). */
static void assert_same_cpu(struct softcpu *a, struct softcpu *b)
{
	assert_memory_equal(a->gpr, b->gpr, sizeof(a->gpr));
	assert_int_equal(a->rip, b->rip);
	assert_int_equal(cpu_get_rflags(a), cpu_get_rflags(b));
	assert_memory_equal(&a->sregs, &b->sregs, sizeof(a->sregs));
	assert_memory_equal(&a->msr, &b->msr, sizeof(a->msr));
	assert_int_equal(a->cpl, b->cpl);
	assert_memory_equal(&a->fault, &b->fault, sizeof(a->fault));
	assert_int_equal(a->await, b->await);
	assert_int_equal(a->io_ready, b->io_ready);
	assert_int_equal(a->mmio_ready, b->mmio_ready);
	assert_int_equal(a->db_trap_pending, b->db_trap_pending);
	assert_int_equal(a->skip_breakpoint, b->skip_breakpoint);
	assert_int_equal(a->irq_pending, b->irq_pending);
	assert_memory_equal(&a->irq_event, &b->irq_event,
			    sizeof(a->irq_event));
	assert_int_equal(a->irq_insn_len, b->irq_insn_len);
	assert_int_equal(a->irq_window, b->irq_window);
	assert_int_equal(a->sti_shadow, b->sti_shadow);
	assert_int_equal(a->chip_wait, b->chip_wait);
	assert_false(softcpu_interrupt_ready(a));
}

/* Every port whose read has no side effect, and what the devices report. */
static void assert_same_devices(struct vm *a, struct vm *b)
{
	static const uint16_t ports[] = {
		PORT_PIC_MASTER + 1, PORT_PIC_SLAVE + 1, PORT_COM1 + 1,
		PORT_COM1 + 3, PORT_COM1 + 4, PORT_COM1 + 5, PORT_COM1 + 6,
		PORT_COM1 + 7, PORT_I8042_CMD,
	};
	struct pic_regs ra, rb;
	struct vga_cursor ca, cb;

	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		assert_int_equal(bus_io_in(&a->bus, ports[i], 1),
				 bus_io_in(&b->bus, ports[i], 1));
	for (unsigned chip = 0; chip < 2; chip++) {
		pic_get_regs(a->pic, chip, &ra);
		pic_get_regs(b->pic, chip, &rb);
		assert_memory_equal(&ra, &rb, sizeof(ra));
	}
	assert_int_equal(pic_has_interrupt(a->pic), pic_has_interrupt(b->pic));
	assert_int_equal(pit_next_irq_ns(a->pit), pit_next_irq_ns(b->pit));
	assert_int_equal(i8042_idle(a->kbd), i8042_idle(b->kbd));
	vga_text_get_cursor(a->vga, &ca);
	vga_text_get_cursor(b->vga, &cb);
	assert_int_equal(ca.row, cb.row);
	assert_int_equal(ca.col, cb.col);
	assert_int_equal(ca.visible, cb.visible);
	assert_int_equal(ca.start, cb.start);
	assert_int_equal(ca.end, cb.end);
	assert_int_equal(vga_text_get_start(a->vga), vga_text_get_start(b->vga));
}

/* vmscope's own interrupt bookkeeping for the machine. */
static void assert_same_vm(struct vm *a, struct vm *b)
{
	assert_int_equal(a->irq_window_on, b->irq_window_on);
	assert_int_equal(a->injected.valid, b->injected.valid);
	assert_int_equal(a->halted, b->halted);
	assert_int_equal(a->reset_requested, b->reset_requested);
	assert_int_equal(a->state, VM_RUNNING);
	assert_int_equal(a->mem.size, b->mem.size);
	assert_true(memcmp(a->mem.host, b->mem.host, a->mem.size) == 0);
}

static void test_reset_equals_fresh_boot(void **state)
{
	struct guest_vm_pair *f = *state;

	for (int i = 0; i < RUN_BEFORE_RESET; i++)
		assert_int_equal(vm_run_exit(&f->used, &f->used_exit), 0);
	dirty_devices(&f->used.bus);
	bus_io_out(&f->used.bus, PORT_I8042_CMD, 1, I8042_CMD_PULSE_RESET);
	dirty_cpu(&f->used);
	/* the kicked run: EXIT_INTR with the interrupt still pending, then
	 * the reset the guest asked for */
	assert_int_equal(vm_run_exit(&f->used, &f->used_exit), 0);
	assert_int_equal(f->used_exit.reason, EXIT_INTR);
	assert_int_equal(f->used.resets, 1);

	assert_same_cpu(cpu_of(&f->used), cpu_of(&f->fresh));
	assert_same_devices(&f->used, &f->fresh);
	assert_same_vm(&f->used, &f->fresh);

	/* and it runs as a fresh one: the same first exit, no triple fault */
	assert_int_equal(vm_run_exit(&f->fresh, &f->fresh_exit), 0);
	assert_int_equal(vm_run_exit(&f->used, &f->used_exit), 0);
	assert_int_equal(f->used_exit.reason, EXIT_IO);
	assert_int_equal(f->used_exit.reason, f->fresh_exit.reason);
	assert_int_equal(f->used_exit.rip, f->fresh_exit.rip);
	assert_int_equal(f->used_exit.u.io.port, f->fresh_exit.u.io.port);
	assert_int_equal(exit_io_value(&f->used_exit.u.io, 0),
			 exit_io_value(&f->fresh_exit.u.io, 0));
}

/* What is vmscope's, not the guest's, survives: single-step and
 * breakpoints set by a debugger, the counters. */
static void test_reset_keeps_debugger(void **state)
{
	struct guest_vm_pair *f = *state;
	struct softcpu *cpu = cpu_of(&f->used);
	const uint64_t bp = f->used.image.entry + 1;
	struct softcpu_counters before, after;

	assert_int_equal(vm_run_exit(&f->used, &f->used_exit), 0);
	softcpu_set_single_step(cpu, true);
	assert_int_equal(softcpu_set_breakpoints(cpu, &bp, 1), 0);
	softcpu_get_counters(cpu, &before);
	softcpu_reset(cpu);
	softcpu_get_counters(cpu, &after);
	assert_true(cpu->single_step);
	assert_int_equal(cpu->n_breakpoints, 1);
	assert_int_equal(cpu->breakpoints[0], bp);
	assert_int_equal(cpu->bp_min, bp);
	assert_int_equal(cpu->bp_max, bp);
	assert_int_equal(after.instructions, before.instructions);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_equals_fresh_boot,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_keeps_debugger,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_equals_fresh_boot,
						setup_chip, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
