/*
 * kvm/kvm_run.c - one KVM_RUN, and the exit record it produces.
 *
 * An exit that needs vmscope's help is finished by KVM on the *next*
 * KVM_RUN: for an IN, KVM copies the value from the kvm_run page into the
 * guest's register; for an MMIO read, from run->mmio.data.  So run() first
 * hands over what the dispatcher completed, then enters the guest.  The IN
 * data needs no copy: the exit record's io.data points into the kvm_run
 * page at io.data_offset, where the dispatcher wrote it.
 *
 * Kicking: kick() sets run->immediate_exit (a KVM_RUN that starts after it
 * returns at once) and sends KVM_KICK_SIGNAL to the vCPU thread (a KVM_RUN
 * already inside the guest returns on the pending signal).  The handler
 * does nothing; KVM_RUN returns -EINTR either way, reported as EXIT_INTR.
 * run() clears immediate_exit only after such an EINTR, so a kick that
 * lands between two KVM_RUNs is not lost (two kicks may make one EINTR:
 * the run loop looks at what both asked for after it), and clears it so
 * that a kick meanwhile keeps it (kvm_kick_mark_down()).  With the
 * nesting stage's L2 a kick marks both vCPUs, and an EINTR of either
 * takes both marks down (kvm_kicks_seen()).  The signal (SIGRTMIN) is
 * installed process-wide at create(); nothing else in vmscope uses it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "core/clock.h"
#include "core/vm.h"
#include "kvm/kvm_nested.h"
#include "kvm/kvm_vcpu.h"

#define KVM_KICK_SIGNAL SIGRTMIN

static void on_kick_signal(int sig)
{
	(void)sig;
}

/* KVM_RUN returns -EINTR on a pending signal whatever SA_RESTART says;
 * SA_RESTART keeps a kick from breaking other system calls the vCPU
 * thread may be in (a read() waiting for Enter in `trace --step`). */
int kvm_install_kick_signal(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_kick_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	return sigaction(KVM_KICK_SIGNAL, &sa, NULL) < 0 ? -errno : 0;
}

/* While L2 runs, its vCPU is the one in KVM_RUN (on the same thread):
 * its immediate_exit is set too, so a kick just before its KVM_RUN is
 * not lost.  L1's mark first, a full fence, then L2's looked up: an L2
 * being created now takes L1's mark over (kvm_nested_publish()). */
void kvm_kick(struct vm *vm)
{
	struct kvm_vcpu_state *s = kvm_state(vm);

	kvm_state_kick(s);
	atomic_thread_fence(memory_order_seq_cst);
	kvm_nested_kick(vm);
	pthread_kill(s->vcpu_thread, KVM_KICK_SIGNAL);
}

/*
 * A KVM_RUN of either level returned -EINTR: the kicks so far are seen.
 * Each kick marked both levels' vCPUs, and only the one whose KVM_RUN
 * returned took its mark down (kvm_run_state()); the other's next KVM_RUN
 * would return -EINTR at once, an INTR exit for nothing.  Taking it down
 * loses no kick: every kicker posts what it wants before it kicks (the
 * waker's flag, a stop or attention request), and the run loop looks at
 * all of them after an INTR exit.
 */
void kvm_kicks_seen(struct vm *vm)
{
	kvm_kick_mark_down(kvm_state(vm));
	kvm_nested_kick_seen(vm);
}

/*
 * Taking a mark down must not lose a kick that comes meanwhile: x86 lets
 * the run loop's later load of the kickers' flags pass the store of 0
 * still in the store buffer (SDM Vol. 3A, 9.2.3.4), so a kick could post
 * its flag (unseen) and write its 1 (then overwritten) in between, its
 * signal spent outside KVM_RUN.  So the counter is read first, and
 * kvm_kick_restore() stores the 0, fences and looks again: a kick counted
 * since puts the 1 back.  One counted before it had its flag posted
 * before it counted, so the run loop's loads after this read see it.
 */
void kvm_kick_mark_down(struct kvm_vcpu_state *s)
{
	kvm_kick_restore(s, atomic_load(&s->kicks), 0);
}

/* The counter first: a vCPU thread that reads it unchanged after putting
 * immediate_exit back (kvm_kick_restore) is sure this kick's 1 lands after
 * its own write. */
void kvm_state_kick(struct kvm_vcpu_state *s)
{
	atomic_fetch_add(&s->kicks, 1);
	*(volatile __u8 *)&s->run->immediate_exit = 1;
}

/*
 * The vCPU thread sets immediate_exit itself to finish an exit without
 * running the guest (kvm_events.c).  A kick meanwhile writes 1 too and its
 * signal is used up by that KVM_RUN: writing back the old 0 would lose it.
 * So write it back, then look at the counter: changed, and the 1 goes back.
 * The fence keeps the write before the read (x86 lets a load pass an
 * earlier store); a kick after the read writes its 1 after ours.
 */
void kvm_kick_restore(struct kvm_vcpu_state *s, unsigned gen, __u8 was)
{
	*(volatile __u8 *)&s->run->immediate_exit = was;
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load(&s->kicks) != gen)
		*(volatile __u8 *)&s->run->immediate_exit = 1;
}

/* Hand the dispatcher's answer to the previous exit to KVM. */
static void complete_previous(struct kvm_vcpu_state *s,
			      const struct exit_record *exit)
{
	if (s->last_reason == KVM_EXIT_MMIO && exit->reason == EXIT_MMIO &&
	    !s->run->mmio.is_write)
		memcpy(s->run->mmio.data, exit->u.mmio.data,
		       sizeof(s->run->mmio.data));
}

/* KVM's I/O data lives in the kvm_run mapping; check it really does. */
static int fill_io(struct kvm_vcpu_state *s, struct exit_io *io)
{
	const struct kvm_run *run = s->run;
	uint64_t bytes = (uint64_t)run->io.size * run->io.count;

	if ((run->io.size != 1 && run->io.size != 2 && run->io.size != 4) ||
	    run->io.count == 0 || run->io.data_offset > s->run_size ||
	    bytes > s->run_size - run->io.data_offset)
		return -EIO;
	io->port = run->io.port;
	io->size = run->io.size;
	io->direction = run->io.direction == KVM_EXIT_IO_OUT ? IO_OUT : IO_IN;
	io->count = run->io.count;
	io->data = (uint8_t *)s->run + run->io.data_offset;
	return 0;
}

static void fill_mmio(const struct kvm_run *run, struct exit_mmio *mmio)
{
	mmio->gpa = run->mmio.phys_addr;
	mmio->len = run->mmio.len <= sizeof(mmio->data) ? run->mmio.len
							: sizeof(mmio->data);
	mmio->is_write = run->mmio.is_write;
	memcpy(mmio->data, run->mmio.data, sizeof(mmio->data));
}

/* KVM gives up to 16 words of detail; the record keeps the first four. */
static void fill_internal(const struct kvm_run *run, struct exit_record *exit)
{
	const uint32_t max = sizeof(exit->u.internal.data) /
			     sizeof(exit->u.internal.data[0]);
	uint32_t n = run->internal.ndata < max ? run->internal.ndata : max;

	exit->u.internal.suberror = run->internal.suberror;
	exit->u.internal.ndata = n;
	memcpy(exit->u.internal.data, run->internal.data,
	       n * sizeof(exit->u.internal.data[0]));
}

/* The payload KVM gives for this reason. */
static int fill_payload(struct kvm_vcpu_state *s, struct exit_record *exit)
{
	const struct kvm_run *run = s->run;

	memset(&exit->u, 0, sizeof(exit->u));
	exit->hw_reason = 0;
	exit->hw_reason_known = false;
	switch (exit->reason) {
	case KVM_EXIT_IO:
		return fill_io(s, &exit->u.io);
	case KVM_EXIT_MMIO:
		fill_mmio(run, &exit->u.mmio);
		break;
	case KVM_EXIT_UNKNOWN:   /* the one exit KVM gives a hardware reason */
		exit->hw_reason = (uint32_t)run->hw.hardware_exit_reason;
		exit->hw_reason_known = true;
		break;
	case KVM_EXIT_FAIL_ENTRY:
		exit->u.fail_entry.hw_reason =
			run->fail_entry.hardware_entry_failure_reason;
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		fill_internal(run, exit);
		break;
	case KVM_EXIT_DEBUG:
		exit->u.debug.exception = run->debug.arch.exception;
		exit->u.debug.pc = run->debug.arch.pc;
		break;
	case KVM_EXIT_SYSTEM_EVENT:
		exit->u.system_event.type = run->system_event.type;
		break;
	default:
		break;
	}
	return 0;
}

/*
 * A single step that went over a HLT is the HLT (see kvm_rip_stepped_hlt()
 * for why PVM needs this).  A vCPU still at the HLT has its HLT completed
 * here - RIP past it, as after every HLT exit - unless a hardware
 * breakpoint on the HLT is what stopped it: that stays a DEBUG exit.
 */
static int stepped_hlt(struct vm *vm, struct exit_record *exit,
		       uint64_t step_rip)
{
	struct kvm_vcpu_state *s = kvm_state(vm);
	uint64_t rip = s->regs->rip;
	struct vcpu_regs regs;

	if (!kvm_rip_stepped_hlt(&vm->mem, s->sregs->cr3, step_rip, rip) ||
	    (rip == step_rip && kvm_debug_breakpoint_at(s, rip)))
		return 0;
	exit->reason = EXIT_HLT;
	memset(&exit->u, 0, sizeof(exit->u));
	if (rip != step_rip)
		return 0;
	kvm_get_regs(vm, &regs);
	regs.rip++;
	return kvm_set_regs(vm, &regs);
}

int kvm_run_state(struct kvm_vcpu_state *s, struct exit_record *exit)
{
	int err = 0;

	complete_previous(s, exit);
	s->last_reason = KVM_EXIT_INTR;
	if (ioctl(s->vcpu_fd, KVM_RUN, 0) < 0)
		err = -errno;
	exit->t_ns = clock_now_ns();
	if (err == -EINTR) {
		kvm_kick_mark_down(s);
		exit->reason = EXIT_INTR;
	} else if (err) {
		return err;
	} else {
		exit->reason = s->run->exit_reason;
	}
	if (!s->sync_regs) {
		err = kvm_regs_load(s);
		if (err)
			return err;
	}
	err = fill_payload(s, exit);
	if (err)
		return err;
	s->last_reason = exit->reason;
	exit->cpl = kvm_regs_cpl(s);
	return 0;
}

/*
 * vmscope never puts the vCPU in real mode (core/boot.c enters long
 * mode), but KVM does, inside the kernel, when the guest sends itself
 * INIT through its in-kernel LAPIC's ICR (lapic.c,
 * kvm_apic_accept_events(): kvm_vcpu_reset(), the BSP runnable at the
 * reset vector).  No exit says so, and vmscope counts no reset and resets
 * no device.  The vCPU's first fetch there, at 0xfffffff0 where vmscope
 * has no memory, is one KVM's emulator cannot make: an INTERNAL_ERROR
 * exit in real mode, which is given its reason here.
 */
static void name_self_init(const struct kvm_vcpu_state *s,
			   struct exit_record *exit)
{
	if (s->irqchip && exit->reason == EXIT_INTERNAL_ERROR &&
	    !(s->sregs->cr0 & CR0_PE))
		snprintf(exit->u.internal.why, sizeof(exit->u.internal.why),
			 "the guest sent itself INIT: KVM reset the vCPU to "
			 "real mode");
}

int kvm_run_vcpu(struct vm *vm, struct exit_record *exit)
{
	struct kvm_vcpu_state *s = kvm_state(vm);
	bool stepping = s->debug.control & KVM_GUESTDBG_SINGLESTEP;
	uint64_t step_rip = s->regs->rip;
	int err = stepping ? kvm_debug_before_step(s) : 0;

	if (!err)
		err = kvm_run_state(s, exit);
	if (!err && exit->reason == EXIT_INTR)
		kvm_kicks_seen(vm);

	if (!err && stepping && exit->reason == EXIT_DEBUG) {
		err = stepped_hlt(vm, exit, step_rip);
		s->last_reason = exit->reason;
	}
	if (err)
		return err;
	name_self_init(s, exit);
	exit->rip = kvm_rip_exiting(vm, exit, s->regs->rip, s->sregs->cr3);
	vm_fetch_insn(vm, exit, s->sregs->cr3);
	return 0;
}
