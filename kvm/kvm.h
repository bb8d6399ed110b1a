/*
 * kvm/kvm.h - the /dev/kvm backend, and what the command line needs of it.
 *
 * kvm_backend_ops runs the guest on the host's KVM through the ioctls of
 * Documentation/virt/kvm/api.rst.  Besides the ops table, the CLI and the
 * host probe (kvm/probe.c) use: whether /dev/kvm opens at all, KVM's own
 * counters for the vCPU, and hardware instruction breakpoints.
 *
 * Threading: as core/backend.h - everything from the vCPU thread (the one
 * that called create()), except the ops table's kick().
 */
#ifndef KVM_KVM_H
#define KVM_KVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"
#include "kvm/kvm_stats.h"

struct vm;

extern const struct backend_ops kvm_backend_ops;

/* The number of instruction breakpoints the x86 debug registers hold. */
#define KVM_HW_BREAKPOINTS 4

/*
 * Can this process use KVM?  Opens /dev/kvm and checks the API version.
 * Returns true, or false with the reason in why ("cannot open /dev/kvm:
 * Permission denied").
 */
bool kvm_backend_available(char *why, size_t len);
/*
 * The reason the last create() on this thread failed, naming the ioctl
 * ("KVM_CREATE_VCPU: Cannot allocate memory"); "" when none did.
 */
const char *kvm_backend_error(void);
/*
 * KVM's counters for the VM's vCPU (exits, io_exits, halt_exits, ...).
 * -EINVAL when vm does not run on this backend, -ENOTSUP when the kernel
 * has no KVM_CAP_BINARY_STATS_FD, else as kvm_stats_read_fd().
 */
int kvm_vcpu_stats(struct vm *vm, struct kvm_stats *out);
/*
 * Stop with EXIT_DEBUG before executing the instruction at each of the n
 * guest-virtual addresses (n <= KVM_HW_BREAKPOINTS; n = 0 clears them):
 * KVM_SET_GUEST_DEBUG with KVM_GUESTDBG_USE_HW_BP, DR0-DR3 and DR7.
 * The guest stays at a breakpoint that hit: clear it (or step over it
 * with it cleared) before running on, or it hits again (PVM's emulator
 * ignores RFLAGS.RF).  Whether the host honours them at all is for the
 * probe to find out: on PVM they fire in ring 0 only.
 */
int kvm_set_hw_breakpoints(struct vm *vm, const uint64_t *addrs, unsigned n);

#endif /* KVM_KVM_H */
