/*
 * cpu/soft_backend.c - the software CPU behind core/backend.h.
 *
 * A thin adapter: vm->backend_state is the struct softcpu, every op is the
 * softcpu_* call of the same name.  run() has no instruction budget (a
 * kick ends it) on host time; with --clock insn its budget is the work
 * until the machine's next deadline (core/vm_clock.h), and insn_count is
 * the CPU's work, which that clock counts.  The counters are the CPU's
 * own: instructions retired and the instructions handled inside the CPU
 * that KVM would handle in the kernel (CPUID, RDMSR, WRMSR), exceptions,
 * INT n and interrupts delivered, TLB misses.
 *
 * vmscope's own writes into RAM (the loader, L0's write-back of the
 * nested block, the network card) reach the CPU through the RAM's write
 * watcher (core/mem_watch.h): it drops its decoded code over them.
 *
 * With --irqchip kernel the CPU runs the interrupt controller itself
 * (cpu/irqfd.c): the chip is vmscope's own 8259, whose EOIs the CPU is
 * told of, and an irqfd raises one of its lines with no exit.
 */
#include <errno.h>
#include <stdio.h>

#include "core/vm.h"
#include "cpu/soft.h"
#include "cpu/soft_nested.h"
#include "cpu/softcpu.h"

static struct softcpu *cpu_of(struct vm *vm)
{
	return vm->backend_state;
}

static void chip_set_line(void *opaque, unsigned irq, int level)
{
	pic_set_irq(((struct vm *)opaque)->pic, irq, level);
}

static bool chip_has_interrupt(void *opaque)
{
	return pic_has_interrupt(((struct vm *)opaque)->pic);
}

static int chip_acknowledge(void *opaque)
{
	return pic_acknowledge(((struct vm *)opaque)->pic);
}

/* An irqfd came while the CPU stopped at a HLT: the vCPU thread sleeps
 * in vmscope's HLT wait (core/vm_irq.c), which polls the chip. */
static void chip_wake(void *opaque)
{
	waker_wake(&((struct vm *)opaque)->waker);
}

static void chip_eoi(void *opaque, uint16_t irqs)
{
	softcpu_irqchip_eoi(opaque, irqs);
}

static int attach_irqchip(struct vm *vm, struct softcpu *cpu)
{
	const struct softcpu_irqchip chip = {
		.set_line = chip_set_line, .has_interrupt = chip_has_interrupt,
		.acknowledge = chip_acknowledge, .wake = chip_wake,
		.opaque = vm,
	};
	int err = softcpu_set_irqchip(cpu, &chip);

	if (!err)
		pic_set_eoi_callback(vm->pic, chip_eoi, cpu);
	return err;
}

static int soft_create(struct vm *vm)
{
	struct softcpu *cpu;
	int err = softcpu_create(&cpu, &vm->mem);

	if (err)
		return err;
	if (vm_clock_virtual(vm))
		softcpu_set_clock(cpu, &vm->clock);
	if (vm->irqchip == VM_IRQCHIP_KERNEL) {
		err = attach_irqchip(vm, cpu);
		if (err) {
			softcpu_destroy(cpu);
			return err;
		}
	}
	vm->backend_state = cpu;
	softcpu_watch_writes(cpu, true);
	return 0;
}

static void soft_destroy(struct vm *vm)
{
	if (vm->pic)
		pic_set_eoi_callback(vm->pic, NULL, NULL);
	softcpu_watch_writes(cpu_of(vm), false);
	softcpu_destroy(cpu_of(vm));
	vm->backend_state = NULL;
}

/* No instruction budget on host time: an INTR exit is a kick
 * (soft_nested_kicks_seen()).  With --clock insn the budget is the work
 * to the machine's next deadline (core/vm_clock.h), and an INTR exit may
 * be its end; taking the kicks down then too loses none (the run loop
 * looks at what every kicker posted after an INTR exit). */
static int soft_run(struct vm *vm, struct exit_record *exit)
{
	int err = softcpu_run(cpu_of(vm), exit, vm_clock_budget(vm));

	if (!err && exit->reason == EXIT_INTR)
		soft_nested_kicks_seen(vm);
	return err;
}

static int soft_reset(struct vm *vm)
{
	softcpu_reset(cpu_of(vm));
	return 0;
}

static int soft_get_regs(struct vm *vm, struct vcpu_regs *regs)
{
	return softcpu_get_regs(cpu_of(vm), regs);
}

static int soft_set_regs(struct vm *vm, const struct vcpu_regs *regs)
{
	return softcpu_set_regs(cpu_of(vm), regs);
}

static int soft_get_sregs(struct vm *vm, struct vcpu_sregs *sregs)
{
	return softcpu_get_sregs(cpu_of(vm), sregs);
}

static int soft_set_sregs(struct vm *vm, const struct vcpu_sregs *sregs)
{
	return softcpu_set_sregs(cpu_of(vm), sregs);
}

static int soft_set_single_step(struct vm *vm, bool on)
{
	softcpu_set_single_step(cpu_of(vm), on);
	return 0;
}

static int soft_set_breakpoints(struct vm *vm, const uint64_t *addrs,
				unsigned n)
{
	return softcpu_set_breakpoints(cpu_of(vm), addrs, n);
}

static void soft_kick(struct vm *vm)
{
	softcpu_kick(cpu_of(vm));
	soft_nested_kick(vm);
}

static int soft_read_counters(struct vm *vm, struct backend_counter *out,
			      int max)
{
	static const char *const names[] = {
		"instructions", "cpuid", "rdmsr", "wrmsr", "exceptions",
		"software_interrupts", "interrupts", "chip_interrupts",
		"irqfd_raises", "tlb_misses",
	};
	struct softcpu_counters c;
	int n;

	/* "interrupts" are the VMM's injections: all the CPU delivered less
	 * those from its own chip, which are counted at the same delivery
	 * (cpu/exception.c), so the difference cannot wrap */
	softcpu_get_counters(cpu_of(vm), &c);
	const uint64_t values[] = {
		c.instructions, c.cpuid, c.rdmsr, c.wrmsr, c.exceptions,
		c.software_interrupts, c.interrupts - c.chip_interrupts,
		c.chip_interrupts,
		c.irqfd_raises, c.tlb_misses,
	};
	for (n = 0; n < max && n < (int)(sizeof(names) / sizeof(names[0]));
	     n++) {
		snprintf(out[n].name, sizeof(out[n].name), "%s", names[n]);
		out[n].value = values[n];
	}
	return n;
}

static bool soft_interrupt_ready(struct vm *vm)
{
	return softcpu_interrupt_ready(cpu_of(vm));
}

static int soft_inject_interrupt(struct vm *vm, uint8_t vector)
{
	softcpu_inject_interrupt(cpu_of(vm), vector);
	return 0;
}

static void soft_request_interrupt_window(struct vm *vm, bool on)
{
	softcpu_request_interrupt_window(cpu_of(vm), on);
}

/* The CPU marks the window's pages itself, at each store (cpu/memory.c):
 * nothing to collect. */
static int soft_sync_dirty(struct vm *vm)
{
	(void)vm;
	return 0;
}

/* cpu/exec_msr.c: the TSC counts the machine's nanoseconds, a 1 GHz
 * TSC. */
static uint64_t soft_tsc_khz(struct vm *vm)
{
	(void)vm;
	return 1000000;
}

static uint64_t soft_insn_count(struct vm *vm)
{
	return softcpu_work(cpu_of(vm));
}

static enum host_flavour soft_flavour(struct vm *vm)
{
	(void)vm;
	return HOST_SOFT;
}

static int soft_set_ioeventfd(struct vm *vm, const struct ioeventfd *e,
			      bool on)
{
	return softcpu_set_ioeventfd(cpu_of(vm), e, on);
}

static int soft_set_irqfd(struct vm *vm, const struct irqfd *f, bool on)
{
	return softcpu_set_irqfd(cpu_of(vm), f, on);
}

/* Called where vmscope looks at its devices, after it forgot its pending
 * wakes (core/vm_irq.c): a wake for a HLT's wait that ends now is one of
 * them.  (Time 0: this serves no deadline of the waker's.) */
static void soft_irqchip_poll(struct vm *vm)
{
	if (softcpu_irqchip_poll(cpu_of(vm), vm->halted))
		waker_clear(&vm->waker, 0);
}

const struct backend_ops soft_backend_ops = {
	.name = "soft",
	.create = soft_create,
	.destroy = soft_destroy,
	.run = soft_run,
	.reset = soft_reset,
	.get_regs = soft_get_regs,
	.set_regs = soft_set_regs,
	.get_sregs = soft_get_sregs,
	.set_sregs = soft_set_sregs,
	.set_single_step = soft_set_single_step,
	.set_breakpoints = soft_set_breakpoints,
	.kick = soft_kick,
	.interrupt_ready = soft_interrupt_ready,
	.inject_interrupt = soft_inject_interrupt,
	.request_interrupt_window = soft_request_interrupt_window,
	.sync_dirty = soft_sync_dirty,
	.read_counters = soft_read_counters,
	.tsc_khz = soft_tsc_khz,
	.insn_count = soft_insn_count,
	.flavour = soft_flavour,
	.set_ioeventfd = soft_set_ioeventfd,
	.set_irqfd = soft_set_irqfd,
	.irqchip_poll = soft_irqchip_poll,
	.nested = &soft_nested_ops,
};
