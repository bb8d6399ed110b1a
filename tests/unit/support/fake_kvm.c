/*
 * tests/unit/support/fake_kvm.c - the fake KVM of fake_kvm.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/nested.h"
#include "tests/unit/support/fake_kvm.h"

#define FAKE_FD_BASE 1000

static struct fake_vcpu vcpus[FAKE_KVM_VCPUS];

struct fake_vcpu *fake_kvm_vcpu(unsigned i)
{
	struct fake_vcpu *v = &vcpus[i];

	free(v->run);
	memset(v, 0, sizeof(*v));
	v->fd = FAKE_FD_BASE + (int)i;
	v->run = calloc(1, FAKE_KVM_RUN_SIZE);
	v->dbg.dr6 = 0xffff0ff0;
	v->exit_reason = KVM_EXIT_HLT;
	return v;
}

void fake_kvm_state(struct kvm_vcpu_state *s, struct fake_vcpu *v)
{
	memset(s, 0, sizeof(*s));
	s->vm_fd = -1;
	s->vcpu_fd = v->fd;
	s->run = v->run;
	s->run_size = FAKE_KVM_RUN_SIZE;
	s->regs = &s->own_regs;
	s->sregs = &s->own_sregs;
	s->stats_fd = -1;
	s->last_reason = KVM_EXIT_INTR;
}

void fake_kvm_free(void)
{
	for (unsigned i = 0; i < FAKE_KVM_VCPUS; i++) {
		free(vcpus[i].run);
		vcpus[i].run = NULL;
	}
}

struct fake_kvm_nest *fake_kvm_nest_new(void)
{
	struct fake_kvm_nest *t = calloc(1, sizeof(*t));

	if (!t || kvm_install_kick_signal() ||
	    guest_mem_init(&t->vm.mem, GUEST_MEM_MIN))
		abort();
	t->k1 = fake_kvm_vcpu(0);
	t->k2 = fake_kvm_vcpu(1);
	fake_kvm_state(&t->l1, t->k1);
	t->l1.vcpu_thread = pthread_self();
	t->vm.backend_state = &t->l1;
	t->n = calloc(1, sizeof(*t->n));
	t->l2 = calloc(1, sizeof(*t->l2));
	if (!t->n || !t->l2)
		abort();
	nested_shadows_init(&t->n->shadows);
	t->n->map = &t->n->shadows.set[0];
	t->vm.nested = t->n;
	fake_kvm_state(&t->l2->vcpu, t->k2);
	kvm_nested_slots_init(&t->l2->slots, 0);
	t->l2->n = t->n;
	return t;
}

void fake_kvm_nest_free(struct fake_kvm_nest *t)
{
	guest_mem_destroy(&t->vm.mem);
	free(t->l2);
	free(t->n);
	free(t);
	fake_kvm_free();
}

static struct fake_vcpu *vcpu_of(int fd)
{
	for (unsigned i = 0; i < FAKE_KVM_VCPUS; i++)
		if (vcpus[i].run && vcpus[i].fd == fd)
			return &vcpus[i];
	return NULL;
}

/* kvm_handle_exception_payload_quirk(), without the capability. */
static void payload_quirk(struct fake_vcpu *v)
{
	if (v->ex.pending && v->ex.has_payload) {
		v->dbg.dr6 |= v->ex.payload;
		v->ex.has_payload = false;
	}
}

/* complete_fast_pio_out() -> kvm_skip_emulated_instruction(). */
static void complete_out(struct fake_vcpu *v)
{
	if (!v->out_len)
		return;
	v->regs.rip += v->out_len;
	v->out_len = 0;
	if (v->regs.rflags & RFLAGS_TF)
		v->ex = (struct fake_exception){ .pending = true, .nr = 1,
					 .has_payload = true,
					 .payload = FAKE_DR6_BS };
}

static uint32_t held_info(const struct fake_vcpu *v)
{
	if (v->nmi_injected)
		return NESTED_INTR_VALID | NESTED_INTR_NMI | 2;
	if (v->ex.pending || v->ex.injected)
		return NESTED_INTR_VALID | NESTED_INTR_HW_EXCEPTION | v->ex.nr;
	if (v->irq_injected)
		return NESTED_INTR_VALID | NESTED_INTR_EXTERNAL | v->irq_nr;
	return 0;
}

static int run(struct fake_vcpu *v)
{
	v->runs++;
	complete_out(v);
	if (v->run->immediate_exit) {
		errno = EINTR;
		return -1;
	}
	v->entries++;
	v->delivered_info = held_info(v);
	if (!v->stops_in_delivery) {
		memset(&v->ex, 0, sizeof(v->ex));
		v->irq_injected = v->nmi_injected = false;
	}
	v->run->exit_reason = v->exit_reason;
	return 0;
}

static void get_events(struct fake_vcpu *v, struct kvm_vcpu_events *e)
{
	payload_quirk(v);
	memset(e, 0, sizeof(*e));
	e->exception.injected = v->ex.pending || v->ex.injected;
	e->exception.nr = v->ex.nr;
	e->exception.has_error_code = v->ex.has_error;
	e->exception.error_code = v->ex.error;
	e->interrupt.injected = v->irq_injected;
	e->interrupt.nr = v->irq_nr;
	e->interrupt.shadow = v->shadow;
	e->nmi.injected = v->nmi_injected;
	e->nmi.masked = v->nmi_masked;
	e->flags = KVM_VCPUEVENT_VALID_NMI_PENDING | KVM_VCPUEVENT_VALID_SHADOW;
}

static void set_events(struct fake_vcpu *v, const struct kvm_vcpu_events *e)
{
	v->ex = (struct fake_exception){ .injected = e->exception.injected,
				 .nr = e->exception.nr,
				 .has_error = e->exception.has_error_code,
				 .error = e->exception.error_code };
	v->irq_injected = e->interrupt.injected;
	v->irq_nr = e->interrupt.nr;
	v->nmi_injected = e->nmi.injected;
	v->nmi_masked = e->nmi.masked;
	if (e->flags & KVM_VCPUEVENT_VALID_SHADOW)
		v->shadow = e->interrupt.shadow;
}

static int fake_ioctl(struct fake_vcpu *v, unsigned long req, void *arg)
{
	switch (req) {
	case KVM_RUN:
		return run(v);
	case KVM_GET_REGS:
		memcpy(arg, &v->regs, sizeof(v->regs));
		break;
	case KVM_SET_REGS:
		memcpy(&v->regs, arg, sizeof(v->regs));
		break;
	case KVM_GET_SREGS:
		payload_quirk(v);
		memcpy(arg, &v->sregs, sizeof(v->sregs));
		break;
	case KVM_SET_SREGS:
		memcpy(&v->sregs, arg, sizeof(v->sregs));
		break;
	case KVM_GET_DEBUGREGS:
		payload_quirk(v);
		memcpy(arg, &v->dbg, sizeof(v->dbg));
		break;
	case KVM_SET_DEBUGREGS:
		memcpy(&v->dbg, arg, sizeof(v->dbg));
		break;
	case KVM_GET_VCPU_EVENTS:
		get_events(v, arg);
		break;
	case KVM_SET_VCPU_EVENTS:
		set_events(v, arg);
		break;
	case KVM_IRQFD:
		v->irqfds++;
		memcpy(&v->last_irqfd, arg, sizeof(v->last_irqfd));
		break;
	default:
		break;
	}
	return 0;
}

int __wrap_ioctl(int fd, unsigned long req, ...);

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	struct fake_vcpu *v = vcpu_of(fd);
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (v)
		return fake_ioctl(v, req, arg);
	return (int)syscall(SYS_ioctl, fd, req, arg);
}
