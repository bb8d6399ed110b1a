/*
 * tests/unit/test_kvm_irqchip_reset.c - the in-kernel irqchip's power-on
 * state (kvm/kvm_irqchip_reset.c) against a fake KVM, so it runs on hosts
 * without /dev/kvm.
 *
 * The fake holds what KVM would: the two 8259s and the IOAPIC of a VM,
 * the vCPU's APIC base MSR, LAPIC register page and MP state, starting
 * as a new VM's (the SDM's LAPIC values with KVM's ExtINT LVT0 and ELCR
 * masks).  Like KVM, it reads a KVM_SET_LAPIC page in the mode the APIC
 * base selects: in x2APIC mode it recomputes the LDR from the ID
 * (lapic.c's kvm_apic_state_fixup()).  A guest then dirties every chip,
 * switches the LAPIC to x2APIC and halts; the restore must leave every
 * byte as saved - which needs the base written before the page.  And a
 * KVM that refuses a step names it, and nothing after it is written.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kvm/kvm_vcpu.h"

#define VM_FD   10
#define VCPU_FD 11
#define MAX_CALLS 16

#define APIC_BASE_POWER_ON 0xfee00900ULL   /* enabled, BSP */
#define APIC_BASE_X2APIC   (1ULL << 10)
#define APIC_ID   0x20
#define APIC_LVR  0x30
#define APIC_TPR  0x80
#define APIC_LDR  0xd0
#define APIC_DFR  0xe0
#define APIC_SVR  0xf0
#define APIC_ISR  0x100
#define APIC_LVTT 0x320
#define APIC_LVT0 0x350
#define APIC_TMICT 0x380
#define LVT_MASKED 0x10000u
#define LVT_EXTINT 0x700u
#define IOAPIC_MASKED (1ULL << 16)

/* What the fake KVM holds, and every request it was given. */
static struct fake_kvm {
	struct kvm_pic_state pic[2];
	struct kvm_ioapic_state ioapic;
	uint64_t apic_base;
	struct kvm_lapic_state lapic;
	struct kvm_mp_state mp;
	unsigned long calls[MAX_CALLS];
	unsigned n_calls;
	unsigned long refuse;      /* this request fails with EINVAL */
	bool base_refused;         /* KVM_SET_MSRS does 0 MSRs */
} kvm;

static void lapic_set(struct kvm_lapic_state *l, unsigned reg, uint32_t v)
{
	memcpy(l->regs + reg, &v, sizeof(v));
}

static uint32_t lapic_get(const struct kvm_lapic_state *l, unsigned reg)
{
	uint32_t v;

	memcpy(&v, l->regs + reg, sizeof(v));
	return v;
}

/* A new VM's chips, as KVM makes them. */
static void power_on(void)
{
	memset(&kvm, 0, sizeof(kvm));
	kvm.pic[0].elcr_mask = 0xf8;
	kvm.pic[1].elcr_mask = 0xde;
	kvm.ioapic.base_address = 0xfec00000;
	for (unsigned i = 0; i < KVM_IOAPIC_NUM_PINS; i++)
		kvm.ioapic.redirtbl[i].bits = IOAPIC_MASKED;
	kvm.apic_base = APIC_BASE_POWER_ON;
	lapic_set(&kvm.lapic, APIC_LVR, 0x50014);
	lapic_set(&kvm.lapic, APIC_DFR, 0xffffffff);
	lapic_set(&kvm.lapic, APIC_SVR, 0xff);
	lapic_set(&kvm.lapic, APIC_LVTT, LVT_MASKED);
	lapic_set(&kvm.lapic, APIC_LVT0, LVT_EXTINT);
	kvm.mp.mp_state = KVM_MP_STATE_RUNNABLE;
}

static int chip_io(struct kvm_irqchip *c, bool set)
{
	void *state = c->chip_id == KVM_IRQCHIP_IOAPIC ? (void *)&kvm.ioapic
		    : (void *)&kvm.pic[c->chip_id];
	size_t len = c->chip_id == KVM_IRQCHIP_IOAPIC ? sizeof(kvm.ioapic)
						       : sizeof(kvm.pic[0]);

	if (c->chip_id > KVM_IRQCHIP_IOAPIC)
		return -1;
	if (set)
		memcpy(state, &c->chip, len);
	else
		memcpy(&c->chip, state, len);
	return 0;
}

/* KVM_SET_LAPIC in x2APIC mode: the LDR follows from the ID. */
static void set_lapic(const struct kvm_lapic_state *l)
{
	kvm.lapic = *l;
	if (kvm.apic_base & APIC_BASE_X2APIC) {
		uint32_t id = lapic_get(l, APIC_ID);

		lapic_set(&kvm.lapic, APIC_LDR,
			  ((id >> 4) << 16) | (1u << (id & 0xf)));
	}
}

static int msr_io(struct kvm_apic_base_msr *m, bool set)
{
	if (m->head.nmsrs != 1 || m->entry.index != 0x1b ||
	    (set && kvm.base_refused))
		return 0;
	if (set)
		kvm.apic_base = m->entry.data;
	else
		m->entry.data = kvm.apic_base;
	return 1;
}

static int vcpu_ioctl(unsigned long req, void *arg)
{
	switch (req) {
	case KVM_GET_MSRS:
		return msr_io(arg, false);
	case KVM_SET_MSRS:
		return msr_io(arg, true);
	case KVM_GET_LAPIC:
		*(struct kvm_lapic_state *)arg = kvm.lapic;
		return 0;
	case KVM_SET_LAPIC:
		set_lapic(arg);
		return 0;
	case KVM_GET_MP_STATE:
		*(struct kvm_mp_state *)arg = kvm.mp;
		return 0;
	case KVM_SET_MP_STATE:
		kvm.mp = *(struct kvm_mp_state *)arg;
		return 0;
	default:
		return -1;
	}
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	assert_true(kvm.n_calls < MAX_CALLS);
	kvm.calls[kvm.n_calls++] = req;
	errno = EINVAL;
	if (req == kvm.refuse)
		return -1;
	if (req == KVM_GET_IRQCHIP || req == KVM_SET_IRQCHIP) {
		assert_int_equal(fd, VM_FD);
		return chip_io(arg, req == KVM_SET_IRQCHIP);
	}
	assert_int_equal(fd, VCPU_FD);
	ret = vcpu_ioctl(req, arg);
	if (ret >= 0)
		errno = 0;
	return ret;
}

/* What a guest leaves: the 8259s programmed with a line in service, an
 * IOAPIC pin unmasked, the LAPIC enabled with a TPR, a vector in service
 * and its timer armed, then x2APIC mode, then HLT in the kernel. */
static void guest_dirties_chips(void)
{
	kvm.pic[0] = (struct kvm_pic_state){ .irq_base = 0x20, .imr = 0xf8,
		.isr = 0x01, .init4 = 1, .elcr_mask = 0xf8 };
	kvm.pic[1] = (struct kvm_pic_state){ .irq_base = 0x28, .imr = 0xff,
		.elcr = 0x02, .elcr_mask = 0xde };
	kvm.ioapic.redirtbl[2].bits = 0x30;
	lapic_set(&kvm.lapic, APIC_SVR, 0x1ff);
	lapic_set(&kvm.lapic, APIC_TPR, 0x20);
	lapic_set(&kvm.lapic, APIC_ISR + 0x10, 1u << 1);
	lapic_set(&kvm.lapic, APIC_LVTT, 0xec);
	lapic_set(&kvm.lapic, APIC_TMICT, 100000);
	kvm.apic_base = APIC_BASE_POWER_ON | APIC_BASE_X2APIC;
	kvm.mp.mp_state = KVM_MP_STATE_HALTED;
}

static void test_restore_equals_power_on(void **state)
{
	static const unsigned long order[] = {
		KVM_SET_IRQCHIP, KVM_SET_IRQCHIP, KVM_SET_IRQCHIP,
		KVM_SET_MSRS, KVM_SET_LAPIC, KVM_SET_MP_STATE,
	};
	static struct kvm_irqchip_power_on saved;
	static struct fake_kvm fresh;
	const char *what = NULL;

	(void)state;
	power_on();
	fresh = kvm;
	assert_int_equal(kvm_irqchip_power_on_save(&saved, VM_FD, VCPU_FD,
						   fake_ioctl, &what), 0);
	guest_dirties_chips();
	kvm.n_calls = 0;
	assert_int_equal(kvm_irqchip_power_on_restore(&saved, VM_FD, VCPU_FD,
						      fake_ioctl, &what), 0);
	assert_int_equal(kvm.n_calls, sizeof(order) / sizeof(order[0]));
	assert_memory_equal(kvm.calls, order, sizeof(order));
	assert_memory_equal(kvm.pic, fresh.pic, sizeof(kvm.pic));
	assert_memory_equal(&kvm.ioapic, &fresh.ioapic, sizeof(kvm.ioapic));
	assert_int_equal(kvm.apic_base, APIC_BASE_POWER_ON);
	assert_memory_equal(&kvm.lapic, &fresh.lapic, sizeof(kvm.lapic));
	assert_int_equal(lapic_get(&kvm.lapic, APIC_LDR), 0);
	assert_int_equal(kvm.mp.mp_state, KVM_MP_STATE_RUNNABLE);
}

/* A KVM that cannot give the LAPIC's page: the save says which ioctl. */
static void test_save_names_what_failed(void **state)
{
	static struct kvm_irqchip_power_on saved;
	const char *what = NULL;

	(void)state;
	power_on();
	kvm.refuse = KVM_GET_LAPIC;
	assert_int_equal(kvm_irqchip_power_on_save(&saved, VM_FD, VCPU_FD,
						   fake_ioctl, &what),
			 -EINVAL);
	assert_string_equal(what, "KVM_GET_LAPIC");
}

/* KVM takes no APIC base (KVM_SET_MSRS does 0 MSRs): the restore stops
 * there, before the page that needs it. */
static void test_restore_stops_at_refused_base(void **state)
{
	static struct kvm_irqchip_power_on saved;
	const char *what = NULL;

	(void)state;
	power_on();
	assert_int_equal(kvm_irqchip_power_on_save(&saved, VM_FD, VCPU_FD,
						   fake_ioctl, &what), 0);
	kvm.base_refused = true;
	kvm.n_calls = 0;
	assert_int_equal(kvm_irqchip_power_on_restore(&saved, VM_FD, VCPU_FD,
						      fake_ioctl, &what),
			 -EIO);
	assert_string_equal(what, "KVM_SET_MSRS(IA32_APIC_BASE)");
	assert_int_equal(kvm.n_calls, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restore_equals_power_on),
		cmocka_unit_test(test_save_names_what_failed),
		cmocka_unit_test(test_restore_stops_at_refused_base),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
