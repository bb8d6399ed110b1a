/*
 * bench/raw_kvm_loop.c - the baseline for exit_cost_ratio and
 * first_byte_ratio: the least a VMM can do per exit.
 *
 * Loads a built-in guest (default `portloop`) with vmscope's loader and
 * entry state (bench/support/raw_guest.h, so both sides run identical
 * guest code), then runs the plainest KVM_RUN loop there is: no register
 * reads, no decoding, no trace.  Port I/O is all it answers, with the
 * least of a COM1 (bench/support/raw_uart.h: the guest's console on
 * stdout).  It says on stderr how many OUT exits it saw, and exits 0
 * when the guest wrote the exit port, 1 on anything else.
 *
 * Usage: raw_kvm_loop [GUEST]
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/support/raw_guest.h"
#include "bench/support/raw_uart.h"
#include "guest/abi/machine.h"

struct raw_vm {
	int kvm, vm, vcpu;
	struct kvm_run *run;
};

static void seg_to_kvm(const struct vcpu_segment *s, struct kvm_segment *k)
{
	*k = (struct kvm_segment){
		.base = s->base, .limit = s->limit, .selector = s->selector,
		.type = s->type, .present = s->present, .dpl = s->dpl,
		.db = s->db, .s = s->s, .l = s->l, .g = s->g, .avl = s->avl,
		.unusable = !s->present,
	};
}

static int set_entry_state(struct raw_vm *r, const struct vcpu_regs *regs,
			   const struct vcpu_sregs *s)
{
	struct kvm_sregs ks;
	struct kvm_regs kr = {
		.rip = regs->rip, .rsp = regs->rsp, .rdi = regs->rdi,
		.rflags = regs->rflags,
	};

	if (ioctl(r->vcpu, KVM_GET_SREGS, &ks) < 0)
		return -errno;
	seg_to_kvm(&s->cs, &ks.cs);
	seg_to_kvm(&s->ds, &ks.ds);
	seg_to_kvm(&s->es, &ks.es);
	seg_to_kvm(&s->fs, &ks.fs);
	seg_to_kvm(&s->gs, &ks.gs);
	seg_to_kvm(&s->ss, &ks.ss);
	seg_to_kvm(&s->tr, &ks.tr);
	seg_to_kvm(&s->ldt, &ks.ldt);
	ks.gdt.base = s->gdt.base;
	ks.gdt.limit = s->gdt.limit;
	ks.idt.base = s->idt.base;
	ks.idt.limit = s->idt.limit;
	ks.cr0 = s->cr0;
	ks.cr3 = s->cr3;
	ks.cr4 = s->cr4;
	ks.efer = s->efer;
	if (ioctl(r->vcpu, KVM_SET_SREGS, &ks) < 0 ||
	    ioctl(r->vcpu, KVM_SET_REGS, &kr) < 0)
		return -errno;
	return 0;
}

static int create_vm(struct raw_vm *r, struct guest_mem *mem)
{
	struct kvm_userspace_memory_region region = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = mem->size,
		.userspace_addr = (uint64_t)(uintptr_t)mem->host,
	};
	int size;

	r->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (r->kvm < 0)
		return -errno;
	r->vm = ioctl(r->kvm, KVM_CREATE_VM, 0);
	if (r->vm < 0 || ioctl(r->vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return -errno;
	ioctl(r->vm, KVM_SET_TSS_ADDR, 0xfffbd000UL);
	r->vcpu = ioctl(r->vm, KVM_CREATE_VCPU, 0);
	size = ioctl(r->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (r->vcpu < 0 || size <= 0)
		return -errno;
	r->run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      r->vcpu, 0);
	return r->run == MAP_FAILED ? -errno : 0;
}

int main(int argc, char **argv)
{
	struct guest_mem mem;
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;
	struct raw_vm r = { .kvm = -1, .vm = -1, .vcpu = -1 };
	unsigned long outs = 0;
	struct raw_uart uart = { 0 };

	if (raw_guest_load("raw_kvm_loop", argc > 1 ? argv[1] : "portloop",
			   &mem, &regs, &sregs))
		return 1;
	if (create_vm(&r, &mem) || set_entry_state(&r, &regs, &sregs)) {
		fprintf(stderr, "raw_kvm_loop: cannot set up the VM\n");
		return 1;
	}
	for (;;) {
		if (ioctl(r.vcpu, KVM_RUN, 0) < 0 && errno != EINTR)
			return 1;
		if (r.run->exit_reason != KVM_EXIT_IO)
			break;
		if (r.run->io.port == PORT_EXIT)
			break;
		outs += r.run->io.direction == KVM_EXIT_IO_OUT;
		raw_uart_io(&uart, r.run->io.port,
			    r.run->io.direction == KVM_EXIT_IO_OUT,
			    (uint8_t *)r.run + r.run->io.data_offset,
			    (size_t)r.run->io.size * r.run->io.count);
	}
	fprintf(stderr, "raw_kvm_loop: %lu OUT exits\n", outs);
	return r.run->exit_reason == KVM_EXIT_IO ? 0 : 1;
}
