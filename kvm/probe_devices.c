/*
 * kvm/probe_devices.c - the findings about the PC's input and screen
 * paths, measured with two ordinary built-in guests on the KVM backend.
 *
 *   irq_injection  echo, typed at: "a", Enter, Ctrl-D, each key queued
 *                  only while the guest waits for one (vm->keys_paced).
 *                  It works when an exit record shows IRQ 1 injected as
 *                  vector 0x21 (KVM_INTERRUPT, or after an interrupt
 *                  window exit), the guest's next port I/O is the
 *                  keyboard driver's IN from 0x60, and echo ends with
 *                  status 0 - so every key went in and was read.
 *   dirty_log      hello, with the VGA window as plain RAM (a KVM slot
 *                  with KVM_MEM_LOG_DIRTY_PAGES): its console writes the
 *                  text cells at 0xb8000 without one exit, and
 *                  KVM_GET_DIRTY_LOG must then show window page 0 written.
 *
 * As in kvm/probe_guests.c, a finding is what the run was seen to do; a
 * guest that cannot even be started leaves its finding unknown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/key_text.h"
#include "guest/abi/machine.h"
#include "kvm/probe_guests.h"
#include "kvm/probe_session.h"

#define DEVICES_MAX_EXITS 2000
#define DEVICES_TIMEOUT_MS 10000

/* What echo is typed: 'a', Enter, then Ctrl-D (end of file: status 0). */
#define ECHO_KEYS "a\\n\\x04"
/* IRQ 1 as the teaching kernel programs the master PIC (ICW2 = 0x20,
 * guest/kernel/pic.h): vector 0x20 + 1. */
#define ECHO_KEYBOARD_VECTOR 0x21

/* Start `guest` in ps, or mark finding `f` unknown with the reason. */
static bool start(struct probe_session *ps, const char *guest,
		  struct probe_finding *f)
{
	if (!ps) {
		probe_finding_set(f, PROBE_UNKNOWN, "unknown", "out of memory");
		return false;
	}
	if (probe_session_start(ps, guest, DEVICES_MAX_EXITS,
				DEVICES_TIMEOUT_MS) == 0)
		return true;
	probe_finding_set(f, PROBE_UNKNOWN, "unknown", "%s", ps->why);
	return false;
}

/* Did the guest end by writing status 0 to the exit port? */
static bool exited_cleanly(const struct probe_session *ps)
{
	return ps->vm.state == VM_EXITED && ps->vm.exit_status == 0;
}

/* What echo's run showed, exit by exit. */
struct irq_probe {
	bool injected;             /* an exit record had IRQ 1 injected */
	uint8_t vector;            /* ... as this vector */
	bool io_seen;              /* a port I/O exit came after it */
	uint16_t io_port;          /* ... at this port */
	uint8_t io_direction;      /* ... enum io_direction */
	unsigned windows;          /* IRQ_WINDOW_OPEN exits */
};

/* The injection is reported on the exit record of the run it went in
 * before, so that record's own I/O is the first one after it. */
static void on_irq_exit(struct irq_probe *p, const struct exit_record *e)
{
	if (e->reason == EXIT_IRQ_WINDOW_OPEN)
		p->windows++;
	if (!p->injected && e->injected.valid &&
	    e->injected.irq == IRQ_KEYBOARD) {
		p->injected = true;
		p->vector = e->injected.vector;
	}
	if (p->injected && !p->io_seen && e->reason == EXIT_IO) {
		p->io_seen = true;
		p->io_port = e->u.io.port;
		p->io_direction = e->u.io.direction;
	}
}

static void judge_irq(struct probe_finding *f, const struct irq_probe *p,
		      const struct probe_session *ps)
{
	char windows[48];

	snprintf(windows, sizeof(windows), "%u IRQ_WINDOW_OPEN exit%s",
		 p->windows, p->windows == 1 ? "" : "s");
	if (!p->injected)
		probe_finding_set(f, PROBE_NO, "no_injection",
				  "no IRQ 1 went in while echo waited for "
				  "keys; %s; %.100s", windows, ps->why);
	else if (p->vector != ECHO_KEYBOARD_VECTOR)
		probe_finding_set(f, PROBE_NO, "wrong_vector",
				  "IRQ 1 went in as vector 0x%x, not 0x%x; %s",
				  p->vector, ECHO_KEYBOARD_VECTOR, windows);
	else if (!p->io_seen || p->io_port != PORT_I8042_DATA ||
		 p->io_direction != IO_IN)
		probe_finding_set(f, PROBE_NO, "no_0x60_read",
				  "IRQ 1 went in as vector 0x21, but the next "
				  "port I/O was %s; %s", !p->io_seen ? "never"
				  : p->io_direction == IO_IN ? "an IN, not "
				  "from 0x60" : "an OUT", windows);
	else if (!exited_cleanly(ps))
		probe_finding_set(f, PROBE_NO, "bad_end",
				  "IRQ 1 went in and 0x60 was read, but echo "
				  "did not end with status 0: %.80s; %s",
				  ps->why, windows);
	else
		probe_finding_set(f, PROBE_YES, "injected",
				  "IRQ 1 went in as vector 0x21, the next port "
				  "I/O read 0x60, echo took 'a', Enter, Ctrl-D "
				  "and exited 0; %s", windows);
}

void probe_guest_irq(struct probe_report *r)
{
	struct probe_finding *f = &r->findings[PROBE_IRQ_INJECTION];
	struct probe_session *ps = malloc(sizeof(*ps));
	struct irq_probe p = { 0 };
	char why[160];

	if (!start(ps, "echo", f)) {
		free(ps);
		return;
	}
	if (key_text_type(&ps->vm, ECHO_KEYS, why, sizeof(why)))
		probe_finding_set(f, PROBE_UNKNOWN, "unknown", "cannot queue "
				  "the keys: %s", why);
	else {
		while (probe_session_next(ps))
			on_irq_exit(&p, &ps->exit);
		judge_irq(f, &p, ps);
	}
	probe_session_end(ps);
	free(ps);
}

void probe_guest_dirty_log(struct probe_report *r)
{
	struct probe_finding *f = &r->findings[PROBE_DIRTY_LOG];
	struct probe_session *ps = malloc(sizeof(*ps));
	unsigned mmio = 0;
	uint64_t pages;
	int err;

	if (!start(ps, "hello", f)) {
		free(ps);
		return;
	}
	/* Start clean: any page reported below was logged by KVM. */
	(void)guest_mem_take_dirty(&ps->vm.mem);
	while (probe_session_next(ps))
		if (ps->exit.reason == EXIT_MMIO)
			mmio++;
	/* vm_vga_take_dirty() in two steps, so that an error of
	 * KVM_GET_DIRTY_LOG (sync_dirty) is seen. */
	err = ps->vm.backend->sync_dirty(&ps->vm);
	pages = guest_mem_take_dirty(&ps->vm.mem);
	if (err)
		probe_finding_set(f, PROBE_NO, "ioctl_failed",
				  "KVM_GET_DIRTY_LOG failed: %s", strerror(-err));
	else if (pages & 1)
		probe_finding_set(f, PROBE_YES, "page_0_dirty",
				  "after hello, KVM_GET_DIRTY_LOG showed VGA "
				  "window pages 0x%llx written (page 0: "
				  "0xb8000); %u MMIO exits",
				  (unsigned long long)pages, mmio);
	else
		probe_finding_set(f, PROBE_NO, "no_dirty_bit",
				  "after hello, KVM_GET_DIRTY_LOG showed VGA "
				  "window pages 0x%llx, not page 0 (0xb8000); "
				  "hello ended: %.80s", (unsigned long long)pages,
				  ps->why);
	probe_session_end(ps);
	free(ps);
}
