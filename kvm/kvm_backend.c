/*
 * kvm/kvm_backend.c - creating and destroying a KVM virtual machine.
 *
 * The order is the one Documentation/virt/kvm/api.rst teaches:
 *
 *   open /dev/kvm, check KVM_GET_API_VERSION == 12
 *   KVM_CREATE_VM                    a VM with no memory and no vCPU
 *   KVM_SET_USER_MEMORY_REGION       guest RAM = vm->mem (kvm_memory.c)
 *   KVM_SET_TSS_ADDR                 three pages VMX needs for its own use
 *   KVM_CREATE_IRQCHIP               only with --irqchip kernel: before
 *                                    the vCPU, which then gets a LAPIC
 *   KVM_CREATE_VCPU, mmap(vcpu_fd)   the vCPU and its shared kvm_run page
 *   KVM_SET_CPUID2                   what CPUID shows the guest
 *   KVM_GET_VCPU_EVENTS, _FPU, ...   the new vCPU's state, for a reset
 *   KVM_GET_IRQCHIP, _LAPIC, ...     and the in-kernel irqchip's
 *   KVM_CAP_SYNC_REGS, KVM_GET_STATS_FD   cheaper exits, KVM's counters
 *
 * Each failure names the ioctl and the errno, and unwinds what was done.
 * The ops table at the end is the backend as core/backend.h sees it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm/kvm.h"
#include "kvm/kvm_nested.h"
#include "kvm/kvm_vcpu.h"
#include "kvm/probe.h"

/* Where VMX keeps the TSS it needs to run real-mode code: three pages
 * just below the 4 GiB boundary (as QEMU does), outside vmscope's RAM and
 * MMIO window.  KVM ignores it on SVM and PVM. */
#define KVM_TSS_ADDR 0xfffbd000UL
/* KVM_GET_SUPPORTED_CPUID: start with this many entries, grow on E2BIG. */
#define CPUID_ENTRIES_FIRST 64
#define CPUID_ENTRIES_LIMIT 4096
#define SYNC_REGS_WANTED (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)

static _Thread_local char last_error[160];

/* Remember why setting up failed ("KVM_CREATE_VM: ..."); returns err. */
static int fail(const char *what, int err)
{
	snprintf(last_error, sizeof(last_error), "%s: %s", what,
		 strerror(-err));
	return err;
}

const char *kvm_backend_error(void)
{
	return last_error;
}

static int open_kvm(int *fd)
{
	int version;

	*fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (*fd < 0)
		return fail("cannot open /dev/kvm", -errno);
	version = ioctl(*fd, KVM_GET_API_VERSION, 0);
	if (version == KVM_API_VERSION)
		return 0;
	if (version < 0)
		fail("KVM_GET_API_VERSION on /dev/kvm", -errno);
	else
		snprintf(last_error, sizeof(last_error),
			 "/dev/kvm speaks KVM API %d; vmscope needs %d",
			 version, KVM_API_VERSION);
	close(*fd);
	*fd = -1;
	return -ENOTSUP;
}

bool kvm_backend_available(char *why, size_t len)
{
	int fd;

	if (open_kvm(&fd)) {
		snprintf(why, len, "%s", last_error);
		return false;
	}
	close(fd);
	snprintf(why, len, "/dev/kvm opens, KVM API %d", KVM_API_VERSION);
	return true;
}

/* mem NULL: a VM with no memory slot yet (the nesting stage's L2 VM,
 * kvm/kvm_nested.c, whose slots come one by one). */
static int create_vm(struct kvm_vcpu_state *s, const struct guest_mem *mem)
{
	int err;

	s->vm_fd = ioctl(s->kvm_fd, KVM_CREATE_VM, 0);
	if (s->vm_fd < 0)
		return fail("KVM_CREATE_VM", -errno);
	err = mem ? kvm_memory_map(s->vm_fd, mem) : 0;
	if (err)
		return fail("KVM_SET_USER_MEMORY_REGION", err);
	if (ioctl(s->vm_fd, KVM_SET_TSS_ADDR, KVM_TSS_ADDR) < 0)
		return fail("KVM_SET_TSS_ADDR", -errno);
	return 0;
}

static int create_vcpu(struct kvm_vcpu_state *s)
{
	int size;
	void *run;

	s->vcpu_fd = ioctl(s->vm_fd, KVM_CREATE_VCPU, 0);
	if (s->vcpu_fd < 0)
		return fail("KVM_CREATE_VCPU", -errno);
	size = ioctl(s->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(struct kvm_run))
		return fail("KVM_GET_VCPU_MMAP_SIZE", size < 0 ? -errno
							       : -EINVAL);
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   s->vcpu_fd, 0);
	if (run == MAP_FAILED)
		return fail("mmap of the kvm_run page", -errno);
	s->run = run;
	s->run_size = (size_t)size;
	return 0;
}

/* CPUID 0x80000008 EAX[7:0]: the physical-address width, MAXPHYADDR
 * (36 where the leaf is missing: SDM Vol. 3A, 4.1.4). */
#define CPUID_ADDRESS_SIZES 0x80000008u
#define MAXPHYADDR_WITHOUT_LEAF 36

unsigned kvm_cpuid_maxphyaddr(const struct kvm_cpuid2 *cpuid)
{
	for (uint32_t i = 0; i < cpuid->nent; i++)
		if (cpuid->entries[i].function == CPUID_ADDRESS_SIZES)
			return cpuid->entries[i].eax & 0xff;
	return MAXPHYADDR_WITHOUT_LEAF;
}

/* Give the guest every CPUID leaf KVM supports on this host, so CPUID in
 * the guest answers as a real CPU would (and is handled inside KVM).
 * Kept: its MAXPHYADDR, the widest guest-physical address - with EPT or
 * NPT KVM reports the host's there, the limit it puts on memory slots
 * too (kvm_mmu_max_gfn()). */
static int set_cpuid(struct kvm_vcpu_state *s)
{
	struct kvm_cpuid2 *cpuid;
	uint32_t nent = CPUID_ENTRIES_FIRST;
	int err;

	for (;;) {
		cpuid = calloc(1, sizeof(*cpuid) +
				  nent * sizeof(cpuid->entries[0]));
		if (!cpuid)
			return fail("KVM_GET_SUPPORTED_CPUID", -ENOMEM);
		cpuid->nent = nent;
		if (ioctl(s->kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid) == 0)
			break;
		err = -errno;
		free(cpuid);
		if (err != -E2BIG || nent >= CPUID_ENTRIES_LIMIT)
			return fail("KVM_GET_SUPPORTED_CPUID", err);
		nent *= 2;
	}
	err = ioctl(s->vcpu_fd, KVM_SET_CPUID2, cpuid) < 0 ? -errno : 0;
	s->maxphyaddr = kvm_cpuid_maxphyaddr(cpuid);
	free(cpuid);
	return err ? fail("KVM_SET_CPUID2", err) : 0;
}

/* Optional features: without them vmscope still runs, at some cost. */
static void enable_extras(struct kvm_vcpu_state *s)
{
	int caps = ioctl(s->vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS);

	s->regs = &s->own_regs;
	s->sregs = &s->own_sregs;
	if (caps > 0 && (caps & SYNC_REGS_WANTED) == SYNC_REGS_WANTED) {
		s->sync_regs = true;
		s->run->kvm_valid_regs = SYNC_REGS_WANTED;
		s->regs = &s->run->s.regs.regs;
		s->sregs = &s->run->s.regs.sregs;
	}
	if (ioctl(s->vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_BINARY_STATS_FD) > 0)
		s->stats_fd = ioctl(s->vcpu_fd, KVM_GET_STATS_FD, 0);
	if (s->stats_fd >= 0)
		fcntl(s->stats_fd, F_SETFD, FD_CLOEXEC);
}

static void close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* --irqchip kernel: the in-kernel irqchip, or - where the host has none
 * - a note on stderr and vmscope's own 8259 (s->irqchip stays false). */
static void create_irqchip(struct kvm_vcpu_state *s)
{
	char why[160];

	if (kvm_irqchip_create(s->vm_fd, why, sizeof(why)) == 0) {
		s->irqchip = true;
		return;
	}
	fprintf(stderr, "vmscope: --irqchip kernel: this host's KVM has no "
		"in-kernel irqchip for vmscope (%s): vmscope's own 8259 and "
		"KVM_INTERRUPT instead\n", why);
}

/* What a reset puts back, read before the vCPU first runs. */
static int save_power_on(struct kvm_vcpu_state *s)
{
	const char *what;
	int err = kvm_reset_save(s, &what);

	return err ? fail(what, err) : 0;
}

static int state_open(struct kvm_vcpu_state *s, const struct guest_mem *mem,
		      bool irqchip)
{
	int err;

	last_error[0] = '\0';
	memset(s, 0, sizeof(*s));
	s->vm_fd = s->vcpu_fd = s->stats_fd = -1;
	s->vcpu_thread = pthread_self();
	s->flavour = probe_host_flavour();
	err = open_kvm(&s->kvm_fd);
	if (err)
		return err;
	err = create_vm(s, mem);
	if (err)
		goto err_vm;
	if (irqchip)
		create_irqchip(s);
	err = create_vcpu(s);
	if (err)
		goto err_vcpu;
	err = set_cpuid(s);
	if (!err)
		err = save_power_on(s);
	if (err)
		goto err_run;
	enable_extras(s);
	err = kvm_regs_load(s);
	if (err)
		goto err_stats;
	return 0;

err_stats:
	close_fd(s->stats_fd);
	kvm_reset_free(s);
err_run:
	munmap(s->run, s->run_size);
err_vcpu:
	close_fd(s->vcpu_fd);
err_vm:
	close_fd(s->vm_fd);
	close(s->kvm_fd);
	return err;
}

int kvm_state_open(struct kvm_vcpu_state *s, const struct guest_mem *mem)
{
	return state_open(s, mem, false);
}

void kvm_state_close(struct kvm_vcpu_state *s)
{
	close_fd(s->stats_fd);
	kvm_reset_free(s);
	munmap(s->run, s->run_size);
	close(s->vcpu_fd);
	close(s->vm_fd);
	close(s->kvm_fd);
}

static int kvm_create(struct vm *vm)
{
	struct kvm_vcpu_state *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return fail("KVM backend state", -ENOMEM);
	err = state_open(s, &vm->mem, vm->irqchip == VM_IRQCHIP_KERNEL);
	if (err)
		goto err_free;
	if (!s->irqchip)
		vm->irqchip = VM_IRQCHIP_USER;
	err = kvm_install_kick_signal();
	if (err)
		goto err_close;
	vm->backend_state = s;
	return 0;

err_close:
	kvm_state_close(s);
err_free:
	free(s);
	return err;
}

static void kvm_destroy(struct vm *vm)
{
	struct kvm_vcpu_state *s = kvm_state(vm);

	if (!s)
		return;
	kvm_state_close(s);
	free(s);
	vm->backend_state = NULL;
}

static enum host_flavour kvm_flavour(struct vm *vm)
{
	struct kvm_vcpu_state *s = kvm_state(vm);

	return s ? s->flavour : probe_host_flavour();
}

int kvm_vcpu_stats(struct vm *vm, struct kvm_stats *out)
{
	struct kvm_vcpu_state *s = kvm_state(vm);

	if (vm->backend != &kvm_backend_ops || !s)
		return -EINVAL;
	if (s->stats_fd < 0)
		return -ENOTSUP;
	return kvm_stats_read_fd(s->stats_fd, out);
}

/* The counters of the vCPU's binary stats, in KVM's order. */
static int kvm_read_counters(struct vm *vm, struct backend_counter *out,
			     int max)
{
	struct kvm_stats *stats = malloc(sizeof(*stats));
	int err, n = 0;

	if (!stats)
		return -ENOMEM;
	err = kvm_vcpu_stats(vm, stats);
	for (size_t i = 0; !err && i < stats->count && n < max; i++, n++) {
		snprintf(out[n].name, sizeof(out[n].name), "%s",
			 stats->items[i].name);
		out[n].value = stats->items[i].value;
	}
	free(stats);
	return err ? err : n;
}

/* The vCPU's TSC rate as KVM keeps it (the host's, unless scaled). */
static uint64_t kvm_tsc_khz(struct vm *vm)
{
	struct kvm_vcpu_state *s = kvm_state(vm);
	int khz = s ? ioctl(s->vcpu_fd, KVM_GET_TSC_KHZ, 0) : -1;

	return khz > 0 ? (uint64_t)khz : 0;
}

const struct backend_ops kvm_backend_ops = {
	.name = "kvm",
	.create = kvm_create,
	.destroy = kvm_destroy,
	.run = kvm_run_vcpu,
	.reset = kvm_reset_vcpu,
	.get_regs = kvm_get_regs,
	.set_regs = kvm_set_regs,
	.get_sregs = kvm_get_sregs,
	.set_sregs = kvm_set_sregs,
	.set_single_step = kvm_set_single_step,
	.set_breakpoints = kvm_set_hw_breakpoints,
	.kick = kvm_kick,
	.interrupt_ready = kvm_interrupt_ready,
	.inject_interrupt = kvm_inject_interrupt,
	.request_interrupt_window = kvm_request_interrupt_window,
	.sync_dirty = kvm_sync_dirty,
	.read_counters = kvm_read_counters,
	.tsc_khz = kvm_tsc_khz,
	.flavour = kvm_flavour,
	.set_ioeventfd = kvm_set_ioeventfd,
	.set_irq_line = kvm_set_irq_line,
	.set_irqfd = kvm_set_irqfd,
	.get_pic_regs = kvm_get_pic_regs,
	.halted_inside = kvm_halted_inside,
	.nested = &kvm_nested_ops,
};
