/*
 * tests/unit/support/fake_backend.h - a scripted backend, so tests can
 * drive core/vm.c (vm_create, the exit dispatcher) without /dev/kvm.
 *
 * run() returns the next record of a script and, on entry, keeps a copy of
 * *exit and of its I/O buffer: that is the previous exit as the dispatcher
 * completed it (IN data, MMIO read data), which a real backend would hand
 * to the guest.  The registers live in a struct fake_cpu that create()
 * allocates and destroy() frees, so ASan's leak check sees a backend that
 * was never destroyed.  All state is one global: one VM at a time.
 *
 * With vm->irqchip KERNEL at create() the fake has the interrupt
 * controller in the backend, as KVM's in-kernel 8259: an 8259 of its own
 * (chip) on a bus of its own (chip_bus), which a test programs as a guest
 * would - with no exit, since the guest's ports stay in the backend.
 * Device lines go to it (set_irq_line), vmscope reads it through
 * get_pic_regs (counted: KVM's is the ioctl KVM_GET_IRQCHIP), and reset()
 * puts it back as created, edge memory and all (KVM_SET_IRQCHIP of the
 * state read at creation); halted_inside() answers `halted`
 * (KVM_GET_MP_STATE).  A line has two sources there, as in KVM's
 * irq_states[]: vmscope's KVM_IRQ_LINE (set_irq_line) and a resample
 * irqfd (set_irqfd; fake_backend_irqfd_signal() stands for a write to its
 * eventfd), and the chip sees their OR.  The irqfd's level drops only when
 * the irqfd is removed (KVM's resampler shutdown); reset() leaves both
 * sources alone, as KVM_SET_IRQCHIP does.  KVM's 8259 keeps the request
 * of a rising edge on an edge-triggered line whatever the line does after
 * (i8259.c, pic_set_irq1() clears only last_irr when it falls), where
 * vmscope's 8259 drops it: `rises` counts the rising edges the chip got
 * since its power-on, each a request KVM would keep.
 */
#ifndef TESTS_UNIT_SUPPORT_FAKE_BACKEND_H
#define TESTS_UNIT_SUPPORT_FAKE_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/bus.h"
#include "core/vm.h"
#include "devices/pic8259.h"

#define FAKE_MAX_RUNS 8
#define FAKE_IO_BUF_SIZE 16

/* One scripted exit: the record run() returns, or (err != 0) the error it
 * fails with.  For IO, data is copied into the fake's own buffer, which
 * rec.u.io.data then points to. */
struct fake_step {
	struct exit_record rec;
	uint8_t data[FAKE_IO_BUF_SIZE];
	int err;
};

/* What the fake was told to do, and what it saw. */
struct fake_backend {
	const struct fake_step *script;
	size_t script_len;
	int create_err;      /* create() fails with this */
	int set_sregs_err;   /* set_sregs() fails with this */
	int creates, destroys, resets, set_regs_calls, set_sregs_calls, runs,
	    kicks;
	struct exit_record entry[FAKE_MAX_RUNS];         /* *exit on entry */
	uint8_t entry_io[FAKE_MAX_RUNS][FAKE_IO_BUF_SIZE]; /* io_buf then */
	uint8_t io_buf[FAKE_IO_BUF_SIZE];   /* the backend's I/O buffer */
	bool irq_blocked;    /* interrupt_ready() says no (IF = 0) */
	uint8_t injected[FAKE_MAX_RUNS];    /* vectors, in order */
	int injections;
	bool window;                        /* an interrupt window is asked */
	/* the controller in the backend (see above) */
	struct bus chip_bus;
	struct pic8259 *chip;
	int pic_reads;                      /* get_pic_regs() calls */
	bool halted;                        /* halted_inside() says */
	int halted_asks;                    /* halted_inside() calls */
	uint16_t line_user, line_irqfd;     /* the two sources, a bit a line */
	uint16_t chip_lines;                /* their OR, as the chip saw it */
	int rises[PIC_NR_IRQS];             /* rising edges since power-on */
	int irqfd_irq;                      /* the registered irqfd's, or -1 */
};

/* The vCPU the fake "runs": vm->backend_state. */
struct fake_cpu {
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;
};

extern struct fake_backend fake_backend;
/* name "fake"; read_counters gives io_exits = 3, halt_exits = 1;
 * flavour is HOST_SOFT. */
extern const struct backend_ops fake_backend_ops;

/* Forget every call, script and error. */
void fake_backend_reset(void);
/* run() call i returns steps[i]; running past the end fails the test. */
void fake_backend_script(const struct fake_step *steps, size_t n);
struct fake_cpu *fake_cpu_of(struct vm *vm);
/* The registered irqfd's eventfd is written: its line goes up. */
void fake_backend_irqfd_signal(void);

/* Steps.  IN data and MMIO read data start as 0xcc bytes, which the
 * dispatcher must overwrite; bytes (count of them) is the OUT data. */
struct fake_step fake_io_step(uint16_t port, uint8_t direction,
			      uint32_t count, const char *bytes);
struct fake_step fake_mmio_step(uint64_t gpa, bool is_write, uint32_t value);
struct fake_step fake_reason_step(uint32_t reason);

#endif /* TESTS_UNIT_SUPPORT_FAKE_BACKEND_H */
