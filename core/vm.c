/*
 * core/vm.c - one virtual machine and its run loop.
 *
 * vm_create() builds the machine in a fixed, readable order: RAM and its
 * VGA window, the guest image, the entry state, the input queue and waker,
 * the devices on the bus (core/vm_devices.c), then the backend.
 * vm_run_exit() is the exit dispatcher every front end drives: let the
 * devices and the PIC have their turn (core/vm_irq.c), run the guest to
 * its next exit, hand port I/O and MMIO to the bus, sleep through a HLT,
 * turn the exits that end a run into the VM's end state, reset the machine
 * when the guest pulsed the reset line, time it all, count it.
 *
 * A guest can never crash vmscope: every exit the guest can cause ends in
 * one of the vm_state values with a reason a person can read.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/boot.h"
#include "core/cells_own.h"
#include "core/nested.h"
#include "core/paging.h"
#include "core/vm.h"
#include "core/vm_devices.h"
#include "core/vm_net.h"
#include "core/vm_irq.h"
#include "guest/abi/machine.h"

static void vm_end(struct vm *vm, enum vm_state state, const char *why)
{
	if (vm->state != VM_RUNNING)
		return;
	vm->state = state;
	snprintf(vm->end_reason, sizeof(vm->end_reason), "%s", why);
}

/* boot_info.tsc_khz: only the backend knows the TSC's rate, and only once
 * it has a vCPU (so after boot_build() wrote the rest). */
static int vm_tell_tsc_khz(struct vm *vm)
{
	uint64_t khz = vm->backend->tsc_khz ? vm->backend->tsc_khz(vm) : 0;

	return guest_mem_write(&vm->mem, BOOT_INFO +
			       offsetof(struct boot_info, tsc_khz), &khz,
			       sizeof(khz));
}

static int vm_start_backend(struct vm *vm, const struct vcpu_regs *regs,
			    const struct vcpu_sregs *sregs)
{
	int err = vm->backend->create(vm);

	if (err)
		return err;
	err = vm->backend->set_sregs(vm, sregs);
	if (!err)
		err = vm->backend->set_regs(vm, regs);
	if (!err)
		err = vm_tell_tsc_khz(vm);
	if (err)
		vm->backend->destroy(vm);
	return err;
}

static void kick_backend(void *opaque)
{
	struct vm *vm = opaque;

	vm->backend->kick(vm);
}

/* The image in RAM and the entry state: what both a start and a reset
 * build (the symbols only once: the image is the same). */
static int vm_load(struct vm *vm, struct vcpu_regs *regs,
		   struct vcpu_sregs *sregs, char *err, size_t errlen)
{
	int ret = elf_load(vm->image_bytes, vm->image_size, &vm->mem,
			   vm->resets ? NULL : &vm->syms, &vm->image, err,
			   errlen);

	if (ret)
		return ret;
	ret = boot_build(&vm->mem, vm->image.entry, vm->boot_flags, regs,
			 sregs);
	if (ret) {
		snprintf(err, errlen, "cannot build the entry state: %s",
			 strerror(-ret));
		return ret;
	}
	return vm->nested ? nested_stage(vm, err, errlen) : 0;
}

/* Input queue and waker: the parts other threads talk to. */
static int vm_init_wakeups(struct vm *vm, char *err, size_t errlen)
{
	int ret = key_queue_init(&vm->keys);

	if (!ret) {
		ret = waker_init(&vm->waker, kick_backend, vm);
		if (ret)
			key_queue_free(&vm->keys);
	}
	if (ret)
		snprintf(err, errlen, "cannot set up input: %s",
			 strerror(-ret));
	return ret;
}

/* --clock insn counts the CPU's instructions: a backend that counts
 * them, and one CPU (L2's run on a CPU of their own, with no budget). */
static int vm_check_clock(const struct vm_config *cfg, char *err,
			  size_t errlen)
{
	if (cfg->clock != VM_CLOCK_INSN)
		return 0;
	if (!cfg->backend->insn_count) {
		snprintf(err, errlen, "--clock insn: the %s backend's time is "
			 "the host's (the hardware TSC, KVM's timers): use "
			 "--backend soft", cfg->backend->name);
		return -ENOTSUP;
	}
	if (cfg->nested) {
		snprintf(err, errlen, "--clock insn: not with --nested (L2's "
			 "CPU has no instruction budget yet)");
		return -ENOTSUP;
	}
	return 0;
}

int vm_create(struct vm *vm, const struct vm_config *cfg, char *err,
	      size_t errlen)
{
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;
	int ret;

	memset(vm, 0, sizeof(*vm));
	ret = vm_check_clock(cfg, err, errlen);
	if (ret)
		return ret;
	vm_clock_init(&vm->clock, cfg->clock);
	vm->backend = cfg->backend;
	vm->serial = cfg->serial;
	vm->state = VM_RUNNING;
	vm->image_bytes = cfg->image;
	vm->image_size = cfg->image_size;
	vm->boot_flags = cfg->boot_flags;
	vm->keys_live = cfg->keys_live;
	vm->irqchip = cfg->irqchip;
	exit_stats_init(&vm->stats);
	symtab_init(&vm->syms);

	ret = guest_mem_init(&vm->mem, cfg->ram_size ? cfg->ram_size
						     : VM_DEFAULT_RAM);
	if (ret) {
		snprintf(err, errlen, "cannot allocate guest RAM: %s",
			 strerror(-ret));
		return ret;
	}
	guest_mem_set_window(&vm->mem, VGA_TEXT_BASE, VGA_TEXT_WINDOW,
			     cfg->vga);
	if (cfg->nested) {
		ret = nested_setup(vm, cfg, err, errlen);
		if (ret)
			goto err_mem;
	}
	ret = vm_load(vm, &regs, &sregs, err, errlen);
	if (ret)
		goto err_mem;
	ret = vm_init_wakeups(vm, err, errlen);
	if (ret)
		goto err_mem;
	ret = vm_attach_devices(vm);
	if (ret) {
		snprintf(err, errlen, "cannot attach devices: %s",
			 strerror(-ret));
		goto err_wakeups;
	}
	ret = vm_attach_net(vm, &cfg->net, err, errlen);
	if (ret)
		goto err_devices;
	ret = cfg->cell ? cells_own_bus(&vm->bus, cfg->cell) : 0;
	if (ret) {
		snprintf(err, errlen, "more ports or MMIO windows than a bus "
			 "holds");
		goto err_devices;
	}
	/* Power-on is a reset: wiring the devices raised lines (the PIT's
	 * OUT is high), and the PIC starts without those requests latched,
	 * exactly as after the reset line, so a reset equals a fresh boot. */
	vm_reset_devices(vm);
	ret = vm_start_backend(vm, &regs, &sregs);
	if (ret) {
		snprintf(err, errlen, "%s backend: %s", vm->backend->name,
			 strerror(-ret));
		goto err_devices;
	}
	vm_irq_sync_lines(vm);
	vm_connect_net_kicks(vm);
	return 0;

err_devices:
	vm_detach_devices(vm);
err_wakeups:
	waker_free(&vm->waker);
	key_queue_free(&vm->keys);
err_mem:
	nested_free(vm);
	symtab_free(&vm->syms);
	guest_mem_destroy(&vm->mem);
	return ret;
}

/* Kicks stop first: another thread's kick (the waker's timer, a device's
 * worker, a stop request) writes into the backend's state and the nesting
 * stage's L2, which go next.  The waker goes last: the backend's irqfd
 * watcher and the network card's worker wake the vCPU through it until
 * they are stopped, and a wake after waker_free() would write into a
 * closed (perhaps reused) descriptor. */
void vm_destroy(struct vm *vm)
{
	waker_stop_kicks(&vm->waker);
	nested_free(vm);
	vm->backend->destroy(vm);
	vm_detach_devices(vm);
	waker_free(&vm->waker);
	key_queue_free(&vm->keys);
	symtab_free(&vm->syms);
	guest_mem_destroy(&vm->mem);
}

/*
 * The reset line: a reboot, as a PC does it.  A reset is a fresh machine:
 * everything the guest can see equals what vm_create() built - the
 * devices in their power-on state, RAM cleared and the image loaded
 * again, the vCPU as the backend created it (no interrupt queued from
 * before, no window, FPU, MSRs and debug registers as new) and then in
 * the entry state, and vmscope's own interrupt bookkeeping forgotten.
 * Keys still waiting stay waiting: they were typed for whoever reads them
 * next.  With the interrupt controller in the backend, its reset (KVM:
 * kvm/kvm_irqchip_reset.c) brings the chips back as created, and the
 * lines are driven again as vm_create() drives them once the backend
 * exists; a line a resample irqfd holds goes down, the irqfd removed
 * before the chips are restored and registered again after
 * (vm_net_reset_irq_release()).
 * (tests/unit/test_vm_reset.c compares a reset machine with a fresh one,
 * piece by piece.)
 */
static void vm_reset(struct vm *vm)
{
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;
	char err[160];
	bool irqfd;
	int ret;

	vm->reset_requested = false;
	vm->resets++;
	irqfd = vm_net_reset_irq_release(vm);
	ret = guest_mem_clear(&vm->mem);
	if (!ret)
		ret = vm_load(vm, &regs, &sregs, err, sizeof(err));
	if (!ret)
		ret = vm->backend->reset(vm);
	if (!ret)
		ret = vm->backend->set_sregs(vm, &sregs);
	if (!ret)
		ret = vm->backend->set_regs(vm, &regs);
	if (!ret)
		ret = vm_tell_tsc_khz(vm);
	if (ret) {
		vm_end(vm, VM_CRASHED, "the reset could not restart the guest");
		return;
	}
	vm_reset_devices(vm);
	vm_irq_sync_lines(vm);
	vm_net_reset_irq_renew(vm, irqfd);
	nested_reset(vm);
	vm->irq_window_on = false;
	vm->injected = (struct exit_inject){ .valid = false };
	vm->tick_due_ns = 0;
	vm->tick_alarm_ns = 0;
	vm->halted = false;
	vm->keys_not_before_ns = 0;
}

int vm_keys_push(struct vm *vm, const uint8_t *bytes, size_t n)
{
	int err = key_queue_push(&vm->keys, bytes, n);

	if (!err)
		waker_wake(&vm->waker);
	return err;
}

uint64_t vm_vga_take_dirty(struct vm *vm)
{
	vm->backend->sync_dirty(vm);
	return guest_mem_take_dirty(&vm->mem);
}

void vm_guest_exit(struct vm *vm, int status)
{
	char why[64];

	snprintf(why, sizeof(why), "guest exited with status %d", status);
	vm->exit_status = status;
	vm_end(vm, VM_EXITED, why);
}

void vm_stop(struct vm *vm, const char *why)
{
	vm_end(vm, VM_STOPPED, why);
}

void vm_request_stop_why(struct vm *vm, const char *why)
{
	const char *none = NULL;

	atomic_compare_exchange_strong(&vm->stop_why, &none, why);
	vm_request_stop(vm);
}

bool vm_stop_if_requested(struct vm *vm)
{
	const char *why = atomic_load(&vm->stop_why);

	if (!atomic_load(&vm->stop_requested))
		return false;
	vm_end(vm, VM_STOPPED, why ? why : "stopped by vmscope");
	return true;
}

void vm_request_stop(struct vm *vm)
{
	atomic_store(&vm->stop_requested, 1);
	if (vm->backend && vm->backend_state)
		waker_kick(&vm->waker);
	waker_wake(&vm->waker);
}

void vm_attention(struct vm *vm)
{
	atomic_store(&vm->attention, true);
	waker_kick(&vm->waker);
	waker_wake(&vm->waker);
}

/* One read in the common case; byte by byte only where the instruction
 * may cross into a page that is not mapped (paging_read_prefix). */
void vm_fetch_insn(struct vm *vm, struct exit_record *exit, uint64_t cr3)
{
	exit->insn_len = (uint8_t)paging_read_prefix(&vm->mem, cr3, exit->rip,
						     exit->insn,
						     EXIT_INSN_MAX);
}

/* Port I/O: one bus access per element (rep ins/outs has count > 1),
 * then the register it reached is named for the front ends. */
static void dispatch_io(struct vm *vm, struct exit_io *io)
{
	bool is_write = io->direction == IO_OUT;
	const struct bus_range *r = NULL;

	for (uint32_t i = 0; i < io->count; i++) {
		uint8_t *elem = io->data + (size_t)i * io->size;
		uint64_t value = exit_io_value(io, i);

		r = bus_pio_access(&vm->bus, io->port, io->size, is_write,
				   &value);
		if (!is_write)
			memcpy(elem, &value, io->size);
	}
	vm_devices_name_io(vm, r, io);
}

static void dispatch_mmio(struct vm *vm, struct exit_mmio *mmio)
{
	uint64_t value = exit_mmio_value(mmio);

	bus_mmio_access(&vm->bus, mmio->gpa, mmio->len, mmio->is_write,
			&value);
	if (!mmio->is_write)
		memcpy(mmio->data, &value, mmio->len);
}

#define HALTED_IF_OFF "guest halted (HLT with interrupts off)"

/*
 * HLT: the vCPU waits for an interrupt.  With interrupts on and a device
 * that can still raise an unmasked line, vmscope sleeps until it does (the
 * next run injects it); otherwise nothing can ever wake the CPU, and that
 * is how bare-metal programs end - and how a guest that waits for a key
 * no script and no person will type ends, instead of hanging.
 */
static void dispatch_hlt(struct vm *vm)
{
	struct vcpu_regs regs;
	bool irq_on = vm->backend->get_regs(vm, &regs) == 0 &&
		      (regs.rflags & RFLAGS_IF);

	if (irq_on && vm_irq_can_wake(vm)) {
		vm_irq_wait_halted(vm);
		return;
	}
	vm_end(vm, VM_HALTED,
	       irq_on ? "guest halted (HLT with interrupts on, but no device "
			"can raise an unmasked interrupt line)"
		      : HALTED_IF_OFF);
}

/* A kick.  With the interrupt controller in the backend (KVM's in-kernel
 * LAPIC) a HLT makes no exit: a kick is the one moment vmscope sees the
 * vCPU halted there, and one with interrupts off ends the run as a HLT
 * exit with IF = 0 does (core/vm_irq.c looks again every 100 ms). */
static void dispatch_intr(struct vm *vm)
{
	if (vm_irq_halted_for_good(vm))
		vm_end(vm, VM_HALTED, HALTED_IF_OFF);
}

static void dispatch_crash(struct vm *vm, const struct exit_record *exit)
{
	char name[32], why[160];

	exit_reason_format(exit->reason, name, sizeof(name));
	switch (exit->reason) {
	case EXIT_SHUTDOWN:
		snprintf(why, sizeof(why), "%s: the guest triple-faulted",
			 name);
		break;
	case EXIT_FAIL_ENTRY:
		snprintf(why, sizeof(why),
			 "%s: the CPU refused to enter the guest "
			 "(hardware reason 0x%llx)", name,
			 (unsigned long long)exit->u.fail_entry.hw_reason);
		break;
	case EXIT_INTERNAL_ERROR:
		if (exit->u.internal.why[0])
			snprintf(why, sizeof(why), "%s: the %s backend stopped: "
				 "%s", name, vm->backend->name,
				 exit->u.internal.why);
		else
			snprintf(why, sizeof(why),
				 "%s: the %s backend could not execute the "
				 "guest's instruction (suberror %u)", name,
				 vm->backend->name, exit->u.internal.suberror);
		break;
	default:
		snprintf(why, sizeof(why), "%s: an exit vmscope does not "
			 "handle", name);
		break;
	}
	vm_end(vm, VM_CRASHED, why);
}

static void dispatch_reason(struct vm *vm, struct exit_record *exit)
{
	switch (exit->reason) {
	case EXIT_IO:
		dispatch_io(vm, &exit->u.io);
		break;
	case EXIT_MMIO:
		dispatch_mmio(vm, &exit->u.mmio);
		break;
	case EXIT_HLT:
		dispatch_hlt(vm);
		break;
	case EXIT_DEBUG:
		break;   /* a stop the front end asked for */
	case EXIT_INTR:
		dispatch_intr(vm);   /* the stop request is looked at below */
		break;
	case EXIT_IRQ_WINDOW_OPEN:
		break;   /* the next run injects the waiting interrupt */
	default:
		dispatch_crash(vm, exit);
		break;
	}
}

/* The nesting rule first (a doorbell, an exit of L2's: core/nested.h),
 * then the exit's reason. */
static void dispatch(struct vm *vm, struct exit_record *exit)
{
	if (!nested_take_exit(vm, exit))
		dispatch_reason(vm, exit);
	vm_stop_if_requested(vm);
}

/* One backend run, with the PIC's interrupt injected first and the
 * waker told, so a tick or a key can kick the guest out.  now: the
 * clock, read just before. */
static int run_backend(struct vm *vm, struct exit_record *exit, uint64_t now)
{
	int err;

	vm_irq_service_at(vm, now);
	err = vm_irq_before_run(vm);
	if (err)
		return err;
	if (waker_enter_run(&vm->waker))
		vm->backend->kick(vm);
	exit->level = 0;
	memset(&exit->nest, 0, sizeof(exit->nest));
	err = vm->backend->run(vm, exit);
	waker_leave_run(&vm->waker);
	exit->injected = vm->injected;
	return err;
}

void vm_resume_at_once(struct vm *vm, bool on)
{
	vm->resumes_at_once = on;
	vm->handled_ns = 0;
}

int vm_run_exit(struct vm *vm, struct exit_record *exit)
{
	struct event ev;
	uint64_t resume_ns, handled_ns;
	int err;

	if (vm->state != VM_RUNNING)
		return -EINVAL;
	/* The exit that pulsed the reset line has been looked at as it was
	 * (its I/O data lives in the backend, its stack in RAM): the machine
	 * restarts now, before the next run. */
	if (vm->reset_requested) {
		vm_reset(vm);
		if (vm->state != VM_RUNNING)
			return VM_RUN_NO_EXIT;
	}
	if (vm->halted) {
		/* a HLT's wait that vm_attention() cut short goes on */
		vm_irq_wait_halted(vm);
		vm->handled_ns = 0;   /* it waited: read the clock */
		vm_stop_if_requested(vm);
		if (vm->halted || vm->state != VM_RUNNING)
			return VM_RUN_NO_EXIT;
	}
	resume_ns = vm->handled_ns ? vm->handled_ns : vm_now_ns(vm);
	/* vmscope's PIC injects into L1's runs only (run_backend() says what
	 * went in): L2 gets its events through L1's block, so an L2 run's
	 * exit had none, whatever L1's last run had */
	exit->injected = (struct exit_inject){ .valid = false };
	err = nested_l2_active(vm) ? nested_run_l2(vm, exit, resume_ns)
				   : run_backend(vm, exit, resume_ns);
	if (err) {
		vm_end(vm, VM_CRASHED, "the backend failed to run the vCPU");
		return err;
	}
	if (vm_clock_virtual(vm))
		exit->t_ns = vm_now_ns(vm);   /* the backend's is the host's */
	exit->resume_ns = resume_ns;
	exit->seq = ++vm->next_seq;
	dispatch(vm, exit);
	handled_ns = vm_now_ns(vm);
	exit->handle_ns = handled_ns - exit->t_ns;
	vm->handled_ns = vm->resumes_at_once ? handled_ns : 0;
	exit_stats_add(&vm->stats, exit->reason, exit->handle_ns);
	if (vm->events) {
		event_from_exit(&ev, exit);
		event_ring_push(vm->events, &ev);
	}
	return 0;
}
