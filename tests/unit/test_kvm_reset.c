/*
 * tests/unit/test_kvm_reset.c - a reset on KVM is a fresh vCPU
 * (kvm/kvm_reset.c, core/vm.c's vm_reset).
 *
 * The race of a reboot that triple-faulted: an interrupt injected with
 * KVM_INTERRUPT, then a kick, so KVM_RUN returns -EINTR with the vector
 * still queued in KVM (and its bit in the sregs' interrupt_bitmap); then
 * the reset.  Here that happens on purpose, after the guest's FPU, AVX
 * state (XSAVE), debug registers and MSRs (kvmclock turned on among them)
 * were changed too; then every part of the vCPU that
 * KVM keeps must read as a freshly created VM's, and the next exit must be
 * the fresh VM's first one, not SHUTDOWN.  Skipped where /dev/kvm does not
 * open (the software CPU's twin is test_vm_reset.c).
 *
 * With --irqchip kernel, the in-kernel chips too: the 8259s, the IOAPIC,
 * the LAPIC (enabled, a TPR, its timer armed, then x2APIC mode) and the MP
 * state (halted) changed, then a reset: each must read as the fresh VM's
 * (kvm/kvm_irqchip_reset.c).  Skipped too where the host has no in-kernel
 * irqchip; this session's host had no /dev/kvm, so it has never run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <cmocka.h>

#include "core/vm.h"
#include "guest/abi/machine.h"
#include "kvm/kvm.h"
#include "kvm/kvm_vcpu.h"
#include "tests/unit/support/bus_io.h"
#include "tests/unit/support/guest_vm.h"

#define I8042_CMD_PULSE_RESET 0xfe
#define MSR_LSTAR 0xc0000082
#define MSR_STAR  0xc0000081
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01   /* kvmclock: GPA | enable */
#define KVMCLOCK_GPA 0x9000                   /* RAM: KVM writes there */
#define MSR_APIC_BASE 0x0000001b
#define APIC_BASE_X2APIC (1ULL << 10)
#define APIC_TPR   0x80
#define APIC_SVR   0xf0
#define APIC_LVTT  0x320
#define APIC_TMICT 0x380

static int teardown(void **state)
{
	struct guest_vm_pair *f = *state;

	if (f) {
		vm_destroy(&f->fresh);
		vm_destroy(&f->used);
		free(f);
	}
	return 0;
}

/* Both VMs with the interrupt controller where irqchip asks; NULL state
 * (a skip) where /dev/kvm does not open, or the host's KVM keeps the
 * controller in user space when the kernel's was asked for. */
static int setup_with(void **state, enum vm_irqchip irqchip)
{
	struct guest_vm_pair *f;
	char why[160];

	*state = NULL;
	if (!kvm_backend_available(why, sizeof(why))) {
		print_message("skip: %s\n", why);
		return 0;
	}
	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	guest_vm_create_irqchip(&f->fresh, &kvm_backend_ops, "exits", irqchip);
	guest_vm_create_irqchip(&f->used, &kvm_backend_ops, "exits", irqchip);
	*state = f;
	if (f->used.irqchip != irqchip) {
		print_message("skip: this host's KVM has no in-kernel irqchip "
			      "for vmscope (see stderr)\n");
		teardown(state);
		*state = NULL;
	}
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

static int vcpu_fd(struct vm *vm)
{
	return kvm_state(vm)->vcpu_fd;
}

static void set_msr(struct vm *vm, uint32_t index, uint64_t value)
{
	struct {
		struct kvm_msrs head;
		struct kvm_msr_entry entry;
	} m = { .head.nmsrs = 1, .entry = { .index = index, .data = value } };

	assert_int_equal(ioctl(vcpu_fd(vm), KVM_SET_MSRS, &m), 1);
}

static uint64_t get_msr(struct vm *vm, uint32_t index)
{
	struct {
		struct kvm_msrs head;
		struct kvm_msr_entry entry;
	} m = { .head.nmsrs = 1, .entry = { .index = index } };

	assert_int_equal(ioctl(vcpu_fd(vm), KVM_GET_MSRS, &m), 1);
	return m.entry.data;
}

/*
 * YMM0's upper half (the AVX state component, bit 2, at byte 576 of the
 * standard XSAVE layout: SDM Vol. 1, 13.4 and 13.5.3), which KVM_SET_FPU
 * does not reach.  Where the host has no XSAVE, or the vCPU's CPUID does
 * not offer AVX (KVM refuses the state then), there is none to dirty.
 */
static void dirty_avx(struct vm *vm)
{
	struct kvm_xsave xs;
	uint64_t bv;

	if (ioctl(kvm_state(vm)->vm_fd, KVM_CHECK_EXTENSION,
		  KVM_CAP_XSAVE) <= 0)
		return;
	assert_int_equal(ioctl(vcpu_fd(vm), KVM_GET_XSAVE, &xs), 0);
	xs.region[576 / 4] = 0xa5a5a5a5;
	memcpy(&bv, (char *)xs.region + 512, sizeof(bv));
	bv |= 1u << 2;
	memcpy((char *)xs.region + 512, &bv, sizeof(bv));
	if (ioctl(vcpu_fd(vm), KVM_SET_XSAVE, &xs) < 0)
		print_message("note: no AVX state to dirty here\n");
}

/* Does KVM read this MSR on this vCPU? */
static bool has_msr(struct vm *vm, uint32_t index)
{
	struct {
		struct kvm_msrs head;
		struct kvm_msr_entry entry;
	} m = { .head.nmsrs = 1, .entry = { .index = index } };

	return ioctl(vcpu_fd(vm), KVM_GET_MSRS, &m) == 1;
}

/* What a guest leaves in its vCPU beyond the registers vmscope sets:
 * kvmclock turned on, too, where KVM has it (KVM would go on writing the
 * clock into the fresh image after a reset). */
static void dirty_vcpu(struct vm *vm)
{
	struct kvm_debugregs dbg;
	struct kvm_fpu fpu;

	set_msr(vm, MSR_LSTAR, 0xffffffff81000000ULL);
	set_msr(vm, MSR_STAR, 0x0023001000000000ULL);
	if (has_msr(vm, MSR_KVM_SYSTEM_TIME_NEW))
		set_msr(vm, MSR_KVM_SYSTEM_TIME_NEW, KVMCLOCK_GPA | 1);
	assert_int_equal(ioctl(vcpu_fd(vm), KVM_GET_DEBUGREGS, &dbg), 0);
	dbg.db[0] = 0x100000;
	dbg.dr7 |= 1;
	assert_int_equal(ioctl(vcpu_fd(vm), KVM_SET_DEBUGREGS, &dbg), 0);
	assert_int_equal(ioctl(vcpu_fd(vm), KVM_GET_FPU, &fpu), 0);
	fpu.fcw = 0x027f;
	fpu.xmm[0][0] = 0xa5;
	assert_int_equal(ioctl(vcpu_fd(vm), KVM_SET_FPU, &fpu), 0);
	dirty_avx(vm);
}

/* The whole XSAVE state, AVX included, where KVM has it. */
static void assert_same_xsave(struct vm *a, struct vm *b)
{
	static struct kvm_xsave xa, xb;

	if (ioctl(kvm_state(a)->vm_fd, KVM_CHECK_EXTENSION,
		  KVM_CAP_XSAVE) <= 0)
		return;
	assert_int_equal(ioctl(vcpu_fd(a), KVM_GET_XSAVE, &xa), 0);
	assert_int_equal(ioctl(vcpu_fd(b), KVM_GET_XSAVE, &xb), 0);
	assert_memory_equal(&xa, &xb, sizeof(xa));
}

/* Each part both vCPUs report the same way. */
static void assert_same_vcpu(struct vm *a, struct vm *b)
{
	struct kvm_vcpu_events ea, eb;
	struct kvm_debugregs da, db;
	struct kvm_fpu fa, fb;
	struct vcpu_regs ra, rb;
	struct vcpu_sregs sa, sb;

	assert_int_equal(ioctl(vcpu_fd(a), KVM_GET_VCPU_EVENTS, &ea), 0);
	assert_int_equal(ioctl(vcpu_fd(b), KVM_GET_VCPU_EVENTS, &eb), 0);
	assert_int_equal(ea.interrupt.injected, 0);
	assert_memory_equal(&ea, &eb, sizeof(ea));
	assert_int_equal(ioctl(vcpu_fd(a), KVM_GET_DEBUGREGS, &da), 0);
	assert_int_equal(ioctl(vcpu_fd(b), KVM_GET_DEBUGREGS, &db), 0);
	assert_memory_equal(&da, &db, sizeof(da));
	assert_int_equal(ioctl(vcpu_fd(a), KVM_GET_FPU, &fa), 0);
	assert_int_equal(ioctl(vcpu_fd(b), KVM_GET_FPU, &fb), 0);
	assert_memory_equal(&fa, &fb, sizeof(fa));
	assert_same_xsave(a, b);
	assert_int_equal(get_msr(a, MSR_LSTAR), get_msr(b, MSR_LSTAR));
	assert_int_equal(get_msr(a, MSR_STAR), get_msr(b, MSR_STAR));
	if (has_msr(a, MSR_KVM_SYSTEM_TIME_NEW))
		assert_int_equal(get_msr(a, MSR_KVM_SYSTEM_TIME_NEW),
				 get_msr(b, MSR_KVM_SYSTEM_TIME_NEW));
	assert_int_equal(a->backend->get_regs(a, &ra), 0);
	assert_int_equal(b->backend->get_regs(b, &rb), 0);
	assert_memory_equal(&ra, &rb, sizeof(ra));
	memset(&sa, 0, sizeof(sa));   /* compared with memcmp: padding too */
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(a->backend->get_sregs(a, &sa), 0);
	assert_int_equal(b->backend->get_sregs(b, &sb), 0);
	assert_memory_equal(&sa, &sb, sizeof(sa));
	assert_false(a->backend->interrupt_ready(a));
}

/* The reset line pulsed: a kick ends the next run at once (EXIT_INTR),
 * and the reset follows it. */
static void kick_into_reset(struct guest_vm_pair *f)
{
	bus_io_out(&f->used.bus, PORT_I8042_CMD, 1, I8042_CMD_PULSE_RESET);
	f->used.backend->kick(&f->used);
	assert_int_equal(vm_run_exit(&f->used, &f->used_exit), 0);
	assert_int_equal(f->used_exit.reason, EXIT_INTR);
	assert_int_equal(f->used.resets, 1);
}

/* The reset VM's next exit is the fresh VM's first one, not SHUTDOWN. */
static void assert_runs_as_fresh(struct guest_vm_pair *f)
{
	assert_int_equal(vm_run_exit(&f->fresh, &f->fresh_exit), 0);
	assert_int_equal(vm_run_exit(&f->used, &f->used_exit), 0);
	assert_int_equal(f->used_exit.reason, EXIT_IO);
	assert_int_equal(f->used_exit.rip, f->fresh_exit.rip);
	assert_int_equal(f->used_exit.u.io.port, f->fresh_exit.u.io.port);
	assert_int_equal(f->used.state, VM_RUNNING);
}

static void test_reset_after_queued_interrupt(void **state)
{
	struct guest_vm_pair *f = *state;

	if (!f)
		skip();
	assert_int_equal(vm_run_exit(&f->used, &f->used_exit), 0);
	dirty_vcpu(&f->used);
	/* KVM_INTERRUPT without an in-kernel irqchip queues the vector
	 * whatever IF says; the kick makes KVM_RUN return -EINTR with it
	 * still queued. */
	assert_int_equal(f->used.backend->inject_interrupt(&f->used, 0x20), 0);
	kick_into_reset(f);

	assert_same_vcpu(&f->used, &f->fresh);

	assert_runs_as_fresh(f);
}

static void lapic_set(struct kvm_lapic_state *l, unsigned reg, uint32_t v)
{
	memcpy(l->regs + reg, &v, sizeof(v));
}

/* What a guest leaves in the in-kernel chips: the master 8259 programmed
 * with IRQ 0 in service, an IOAPIC pin unmasked, the LAPIC enabled with a
 * TPR and its timer armed, x2APIC mode (where the vCPU has it), HLT. */
static void dirty_chips(struct vm *vm)
{
	struct kvm_irqchip pic = { .chip_id = KVM_IRQCHIP_PIC_MASTER };
	struct kvm_irqchip ioapic = { .chip_id = KVM_IRQCHIP_IOAPIC };
	struct kvm_mp_state halted = { .mp_state = KVM_MP_STATE_HALTED };
	struct kvm_lapic_state lapic;
	int vm_fd = kvm_state(vm)->vm_fd;
	struct {
		struct kvm_msrs head;
		struct kvm_msr_entry entry;
	} base = { .head.nmsrs = 1, .entry.index = MSR_APIC_BASE };

	assert_int_equal(ioctl(vm_fd, KVM_GET_IRQCHIP, &pic), 0);
	pic.chip.pic.irq_base = 0x20;
	pic.chip.pic.imr = 0x5a;
	pic.chip.pic.isr = 0x01;
	assert_int_equal(ioctl(vm_fd, KVM_SET_IRQCHIP, &pic), 0);
	assert_int_equal(ioctl(vm_fd, KVM_GET_IRQCHIP, &ioapic), 0);
	ioapic.chip.ioapic.redirtbl[3].bits = 0x31;   /* unmasked */
	assert_int_equal(ioctl(vm_fd, KVM_SET_IRQCHIP, &ioapic), 0);
	assert_int_equal(ioctl(vcpu_fd(vm), KVM_GET_LAPIC, &lapic), 0);
	lapic_set(&lapic, APIC_SVR, 0x1ff);
	lapic_set(&lapic, APIC_TPR, 0x30);
	lapic_set(&lapic, APIC_LVTT, 0xec);
	lapic_set(&lapic, APIC_TMICT, 1000000);
	assert_int_equal(ioctl(vcpu_fd(vm), KVM_SET_LAPIC, &lapic), 0);
	base.entry.data = get_msr(vm, MSR_APIC_BASE) | APIC_BASE_X2APIC;
	if (ioctl(vcpu_fd(vm), KVM_SET_MSRS, &base) != 1)
		print_message("note: no x2APIC mode to switch to here\n");
	assert_int_equal(ioctl(vcpu_fd(vm), KVM_SET_MP_STATE, &halted), 0);
}

/* Each chip, the APIC base and the MP state both VMs report, compared
 * byte for byte (the structs zeroed first: KVM copies whole unions). */
static void assert_same_chips(struct vm *a, struct vm *b)
{
	static struct kvm_lapic_state la, lb;
	struct kvm_mp_state ma, mb;

	for (uint32_t id = KVM_IRQCHIP_PIC_MASTER; id <= KVM_IRQCHIP_IOAPIC;
	     id++) {
		struct kvm_irqchip ca = { .chip_id = id };
		struct kvm_irqchip cb = { .chip_id = id };

		assert_int_equal(ioctl(kvm_state(a)->vm_fd, KVM_GET_IRQCHIP,
				       &ca), 0);
		assert_int_equal(ioctl(kvm_state(b)->vm_fd, KVM_GET_IRQCHIP,
				       &cb), 0);
		assert_memory_equal(&ca, &cb, sizeof(ca));
	}
	assert_int_equal(get_msr(a, MSR_APIC_BASE), get_msr(b, MSR_APIC_BASE));
	assert_int_equal(ioctl(vcpu_fd(a), KVM_GET_LAPIC, &la), 0);
	assert_int_equal(ioctl(vcpu_fd(b), KVM_GET_LAPIC, &lb), 0);
	assert_memory_equal(&la, &lb, sizeof(la));
	assert_int_equal(ioctl(vcpu_fd(a), KVM_GET_MP_STATE, &ma), 0);
	assert_int_equal(ioctl(vcpu_fd(b), KVM_GET_MP_STATE, &mb), 0);
	assert_int_equal(ma.mp_state, KVM_MP_STATE_RUNNABLE);
	assert_int_equal(mb.mp_state, KVM_MP_STATE_RUNNABLE);
}

static void test_reset_irqchip_as_created(void **state)
{
	struct guest_vm_pair *f = *state;

	if (!f)
		skip();
	assert_int_equal(vm_run_exit(&f->used, &f->used_exit), 0);
	dirty_chips(&f->used);
	kick_into_reset(f);

	assert_same_chips(&f->used, &f->fresh);

	assert_runs_as_fresh(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_reset_after_queued_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reset_irqchip_as_created, setup_chip, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
