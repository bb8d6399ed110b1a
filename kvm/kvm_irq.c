/*
 * kvm/kvm_irq.c - external interrupts into a KVM vCPU from vmscope's own
 * PIC (no KVM_CREATE_IRQCHIP: the 8259 lives in devices/, so a student
 * sees every injection).
 *
 * The protocol of Documentation/virt/kvm/api.rst for a user-space
 * interrupt controller:
 *
 *   - at every exit KVM reports run->if_flag (the guest's RFLAGS.IF) and
 *     run->ready_for_interrupt_injection (no STI/MOV SS shadow, nothing
 *     already being injected): together, "the vCPU can take one now";
 *   - then KVM_INTERRUPT with the vector queues it for the next KVM_RUN,
 *     which delivers it through the guest's IDT before the first
 *     instruction;
 *   - otherwise vmscope sets run->request_interrupt_window, and KVM_RUN
 *     returns KVM_EXIT_IRQ_WINDOW_OPEN as soon as the guest can take one.
 *
 * Before the first KVM_RUN neither flag has been reported: not ready, so
 * the first interrupt always goes through a window exit.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kvm/kvm_vcpu.h"

bool kvm_interrupt_ready(struct vm *vm)
{
	const struct kvm_run *run = kvm_state(vm)->run;

	return run->ready_for_interrupt_injection && run->if_flag;
}

int kvm_inject_interrupt(struct vm *vm, uint8_t vector)
{
	struct kvm_interrupt irq = { .irq = vector };

	if (ioctl(kvm_state(vm)->vcpu_fd, KVM_INTERRUPT, &irq) < 0)
		return -errno;
	return 0;
}

void kvm_request_interrupt_window(struct vm *vm, bool on)
{
	kvm_state(vm)->run->request_interrupt_window = on;
}
