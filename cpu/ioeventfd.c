/*
 * cpu/ioeventfd.c - the software CPU's KVM_IOEVENTFD (core/backend.h's
 * struct ioeventfd): an MMIO write that matches a registered address,
 * length and value adds 1 to its eventfd, and the instruction completes
 * with no exit - as KVM does inside the kernel.  So a guest's kick wakes
 * the vhost-style worker (devices/net_worker.c) the same way on both
 * backends, and costs no return to vmscope's run loop.
 */
#include <errno.h>
#include <unistd.h>

#include "cpu/cpu.h"

static bool same(const struct ioeventfd *a, const struct ioeventfd *b)
{
	return a->gpa == b->gpa && a->len == b->len &&
	       a->datamatch == b->datamatch && a->fd == b->fd;
}

static int remove_one(struct cpu_ioeventfds *t, const struct ioeventfd *e)
{
	for (unsigned i = 0; i < t->n; i++)
		if (same(&t->e[i], e)) {
			t->e[i] = t->e[--t->n];
			return 0;
		}
	return -ENOENT;
}

int softcpu_set_ioeventfd(struct softcpu *cpu, const struct ioeventfd *e,
			  bool on)
{
	struct cpu_ioeventfds *t = &cpu->ioeventfds;

	if (!on)
		return remove_one(t, e);
	if (e->len != 1 && e->len != 2 && e->len != 4 && e->len != 8)
		return -EINVAL;
	if (t->n == SOFTCPU_IOEVENTFDS)
		return -ENOSPC;
	t->e[t->n++] = *e;
	return 0;
}

bool cpu_ioeventfd_signal(struct softcpu *cpu, uint64_t gpa, unsigned size,
			  uint64_t val)
{
	const struct cpu_ioeventfds *t = &cpu->ioeventfds;
	uint64_t one = 1;

	for (unsigned i = 0; i < t->n; i++) {
		const struct ioeventfd *e = &t->e[i];
		ssize_t n;

		if (e->gpa != gpa || e->len != size ||
		    e->datamatch != (val & cpu_size_mask(size)))
			continue;
		/* n < 0 only with EAGAIN, at 2^64 - 2 pending: the worker is
		 * woken already, as KVM's eventfd_signal() leaves it. */
		n = write(e->fd, &one, sizeof(one));
		(void)n;
		return true;
	}
	return false;
}
