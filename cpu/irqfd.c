/*
 * cpu/irqfd.c - the software CPU's in-kernel irqchip and KVM_IRQFD
 * (--irqchip kernel; core/backend.h's struct irqfd).
 *
 * With KVM_CREATE_IRQCHIP the kernel owns the interrupt controller: device
 * lines go to it, it delivers vectors itself at the vCPU's next entry, and
 * an eventfd (KVM_IRQFD) can raise a line while no user-space thread does
 * anything - the kernel's wait-queue callback on the eventfd runs in the
 * writer's context.  The software CPU plays the kernel's part here:
 *
 *   - the chip is vmscope's own 8259 (devices/pic8259.c), reached through
 *     struct softcpu_irqchip; the CPU asks it at every boundary check of
 *     its run loop (softcpu_run(), at most BLOCK_INSNS instructions apart
 *     and whenever IF opens) and runs the INTA cycle itself, with no exit;
 *   - a watcher thread stands in for the eventfd's wait-queue callback: it
 *     sleeps in poll() on the registered eventfds, and when one is
 *     signalled it notes the line in `signalled` (an atomic word) - the
 *     CPU raises the line at its next boundary check, on its own thread,
 *     which is the only one that may touch the PIC;
 *   - a line with a resample eventfd is level-triggered over the edge: it
 *     stays up until the guest ends its service (the PIC's EOI callback,
 *     KVM's "ack notifier", lowers it at once), then the resample eventfd is
 *     signalled, so the device looks again and re-signals if its level is
 *     still high (KVM_IRQFD_FLAG_RESAMPLE, as VFIO uses it for INTx).
 *
 * One difference from KVM stays: a HLT still exits to vmscope (the PIT
 * and the keyboard live there, and vmscope's HLT sleep waits for them).
 * So that a halted vCPU thread hears an irqfd, the watcher wakes it
 * (chip->wake) while it waits in a HLT (`idle`, which irqchip_poll sets
 * from vmscope's halted state); irqchip_poll then raises the line between
 * two runs, and the next run delivers.  Outside a HLT's wait the watcher
 * wakes nobody: the CPU sees the line at its next check, and no kick
 * (no INTR exit) is made for it.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "cpu/cpu.h"

static uint64_t drain(int fd)
{
	uint64_t v;

	return read(fd, &v, sizeof(v)) == sizeof(v) ? v : 0;
}

static void signal_fd(int fd)
{
	uint64_t one = 1;

	/* Only EAGAIN at 2^64 - 2 pending: the reader is woken already. */
	if (write(fd, &one, sizeof(one)) < 0)
		return;
}

/* The watcher: the eventfds' wait-queue callback, as a thread. */
static void *watch(void *arg)
{
	struct cpu_irqchip *c = arg;
	struct pollfd fds[1 + SOFTCPU_IRQFDS];

	fds[0] = (struct pollfd){ .fd = c->stop_fd, .events = POLLIN };
	for (unsigned i = 0; i < c->n; i++)
		fds[1 + i] = (struct pollfd){ .fd = c->f[i].fd,
					      .events = POLLIN };
	for (;;) {
		uint16_t lines = 0;

		if (poll(fds, 1 + c->n, -1) < 0 && errno != EINTR)
			return NULL;
		if (fds[0].revents)
			return NULL;
		for (unsigned i = 0; i < c->n; i++)
			if (fds[1 + i].revents && drain(c->f[i].fd))
				lines |= (uint16_t)(1u << c->f[i].irq);
		if (!lines)
			continue;
		/* The lines first, then idle, under the lock the vCPU
		 * thread changes idle with: either its next look takes the
		 * lines, or the wake happens while it waits in a HLT (and
		 * not after that wait ended: a wake would then kick the
		 * run that follows, an exit for nothing). */
		atomic_fetch_or(&c->signalled, lines);
		pthread_mutex_lock(&c->idle_lock);
		if (c->idle && c->ops.wake)
			c->ops.wake(c->ops.opaque);
		pthread_mutex_unlock(&c->idle_lock);
	}
}

static int watcher_start(struct cpu_irqchip *c)
{
	if (c->n == 0)
		return 0;
	c->watching = pthread_create(&c->watcher, NULL, watch, c) == 0;
	return c->watching ? 0 : -EAGAIN;
}

static void watcher_stop(struct cpu_irqchip *c)
{
	if (!c->watching)
		return;
	signal_fd(c->stop_fd);
	pthread_join(c->watcher, NULL);
	drain(c->stop_fd);
	c->watching = false;
}

int softcpu_set_irqchip(struct softcpu *cpu, const struct softcpu_irqchip *ops)
{
	struct cpu_irqchip *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (c->stop_fd < 0) {
		free(c);
		return -errno;
	}
	c->ops = *ops;
	pthread_mutex_init(&c->idle_lock, NULL);
	cpu->chip = c;
	return 0;
}

void cpu_irqchip_free(struct softcpu *cpu)
{
	struct cpu_irqchip *c = cpu->chip;

	if (!c)
		return;
	watcher_stop(c);
	close(c->stop_fd);
	pthread_mutex_destroy(&c->idle_lock);
	free(c);
	cpu->chip = NULL;
}

static bool has_resample(const struct cpu_irqchip *c, unsigned irq)
{
	for (unsigned i = 0; i < c->n; i++)
		if (c->f[i].irq == irq && c->f[i].resample_fd >= 0)
			return true;
	return false;
}

/* Removing an irqfd lowers the line it held (KVM's resampler shutdown). */
static int remove_irqfd(struct softcpu *cpu, const struct irqfd *f)
{
	struct cpu_irqchip *c = cpu->chip;

	for (unsigned i = 0; i < c->n; i++) {
		unsigned irq = c->f[i].irq;
		uint16_t bit = (uint16_t)(1u << irq);

		if (c->f[i].fd != f->fd)
			continue;
		c->f[i] = c->f[--c->n];
		if ((c->held & bit) && !has_resample(c, irq)) {
			c->held &= (uint16_t)~bit;
			c->ops.set_line(c->ops.opaque, irq, 0);
		}
		return 0;
	}
	return -ENOENT;
}

int softcpu_set_irqfd(struct softcpu *cpu, const struct irqfd *f, bool on)
{
	struct cpu_irqchip *c = cpu->chip;
	int err;

	if (!c)
		return -EINVAL;   /* no in-kernel irqchip: KVM's answer too */
	if (on && (f->irq >= 16 || f->fd < 0))
		return -EINVAL;
	if (on && c->n == SOFTCPU_IRQFDS)
		return -ENOSPC;
	watcher_stop(c);
	if (on) {
		c->f[c->n++] = *f;
		err = 0;
	} else {
		err = remove_irqfd(cpu, f);
	}
	if (watcher_start(c) && !err)
		err = -EAGAIN;
	return err;
}

/* The held lines in irqs go down; their resample eventfds tell the
 * devices to look at their level again. */
static void lower_held(struct cpu_irqchip *c, uint16_t irqs)
{
	uint16_t ended = irqs & c->held;

	if (!ended)
		return;
	c->held &= (uint16_t)~ended;
	for (unsigned irq = 0; irq < 16; irq++)
		if (ended & (1u << irq))
			c->ops.set_line(c->ops.opaque, irq, 0);
	for (unsigned i = 0; i < c->n; i++)
		if ((ended & (1u << c->f[i].irq)) && c->f[i].resample_fd >= 0)
			signal_fd(c->f[i].resample_fd);
}

/* Lines whose service ended go down at once, before the PIC looks for
 * its next request (KVM's ack notifier). */
void softcpu_irqchip_eoi(struct softcpu *cpu, uint16_t irqs)
{
	if (cpu->chip)
		lower_held(cpu->chip, irqs);
}

/* A signalled line goes up: held until its EOI with a resample eventfd,
 * else a pulse (an edge for the PIC's IRR). */
static void raise_line(struct softcpu *cpu, unsigned irq)
{
	struct cpu_irqchip *c = cpu->chip;
	uint16_t bit = (uint16_t)(1u << irq);

	cpu->counters.irqfd_raises++;
	if (!has_resample(c, irq)) {
		c->ops.set_line(c->ops.opaque, irq, 1);
		c->ops.set_line(c->ops.opaque, irq, 0);
	} else if (!(c->held & bit)) {
		c->held |= bit;
		c->ops.set_line(c->ops.opaque, irq, 1);
	}
}

/* Raise the lines the watcher saw signalled. */
static void take_lines(struct softcpu *cpu)
{
	struct cpu_irqchip *c = cpu->chip;
	uint16_t up;

	up = atomic_load(&c->signalled) ?
	     atomic_exchange(&c->signalled, 0) : 0;
	for (unsigned irq = 0; up; irq++, up >>= 1)
		if (up & 1)
			raise_line(cpu, irq);
}

/* idle first, then the lines: the watcher sets the lines first, then
 * looks at idle. */
bool softcpu_irqchip_poll(struct softcpu *cpu, bool halted)
{
	struct cpu_irqchip *c = cpu->chip;
	bool was;

	if (!c)
		return false;
	pthread_mutex_lock(&c->idle_lock);
	was = c->idle;
	c->idle = halted;
	pthread_mutex_unlock(&c->idle_lock);
	take_lines(cpu);
	return was && !halted;
}

void cpu_irqchip_reset(struct softcpu *cpu)
{
	struct cpu_irqchip *c = cpu->chip;

	if (!c)
		return;
	atomic_store(&c->signalled, 0);
	lower_held(c, c->held);
}

/*
 * The chip's part of the CPU's boundary check: raise the lines the irqfds
 * signalled, then, when the PIC's INT is up and the CPU can take it, the
 * INTA cycle - the vector goes in before the next instruction.  When the
 * CPU cannot (IF = 0, the shadow of an STI or a MOV to SS), chip_wait
 * makes the run loop look again as soon as IF opens.
 */
void cpu_irqchip_check(struct softcpu *cpu, bool completing)
{
	struct cpu_irqchip *c = cpu->chip;
	struct cpu_fault ev = { .pending = true, .external = true,
				.from_chip = true };

	take_lines(cpu);
	cpu->chip_wait = false;
	if (cpu->irq_pending || !c->ops.has_interrupt(c->ops.opaque))
		return;
	if (!softcpu_interrupt_ready(cpu) || completing) {
		cpu->chip_wait = true;
		return;
	}
	ev.vector = (uint8_t)c->ops.acknowledge(c->ops.opaque);
	softcpu_inject_event(cpu, &ev, 0);
}

