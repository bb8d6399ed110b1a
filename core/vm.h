/*
 * core/vm.h - one virtual machine: RAM, buses, devices, a backend, and the
 * run loop that turns each exit into device work.
 *
 * vm_run_exit() is the heart of vmscope: it asks the backend to run the
 * guest to its next exit, dispatches that exit (port I/O and MMIO to the
 * bus, HLT, SHUTDOWN, errors to the VM's end state), times the handling,
 * updates the stats and hands the completed record back to the caller.
 *
 * Threading: everything here runs on the vCPU thread, except
 * vm_request_stop(), which any thread may call.
 */
#ifndef CORE_VM_H
#define CORE_VM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/bus.h"
#include "core/elf.h"
#include "core/events.h"
#include "core/exit.h"
#include "core/memory.h"
#include "core/stats.h"
#include "core/symbols.h"
#include "core/keyqueue.h"
#include "core/vm_clock.h"
#include "core/waker.h"
#include "devices/net_wire.h"
#include "devices/pic8259.h"

#define VM_DEFAULT_RAM (64ULL << 20)

enum vm_state {
	VM_RUNNING,
	VM_EXITED,     /* the guest wrote its status to the exit port */
	VM_HALTED,     /* HLT that nothing can wake: the bare-metal "end" */
	VM_CRASHED,    /* SHUTDOWN, FAIL_ENTRY, INTERNAL_ERROR, bad exit */
	VM_STOPPED,    /* vmscope stopped it (exit limit, user, signal) */
};

/* Where guest console bytes go: a callback so tests can capture them. */
struct serial_sink {
	void (*write)(void *opaque, uint8_t byte);
	void *opaque;
};

struct uart16550;
struct exitport;
struct pit8254;
struct i8042;
struct vga_text;
struct nested_l0;
struct virtio_net;

/* A wire from a device's interrupt output to PIC input irq: to vmscope's
 * 8259, or to the backend's chip with --irqchip kernel (vm_line_set()). */
struct vm_line {
	struct vm *vm;
	unsigned irq;
	const char *name;   /* the device on it, as a student knows it:
			       "timer", "COM1" ... (a string constant) */
};

struct vm {
	struct guest_mem mem;
	struct bus bus;
	struct symtab syms;
	struct elf_image image;
	const struct backend_ops *backend;
	void *backend_state;
	struct serial_sink serial;
	struct exit_stats stats;
	struct event_ring *events;   /* optional; NULL: no event stream */
	/* The PC's devices (core/vm_devices.c attaches them) */
	struct uart16550 *uart;      /* COM1, IRQ 4 */
	struct exitport *exitport;   /* the run's end */
	struct pic8259 *pic;         /* the 8259 pair: the CPU's INTR pin */
	struct pit8254 *pit;         /* IRQ 0 */
	struct i8042 *kbd;           /* IRQ 1 and the reset line */
	struct vga_text *vga;        /* CRTC ports; the window's MMIO mode */
	struct virtio_net *net;      /* --net: virtio-net at VIRTIO_NET_MMIO,
					IRQ 5; NULL without */
	struct vm_line lines[PIC_NR_IRQS]; /* device output -> PIC input */
	uint16_t line_levels;        /* each input's level as last driven */
	enum vm_irqchip irqchip;     /* where the interrupt controller runs
					(backend.h); create() may fall back */
	struct nested_l0 *nested;    /* the nesting stage; NULL when off */

	/* Input and interrupts (core/vm_irq.c) */
	struct key_queue keys;       /* host keys on their way in */
	uint64_t keys_not_before_ns; /* after a pause in scripted keys */
	bool keys_paced;             /* scripted: a key only while the guest
					waits for one (halted), as a person
					types at a prompt */
	bool keys_live;              /* a person can type (TUI, window): a
					HLT waiting for a key is not the end */
	struct waker waker;          /* the vCPU's sleep and alarm clock */
	struct vm_clock clock;       /* the machine's time: vm_now_ns() */
	bool irq_window_on;          /* the backend was asked for a window */
	struct exit_inject injected; /* what went in before the next run */
	uint64_t tick_due_ns;        /* the oldest PIT edge not injected yet
					was due then; 0: none waits */
	uint64_t tick_alarm_ns;      /* the waker's alarm for the PIT's next
					tick, as last set; 0: none */
	bool halted;                 /* in HLT, waiting for an interrupt */
	_Atomic bool attention;      /* a front end wants control back */
	bool reset_requested;        /* the guest pulsed the reset line: the
					machine restarts at the next run */
	uint64_t resets;             /* times the machine was reset */

	/* What the machine was built from, for a reset */
	const uint8_t *image_bytes;
	size_t image_size;
	uint64_t boot_flags;

	enum vm_state state;
	int exit_status;             /* VM_EXITED: the guest's status byte */
	char end_reason[160];        /* why the VM is no longer running */
	uint64_t next_seq;
	/* vm_resume_at_once(): on, and the instant the last exit's handling
	 * ended, which is the next run's resume instant (0: read the clock) */
	bool resumes_at_once;
	uint64_t handled_ns;
	_Atomic int stop_requested;
	_Atomic(const char *) stop_why;   /* the reason given with it */
};

struct cell_config;

struct vm_config {
	const struct backend_ops *backend;
	uint64_t ram_size;           /* 0: VM_DEFAULT_RAM */
	const uint8_t *image;        /* the guest's ELF bytes */
	size_t image_size;
	struct serial_sink serial;
	uint64_t boot_flags;         /* BOOT_FLAG_*, for boot_info.flags */
	enum mem_window_backing vga; /* the VGA text window: RAM or MMIO */
	bool keys_live;              /* a front end where a person types */
	/* The nesting stage (core/nested.h): 0 off; N runs image as the
	 * guest of N levels of the L1 mini-hypervisor */
	unsigned nested;
	const char *guest_name;      /* image's name, for the hypervisor */
	const uint8_t *hypervisor;   /* the L1 hypervisor's ELF bytes */
	size_t hypervisor_size;
	const char *hypervisor_name; /* ... its name ("hv"), for messages */
	struct net_wire_spec net;    /* --net; zeroed: NET_NONE, no card */
	enum vm_irqchip irqchip;     /* --irqchip; zeroed: USER */
	/* --clock; zeroed: HOST.  INSN needs a backend with insn_count
	 * and no nesting stage (vm_create() refuses it otherwise) */
	enum vm_clock_source clock;
	/* The partitioning stage: the buses answer only where this cell
	 * owns ports and windows (core/cells_own.h); NULL: not a cell */
	const struct cell_config *cell;
};

/*
 * Create RAM, load the image, build the entry state, attach the devices
 * (UART on COM1, exit port) and create the backend.  On an image error
 * returns -ENOEXEC with the reason in err; nothing is left allocated on any
 * failure.
 */
int vm_create(struct vm *vm, const struct vm_config *cfg, char *err,
	      size_t errlen);
void vm_destroy(struct vm *vm);
/*
 * Run to the next exit and dispatch it.  Returns 0 with *exit filled (the
 * record is also pushed to vm->events); vm->state says whether the guest
 * can go on.  Returns a negative errno when the backend itself failed, and
 * VM_RUN_NO_EXIT when vm_attention() interrupted a HLT's wait: nothing
 * ran, the vCPU is still halted and the next call goes on waiting.  A
 * reset the previous exit asked for (vm->reset_requested) happens at the
 * start of the call, so that exit is seen as it was; if the reset fails,
 * VM_RUN_NO_EXIT with vm->state VM_CRASHED.
 * exit must be the same record on every call (see backend.h run()).
 */
#define VM_RUN_NO_EXIT 1
int vm_run_exit(struct vm *vm, struct exit_record *exit);
/*
 * The clock per exit.  vm_run_exit() reads it at three instants: when it
 * resumes the guest (exit_record.resume_ns, and the PIT catches up to it),
 * when the guest exits (t_ns, read by the backend) and when the exit has
 * been handled (handle_ns).  A front end that calls vm_run_exit() again as
 * soon as it has looked at an exit, never waiting in between, makes the
 * third instant the next exit's first: on (the tracer writing to a file,
 * the TUI running flat out), the clock is read twice per exit.  A front
 * end that may wait between exits (a step, a pause, a write to a pipe that
 * blocks) leaves it off, or the wait would count as the guest's run time.
 * Off after vm_create(); a HLT's wait inside vm_run_exit() reads the clock
 * afresh either way.
 */
void vm_resume_at_once(struct vm *vm, bool on);
/* A front end wants its thread back from vm_run_exit() soon: a running
 * guest is kicked out (an INTR exit), a halted one's wait is cut short.
 * Any thread. */
void vm_attention(struct vm *vm);
/* End the run from a device (exit port): state EXITED with status. */
void vm_guest_exit(struct vm *vm, int status);
/* End the run now, from the vCPU thread (a front end's "quit", an exit
 * limit): state STOPPED with the reason given. */
void vm_stop(struct vm *vm, const char *why);
/* Stop the VM at the next exit; safe from any thread or signal handler.
 * The run ends as "stopped by vmscope". */
void vm_request_stop(struct vm *vm);
/* The same, saying why ("stopped by SIGTERM"): why must live as long as
 * the VM (a string constant).  The first reason given is kept. */
void vm_request_stop_why(struct vm *vm, const char *why);
/* On the vCPU thread, between runs: end the run now if a stop was
 * requested, so that no further exit happens.  True when it did. */
bool vm_stop_if_requested(struct vm *vm);
/*
 * Host input: one group of set-1 scancode bytes (a stroke, or one make or
 * break code; n = 0 is a pause) for the guest's keyboard, from any
 * thread.  The group reaches the i8042 when the guest has unmasked IRQ 1
 * and read every byte before it.  0, -EINVAL or -ENOSPC (core/keyqueue.h).
 */
int vm_keys_push(struct vm *vm, const uint8_t *bytes, size_t n);
/* Is exit the guest's HLT in its keyboard wait (the teaching kernel's
 * tty_read) with no key on its way: none queued, none in the i8042, and no
 * person who can type one (keys_live)?  Its timer still ticks, so the HLT
 * alone is no end: a front end with no keys left ends the run there
 * (`vmscope trace`, docs/TRACE.md).  vCPU thread (core/vm_irq.c). */
bool vm_waits_for_key(struct vm *vm, const struct exit_record *exit);
/* The VGA window's pages written since the last call (bit n: page n);
 * any thread (a display). */
uint64_t vm_vga_take_dirty(struct vm *vm);
/* What this machine wires to PIC input irq (core/vm_devices.c): the
 * device's name ("timer", "keyboard", "COM1", "virtio-net" with --net),
 * "cascade" for IRQ 2 (the slave's INT), or NULL for an input nothing
 * drives.  A string constant: it outlives the VM. */
const char *vm_line_name(const struct vm *vm, unsigned irq);
/* Both 8259s for a register view (the TUI's Interrupts panel, the
 * tracer's --pic), wherever they run (core/vm_irq.c: vm_pic_regs()).
 * Read on the vCPU thread between two runs: with the backend's chip the
 * guest changes it while it runs. */
struct vm_pic_state {
	struct pic_regs chip[2];          /* 0 master, 1 slave: vm_pic_regs() */
	const char *name[PIC_NR_IRQS];    /* vm_line_name() of each input */
	bool in_backend;   /* the backend's chip delivers by itself
			      (--irqchip kernel): vmscope injects nothing
			      and does not see what goes in */
};
void vm_pic_state(struct vm *vm, struct vm_pic_state *out);
/* Read the guest-virtual bytes at exit->rip into exit->insn. */
void vm_fetch_insn(struct vm *vm, struct exit_record *exit, uint64_t cr3);

#endif /* CORE_VM_H */
