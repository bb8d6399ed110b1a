/*
 * kvm/kvm_memory.c - guest RAM as KVM memory slots, and the dirty-page log
 * of the VGA window.
 *
 * RAM is one host mapping (core/memory.c).  Without a window it is one
 * slot.  With one, the window is cut out into a slot of its own:
 *
 *   slot 0   [0, window)             RAM
 *   slot 1   [window, window end)    RAM with KVM_MEM_LOG_DIRTY_PAGES,
 *                                    or no slot at all for MMIO backing:
 *                                    every access is then KVM_EXIT_MMIO
 *   slot 2   [window end, RAM end)   RAM
 *
 * KVM_GET_DIRTY_LOG hands back one bit per page of slot 1 written since
 * the previous call and clears them (write-protecting the pages again), so
 * a display learns what changed without one exit per store.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kvm/kvm_vcpu.h"

#define SLOT_LOW    0
#define SLOT_WINDOW 1
#define SLOT_HIGH   2

int kvm_memory_slot(int vm_fd, uint32_t slot, uint32_t flags, uint64_t gpa,
		    uint64_t len, void *host)
{
	struct kvm_userspace_memory_region region = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = len,
		.userspace_addr = (uintptr_t)host,
	};

	return ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0 ? -errno
								    : 0;
}

/* RAM at guest-physical gpa is the host memory at mem->host + gpa. */
static int set_slot(int vm_fd, uint32_t slot, uint32_t flags,
		    const struct guest_mem *mem, uint64_t gpa, uint64_t len)
{
	if (len == 0)
		return 0;
	return kvm_memory_slot(vm_fd, slot, flags, gpa, len, mem->host + gpa);
}

int kvm_memory_map(int vm_fd, const struct guest_mem *mem)
{
	const struct mem_window *w = &mem->window;
	uint64_t end = w->gpa + w->len;
	int err;

	if (w->len == 0)
		return set_slot(vm_fd, SLOT_LOW, 0, mem, 0, mem->size);
	err = set_slot(vm_fd, SLOT_LOW, 0, mem, 0, w->gpa);
	if (!err && w->backing == MEM_WINDOW_RAM)
		err = set_slot(vm_fd, SLOT_WINDOW, KVM_MEM_LOG_DIRTY_PAGES, mem,
			       w->gpa, w->len);
	if (!err)
		err = set_slot(vm_fd, SLOT_HIGH, 0, mem, end, mem->size - end);
	return err;
}

int kvm_sync_dirty(struct vm *vm)
{
	struct kvm_vcpu_state *s = kvm_state(vm);
	uint64_t bitmap = 0;   /* MEM_WINDOW_MAX_PAGES bits */
	struct kvm_dirty_log log = { .slot = SLOT_WINDOW,
				     .dirty_bitmap = &bitmap };

	if (!s || vm->mem.window.len == 0 ||
	    vm->mem.window.backing != MEM_WINDOW_RAM)
		return 0;
	if (ioctl(s->vm_fd, KVM_GET_DIRTY_LOG, &log) < 0)
		return -errno;
	guest_mem_add_dirty(&vm->mem, bitmap);
	return 0;
}
