/*
 * kvm/kvm_regs.c - vCPU registers between KVM's structs and core/regs.h.
 *
 * With sync regs (kvm/kvm_vcpu.h) the registers KVM reported at the last
 * exit are already in the kvm_run page: reading them is a copy, and a
 * write goes into the same page with its bit set in kvm_dirty_regs, which
 * tells KVM to load it at the next KVM_RUN (KVM clears the bit then).
 * Without sync regs every write is an ioctl at once.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm/kvm_vcpu.h"

int kvm_regs_load(struct kvm_vcpu_state *s)
{
	if (ioctl(s->vcpu_fd, KVM_GET_REGS, s->regs) < 0 ||
	    ioctl(s->vcpu_fd, KVM_GET_SREGS, s->sregs) < 0)
		return -errno;
	return 0;
}

uint8_t kvm_regs_cpl(const struct kvm_vcpu_state *s)
{
	return s->sregs->ss.dpl;
}

int kvm_get_regs(struct vm *vm, struct vcpu_regs *out)
{
	return kvm_state_get_regs(kvm_state(vm), out);
}

int kvm_state_get_regs(const struct kvm_vcpu_state *s, struct vcpu_regs *out)
{
	const struct kvm_regs *r = s->regs;

	*out = (struct vcpu_regs){
		.rax = r->rax, .rbx = r->rbx, .rcx = r->rcx, .rdx = r->rdx,
		.rsi = r->rsi, .rdi = r->rdi, .rsp = r->rsp, .rbp = r->rbp,
		.r8 = r->r8, .r9 = r->r9, .r10 = r->r10, .r11 = r->r11,
		.r12 = r->r12, .r13 = r->r13, .r14 = r->r14, .r15 = r->r15,
		.rip = r->rip, .rflags = r->rflags,
	};
	return 0;
}

int kvm_set_regs(struct vm *vm, const struct vcpu_regs *in)
{
	return kvm_state_set_regs(kvm_state(vm), in);
}

int kvm_state_set_regs(struct kvm_vcpu_state *s, const struct vcpu_regs *in)
{
	*s->regs = (struct kvm_regs){
		.rax = in->rax, .rbx = in->rbx, .rcx = in->rcx, .rdx = in->rdx,
		.rsi = in->rsi, .rdi = in->rdi, .rsp = in->rsp, .rbp = in->rbp,
		.r8 = in->r8, .r9 = in->r9, .r10 = in->r10, .r11 = in->r11,
		.r12 = in->r12, .r13 = in->r13, .r14 = in->r14, .r15 = in->r15,
		.rip = in->rip, .rflags = in->rflags,
	};
	if (s->sync_regs) {
		s->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
		return 0;
	}
	return ioctl(s->vcpu_fd, KVM_SET_REGS, s->regs) < 0 ? -errno : 0;
}

static void segment_from_kvm(struct vcpu_segment *out,
			     const struct kvm_segment *in)
{
	*out = (struct vcpu_segment){
		.base = in->base, .limit = in->limit,
		.selector = in->selector, .type = in->type,
		.present = in->present, .dpl = in->dpl, .db = in->db,
		.s = in->s, .l = in->l, .g = in->g, .avl = in->avl,
	};
}

/* KVM's "unusable" is VMX's name for a segment register loaded with a null
 * selector; vmscope's segments say that with present = 0 (KVM treats a
 * non-present segment as unusable anyway). */
static void segment_to_kvm(struct kvm_segment *out,
			   const struct vcpu_segment *in)
{
	*out = (struct kvm_segment){
		.base = in->base, .limit = in->limit,
		.selector = in->selector, .type = in->type,
		.present = in->present, .dpl = in->dpl, .db = in->db,
		.s = in->s, .l = in->l, .g = in->g, .avl = in->avl,
		.unusable = !in->present,
	};
}

int kvm_get_sregs(struct vm *vm, struct vcpu_sregs *out)
{
	return kvm_state_get_sregs(kvm_state(vm), out);
}

int kvm_state_get_sregs(const struct kvm_vcpu_state *s,
			struct vcpu_sregs *out)
{
	const struct kvm_sregs *k = s->sregs;

	segment_from_kvm(&out->cs, &k->cs);
	segment_from_kvm(&out->ds, &k->ds);
	segment_from_kvm(&out->es, &k->es);
	segment_from_kvm(&out->fs, &k->fs);
	segment_from_kvm(&out->gs, &k->gs);
	segment_from_kvm(&out->ss, &k->ss);
	segment_from_kvm(&out->tr, &k->tr);
	segment_from_kvm(&out->ldt, &k->ldt);
	out->gdt = (struct vcpu_table){ .base = k->gdt.base,
					.limit = k->gdt.limit };
	out->idt = (struct vcpu_table){ .base = k->idt.base,
					.limit = k->idt.limit };
	out->cr0 = k->cr0;
	out->cr2 = k->cr2;
	out->cr3 = k->cr3;
	out->cr4 = k->cr4;
	out->cr8 = k->cr8;
	out->efer = k->efer;
	out->apic_base = k->apic_base;
	return 0;
}

/*
 * interrupt_bitmap is not a register: KVM_SET_SREGS queues the interrupt
 * whose bit is set, as if KVM_INTERRUPT had been called.  vmscope injects
 * only with KVM_INTERRUPT (kvm_irq.c), so every write sends an empty
 * bitmap, which queues nothing and leaves what KVM has queued as it is.
 * Sending back the bitmap KVM last reported would queue again an
 * interrupt that was pending then - at a reset, into the new entry state
 * (IDT limit 0): a triple fault at the entry point.
 */
int kvm_set_sregs(struct vm *vm, const struct vcpu_sregs *in)
{
	return kvm_state_set_sregs(kvm_state(vm), in);
}

int kvm_state_set_sregs(struct kvm_vcpu_state *s,
			const struct vcpu_sregs *in)
{
	struct kvm_sregs *k = s->sregs;

	segment_to_kvm(&k->cs, &in->cs);
	segment_to_kvm(&k->ds, &in->ds);
	segment_to_kvm(&k->es, &in->es);
	segment_to_kvm(&k->fs, &in->fs);
	segment_to_kvm(&k->gs, &in->gs);
	segment_to_kvm(&k->ss, &in->ss);
	segment_to_kvm(&k->tr, &in->tr);
	segment_to_kvm(&k->ldt, &in->ldt);
	k->gdt = (struct kvm_dtable){ .base = in->gdt.base,
				      .limit = in->gdt.limit };
	k->idt = (struct kvm_dtable){ .base = in->idt.base,
				      .limit = in->idt.limit };
	k->cr0 = in->cr0;
	k->cr2 = in->cr2;
	k->cr3 = in->cr3;
	k->cr4 = in->cr4;
	k->cr8 = in->cr8;
	k->efer = in->efer;
	k->apic_base = in->apic_base;
	memset(k->interrupt_bitmap, 0, sizeof(k->interrupt_bitmap));
	/* Without an in-kernel LAPIC every KVM_RUN loads the TPR from
	 * run->cr8 after the registers (x86.c, "re-sync apic's tpr":
	 * kvm_set_cr8(vcpu, kvm_run->cr8)), and KVM left the previous exit's
	 * CR8 there: the one written here must go there too. */
	if (!s->irqchip)
		s->run->cr8 = in->cr8;
	if (s->sync_regs) {
		s->run->kvm_dirty_regs |= KVM_SYNC_X86_SREGS;
		return 0;
	}
	return ioctl(s->vcpu_fd, KVM_SET_SREGS, k) < 0 ? -errno : 0;
}
