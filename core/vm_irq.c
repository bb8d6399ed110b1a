/*
 * core/vm_irq.c - interrupts and input, between two runs of the vCPU.
 *
 * vmscope's PIC is a device like any other (devices/pic8259.c), so an
 * interrupt takes the path a student can follow, and the exit trace shows
 * every step:
 *
 *   1. a device raises its line: the PIT when host time passes a tick, the
 *      i8042 when a key arrives, the UART when it has sent a byte;
 *   2. before the next run, vm_irq_before_run() sees the PIC's INTR output
 *      up.  If the vCPU can take an interrupt now (IF = 1, no STI shadow),
 *      it runs the PIC's acknowledge cycle and has the backend inject the
 *      vector (KVM_INTERRUPT); otherwise it asks for an interrupt window and
 *      the backend returns IRQ_WINDOW_OPEN as soon as the guest allows one.
 *      After an injection the PIC may still want the CPU (a level-triggered
 *      line still high, a second request): the window is asked for then
 *      too, since the guest may open it (EOI, STI) without another exit;
 *   3. the guest's handler runs, reads the device, and sends the PIC an EOI.
 *
 * Time: the PIT counts the machine's time (core/vm_clock.h): the host's,
 * or with --clock insn the software CPU's instructions.  vm_irq_service()
 * lets it catch up at every exit and sets the alarm for its next tick, so
 * a guest that runs without exits is stopped when a tick is due - but
 * only for a tick the PIC would pass on (tick_can_matter()).  On host time
 * the alarm is the waker's (core/waker.h), which kicks the guest out; on
 * the instruction clock it is the next run's instruction budget, and a
 * HLT jumps to it instead of sleeping.
 *
 * With --irqchip kernel the backend runs the controller (core/backend.h):
 * device lines go to it (vm_line_set()), it delivers the vector itself,
 * and step 2 is not vmscope's - vm_irq_before_run() injects nothing, and
 * the PIC's registers are the backend's (vm_pic_regs(): on KVM,
 * KVM_GET_IRQCHIP).  On KVM the guest then reaches its 8259 with no exit
 * at all (chip_unseen()): vmscope reads the registers only when it is
 * about to act on them, and never waits for an exit to learn of a change.
 *
 * Keys wait in vm->keys until the guest is ready for them: the i8042 holds
 * nothing unread, it has unmasked IRQ 1 (and, for scripted keys, the guest
 * waits in HLT for input).  Then one group (a stroke) goes in - keys
 * arrive at the guest's pace, and none is lost to a full controller however
 * fast they are queued.
 */
#include <string.h>

#include "core/vm_clock.h"
#include "core/vm_irq.h"
#include "devices/i8042.h"
#include "devices/pit8254.h"
#include "devices/virtio_net.h"
#include "guest/abi/machine.h"

#define MASTER 0
#define SLAVE  1

/*
 * How often a waiting key looks again when no exit will tell that the
 * guest became ready for it (chip_unseen()): a person types a key every
 * 100 ms or so, a script may go ten times faster; a look costs a kick (an
 * INTR exit) while the guest runs, at most 1,000 a second, and only while
 * keys wait.
 */
#define KEYS_LOOK_NS 1000000ULL

/*
 * With a chip the guest reaches without exits every tick of the PIT has
 * its alarm (tick_can_matter()) - but after an alarm that came due, the
 * next is no sooner than this.  A guest that programs the PIT's fastest
 * rate (a reload of 1 or 2: a tick every 1 to 2 us) and masks IRQ 0, or
 * runs with IF = 0, was kicked out at every tick, an INTR exit each and
 * the vCPU's whole time spent in them (with vmscope's 8259 it costs one
 * exit).  Ticks closer together are coalesced into the next look, as the
 * PIT's catch-up coalesces ticks an exit comes late for: IRQ 0 reaches a
 * guest ticking faster than 10 kHz at most 10,000 times a second.
 */
#define TICK_LOOK_NS 100000ULL

static bool chip_in_backend(const struct vm *vm)
{
	return vm->irqchip == VM_IRQCHIP_KERNEL && vm->backend_state;
}

/*
 * The 8259 runs in the backend where the guest reaches it without exits:
 * KVM's in-kernel PIC, whose ports, INTA cycles and EOIs stay in the
 * kernel, with HLT kept there by the in-kernel LAPIC.  What vmscope reads
 * of it is true only until the guest runs again, so no cache of it stays
 * true from one exit to the next, and a change the guest makes (an
 * unmask, an EOI, a HLT) comes with no exit at which vmscope could act.
 * The software CPU's chip (--irqchip kernel there) is vmscope's own 8259,
 * whose ports and HLTs still exit: vmscope sees every change as before.
 */
static bool chip_unseen(const struct vm *vm)
{
	return chip_in_backend(vm) && vm->backend->get_pic_regs;
}

void vm_line_set(void *line, int level)
{
	struct vm_line *l = line;
	struct vm *vm = l->vm;
	uint16_t bit = (uint16_t)(1u << l->irq);

	vm->line_levels = level ? vm->line_levels | bit
				: vm->line_levels & (uint16_t)~bit;
	if (chip_in_backend(vm) && vm->backend->set_irq_line)
		vm->backend->set_irq_line(vm, l->irq, level);
	else
		pic_set_irq(vm->pic, l->irq, level);
}

/* The in-kernel chip starts with every line low: give it the levels the
 * devices drive now (the PIT's OUT is high from power-on). */
void vm_irq_sync_lines(struct vm *vm)
{
	if (!chip_in_backend(vm) || !vm->backend->set_irq_line)
		return;
	for (unsigned irq = 0; irq < PIC_NR_IRQS; irq++)
		vm->backend->set_irq_line(vm, irq,
					  (vm->line_levels >> irq) & 1);
}

void vm_pic_regs(struct vm *vm, unsigned chip, struct pic_regs *out)
{
	if (chip_in_backend(vm) && vm->backend->get_pic_regs &&
	    vm->backend->get_pic_regs(vm, chip, out) == 0)
		return;
	pic_get_regs(vm->pic, chip, out);
}

void vm_pic_state(struct vm *vm, struct vm_pic_state *out)
{
	for (unsigned chip = 0; chip < 2; chip++)
		vm_pic_regs(vm, chip, &out->chip[chip]);
	for (unsigned irq = 0; irq < PIC_NR_IRQS; irq++)
		out->name[irq] = vm_line_name(vm, irq);
	out->in_backend = chip_in_backend(vm);
}

static bool irq_unmasked(struct vm *vm, unsigned irq)
{
	struct pic_regs master;

	vm_pic_regs(vm, MASTER, &master);
	return !(master.imr & (1u << irq));
}

/* The guest waits in HLT: vmscope saw it exit, or the backend keeps it
 * (KVM's in-kernel LAPIC: KVM_GET_MP_STATE). */
static bool guest_halted(struct vm *vm)
{
	return vm->halted ||
	       (chip_in_backend(vm) && vm->backend->halted_inside &&
		vm->backend->halted_inside(vm));
}

/*
 * The vCPU waits in a HLT the backend keeps (KVM's in-kernel LAPIC: the
 * HLT makes no exit; KVM_GET_MP_STATE tells) with interrupts off.
 * Nothing vmscope does can wake it then - it sends no NMI, INIT or SIPI -
 * and the run ends as at a HLT exit with IF = 0 (core/vm.c).  One waker
 * is not looked for: the guest's own LAPIC, should the guest have set an
 * LVT entry to deliver an NMI (the performance counter's, LVTPC, at an
 * overflow) - this reads no LAPIC page (KVM_GET_LAPIC) and ends the run
 * anyway (docs/NETWORK.md says so).  With interrupts on this does not
 * decide: the in-kernel LAPIC's timer or the IOAPIC can wake the vCPU
 * with no line of vmscope's.
 */
bool vm_irq_halted_for_good(struct vm *vm)
{
	struct vcpu_regs regs;

	/* IF first: the registers are at hand, the MP state is an ioctl */
	return chip_unseen(vm) && vm->backend->get_regs(vm, &regs) == 0 &&
	       !(regs.rflags & RFLAGS_IF) && guest_halted(vm);
}

/*
 * One waiting group of keys into the i8042, if the guest is ready.  The
 * cheap checks first; the two that ask the backend's chip (an ioctl each
 * on KVM) only when a key is about to go in.  Returns when to look again
 * without an exit: UINT64_MAX when an exit will come for it (the guest's
 * read of port 0x60, its unmasking or HLT with vmscope's chip, a key
 * pushed wakes the vCPU), else - the guest not ready yet, and it can
 * become ready with no exit (chip_unseen()) - in KEYS_LOOK_NS.
 */
static uint64_t feed_keys(struct vm *vm, uint64_t now)
{
	uint8_t group[KEYQUEUE_GROUP_MAX];
	int n;

	if (now < vm->keys_not_before_ns || !i8042_idle(vm->kbd) ||
	    key_queue_waiting(&vm->keys) == 0)
		return UINT64_MAX;
	if ((vm->keys_paced && !guest_halted(vm)) ||
	    !irq_unmasked(vm, IRQ_KEYBOARD))
		return chip_unseen(vm) ? now + KEYS_LOOK_NS : UINT64_MAX;
	n = key_queue_pop(&vm->keys, group);
	if (n == 0)
		vm->keys_not_before_ns = now + KEYQUEUE_PAUSE_NS;
	else if (n > 0)
		i8042_push_bytes(vm->kbd, group, (size_t)n); /* counts a drop */
	return UINT64_MAX;
}

/*
 * Can the PIT's next tick change anything the guest sees?  Only when the
 * PIC passes it on: IRQ 0 unmasked, and neither requested already (IRR)
 * nor in service (ISR): a tick that comes while one waits or is being
 * handled is coalesced into it, and the exit that ends the wait (the
 * injection, the handler's EOI) lets the PIT catch up anyway.  So a guest
 * that runs long with interrupts off is kicked out once, for the tick
 * that raises the request, not once per tick - at the PIT's fastest rate
 * that is the difference between one exit and one every few microseconds.
 *
 * Not so with a chip the guest reaches without exits (chip_unseen()): a
 * request waiting or in service now can be acknowledged and ended in the
 * kernel, and a guest that then halts there makes no exit at which
 * vmscope could set the alarm - it would never hear another tick.  So
 * there every tick of the PIT has its alarm (a kick per tick at worst,
 * also while IRQ 0 is masked or IF = 0, at most one per TICK_LOOK_NS:
 * tick_alarm()), and the chip is not read for it.
 */
static bool tick_can_matter(struct vm *vm)
{
	struct pic_regs master;
	uint8_t irq0 = 1u << IRQ_TIMER;

	if (pit_next_irq_ns(vm->pit) == UINT64_MAX)
		return false;
	if (chip_unseen(vm))
		return true;
	vm_pic_regs(vm, MASTER, &master);
	return !((master.imr | master.irr | master.isr) & irq0);
}

/* When the waker's alarm should ring for the PIT (UINT64_MAX: never):
 * its next tick, if it can matter, and with the chip unseen not sooner
 * than TICK_LOOK_NS after now when the last tick alarm came due. */
static uint64_t tick_alarm(struct vm *vm, uint64_t now)
{
	uint64_t due = tick_can_matter(vm) ? pit_next_irq_ns(vm->pit)
					   : UINT64_MAX;
	bool came = vm->tick_alarm_ns && vm->tick_alarm_ns <= now;

	if (chip_unseen(vm) && came && due < now + TICK_LOOK_NS)
		due = now + TICK_LOOK_NS;
	vm->tick_alarm_ns = due == UINT64_MAX ? 0 : due;
	return due;
}

void vm_irq_service(struct vm *vm)
{
	vm_irq_service_at(vm, vm_now_ns(vm));
}

/*
 * Let the PIT catch up, remembering when the oldest tick it raises IRQ 0
 * for was due: pit_next_irq_ns() changes only when an edge goes out, and
 * before the update it is the first of the periods that edge stands for.
 * A request already waiting keeps its older deadline (the PIC holds one
 * request per line); the injection hands it on (vm_irq_before_run()).
 */
static void update_pit(struct vm *vm, uint64_t now)
{
	uint64_t due = pit_next_irq_ns(vm->pit);

	pit_update(vm->pit, now);
	if (vm->tick_due_ns == 0 && pit_next_irq_ns(vm->pit) != due)
		vm->tick_due_ns = due;
}

void vm_irq_service_at(struct vm *vm, uint64_t now)
{
	uint64_t due, keys_look;

	waker_clear(&vm->waker, now);
	if (chip_in_backend(vm) && vm->backend->irqchip_poll)
		vm->backend->irqchip_poll(vm);
	update_pit(vm, now);
	keys_look = feed_keys(vm, now);
	if (vm->net)
		virtio_net_poll(vm->net);
	due = tick_alarm(vm, now);
	if (vm->keys_not_before_ns > now && vm->keys_not_before_ns < due)
		due = vm->keys_not_before_ns;
	if (keys_look < due)
		due = keys_look;
	if (chip_unseen(vm) && now + VM_IRQ_HALT_LOOK_NS < due)
		due = now + VM_IRQ_HALT_LOOK_NS;
	waker_set_deadline(&vm->waker, vm_clock_alarm(vm, due));
}

/* The PIC input behind a vector, from the bases the guest programmed. */
static uint8_t irq_of_vector(struct vm *vm, int vector)
{
	struct pic_regs master, slave;

	vm_pic_regs(vm, MASTER, &master);
	vm_pic_regs(vm, SLAVE, &slave);
	if (vector >= slave.vector_base && vector < slave.vector_base + 8)
		return (uint8_t)(vector - slave.vector_base + 8);
	return (uint8_t)((vector - master.vector_base) & 7);
}

static void set_window(struct vm *vm, bool on)
{
	if (vm->irq_window_on == on)
		return;
	vm->backend->request_interrupt_window(vm, on);
	vm->irq_window_on = on;
}

int vm_irq_before_run(struct vm *vm)
{
	int vector, err;

	vm->injected.valid = false;
	if (chip_in_backend(vm))
		return 0;   /* the backend's chip delivers by itself */
	if (!pic_has_interrupt(vm->pic)) {
		set_window(vm, false);
		return 0;
	}
	if (!vm->backend->interrupt_ready(vm)) {
		set_window(vm, true);
		return 0;
	}
	vector = pic_acknowledge(vm->pic);
	err = vm->backend->inject_interrupt(vm, (uint8_t)vector);
	if (err)
		return err;
	/* A line still high (level mode) or a second request waits for the
	 * window after this one: the guest may let it in without any exit. */
	set_window(vm, pic_has_interrupt(vm->pic));
	vm->injected = (struct exit_inject){ .valid = true,
					     .irq = irq_of_vector(vm, vector),
					     .vector = (uint8_t)vector };
	if (vm->injected.irq == IRQ_TIMER) {
		vm->injected.due_ns = vm->tick_due_ns;
		vm->tick_due_ns = 0;
	}
	return 0;
}

const char *vm_line_name(const struct vm *vm, unsigned irq)
{
	if (irq == IRQ_CASCADE)
		return "cascade";
	return irq < PIC_NR_IRQS ? vm->lines[irq].name : NULL;
}

/*
 * Something can still raise an unmasked line: the PIT has a tick coming
 * that the PIC would pass on (IRQ 0; one already requested is in
 * pic_has_interrupt()), or keys are waiting or a person can type them
 * (IRQ 1), or a network card can (IRQ 5: a frame may come at any time,
 * and a worker thread raises the line without the vCPU thread).  The
 * UART's own interrupts need the guest to run first, so they cannot end a
 * HLT; the slave has no device.  Without any, a HLT is the end.
 */
bool vm_irq_can_wake(struct vm *vm)
{
	bool timer = tick_can_matter(vm);
	bool keys = irq_unmasked(vm, IRQ_KEYBOARD) &&
		    (vm->keys_live || key_queue_waiting(&vm->keys) > 0);
	bool net = vm->net && irq_unmasked(vm, IRQ_VIRTIO_NET);

	return timer || keys || net || pic_has_interrupt(vm->pic);
}

bool vm_waits_for_key(struct vm *vm, const struct exit_record *exit)
{
	const struct symbol *s;

	if (exit->reason != EXIT_HLT || exit->level != 0 || vm->keys_live ||
	    key_queue_waiting(&vm->keys) > 0 || !i8042_idle(vm->kbd))
		return false;
	s = symtab_lookup(&vm->syms, exit->rip);
	return s && strcmp(s->name, "tty_read") == 0;
}

void vm_irq_wait_halted(struct vm *vm)
{
	vm->halted = true;
	vm_irq_service(vm);
	for (;;) {
		if (pic_has_interrupt(vm->pic) ||
		    atomic_load(&vm->stop_requested) || vm->reset_requested) {
			vm->halted = false;
			return;
		}
		if (atomic_exchange(&vm->attention, false))
			return;
		if (!vm_clock_skip(vm))   /* --clock insn: to the deadline */
			waker_wait(&vm->waker);
		vm_irq_service(vm);
	}
}
