/*
 * tests/unit/test_vm.c - the exit dispatcher and the VM's life cycle, over
 * the scripted fake backend (tests/unit/support/fake_backend.h), so it runs
 * without /dev/kvm.  The VM itself is real: the built-in hello image, the
 * boot state, the UART and the exit port on the bus.
 */
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/boot.h"
#include "core/clock.h"
#include "core/guests.h"
#include "core/vm.h"
#include "cpu/soft.h"
#include "guest/abi/machine.h"
#include "tests/unit/support/fake_backend.h"

#define RING_SIZE 64

/* UART registers the tests touch, by absolute port (COM1 + offset). */
#define PORT_THR (PORT_COM1 + 0)
#define PORT_LCR (PORT_COM1 + 3)
#define PORT_LSR (PORT_COM1 + 5)
#define PORT_SCR (PORT_COM1 + 7)
#define LSR_IDLE 0x60   /* THRE | TEMT: nothing received, nothing queued */

/* The host end of the serial line. */
struct sink {
	uint8_t bytes[64];
	size_t len;
	uint64_t spin_ns;   /* > 0: each byte takes this long to "send" */
};

static struct sink sink;

static void sink_write(void *opaque, uint8_t byte)
{
	struct sink *s = opaque;
	uint64_t start = clock_now_ns();

	assert_true(s->len < sizeof(s->bytes));
	s->bytes[s->len++] = byte;
	while (clock_now_ns() - start < s->spin_ns)
		;
}

/* ---- fixture: a created VM with an event ring ---- */

struct fixture {
	struct vm vm;
	struct event_ring ring;
	struct exit_record exit;   /* the one record every run uses */
	char err[160];
};

static void hello_config(struct vm_config *cfg)
{
	const struct builtin_guest *g = guests_find("hello");

	assert_non_null(g);
	*cfg = (struct vm_config){
		.backend = &fake_backend_ops,
		.image = g->image,
		.image_size = (size_t)(g->image_end - g->image),
		.serial = { sink_write, &sink },
	};
}

/* Setup for the tests that create (or fail to create) the VM themselves. */
static int reset_fake(void **state)
{
	(void)state;
	fake_backend_reset();
	memset(&sink, 0, sizeof(sink));
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct vm_config cfg;

	reset_fake(state);
	if (!f || event_ring_init(&f->ring, RING_SIZE)) {
		free(f);
		return -1;
	}
	hello_config(&cfg);
	if (vm_create(&f->vm, &cfg, f->err, sizeof(f->err))) {
		event_ring_free(&f->ring);
		free(f);
		return -1;
	}
	f->vm.events = &f->ring;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	vm_destroy(&f->vm);
	event_ring_free(&f->ring);
	free(f);
	return fake_backend.destroys == 1 ? 0 : -1;
}

/* Run one exit that must succeed; returns the state it left. */
static enum vm_state step(struct fixture *f)
{
	assert_int_equal(vm_run_exit(&f->vm, &f->exit), 0);
	return f->vm.state;
}

static void expect_event(struct fixture *f, enum event_kind kind,
			 struct event *ev)
{
	uint64_t lost = 99;

	assert_true(event_ring_pop(&f->ring, ev, &lost));
	assert_int_equal(ev->kind, kind);
	assert_int_equal(lost, 0);
}

static void expect_no_event(struct fixture *f)
{
	struct event ev;
	uint64_t lost;

	assert_false(event_ring_pop(&f->ring, &ev, &lost));
}

/* ---- vm_create / vm_destroy ---- */

static void assert_segment_equal(const struct vcpu_segment *a,
				 const struct vcpu_segment *b)
{
	assert_int_equal(a->base, b->base);
	assert_int_equal(a->limit, b->limit);
	assert_int_equal(a->selector, b->selector);
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->present, b->present);
	assert_int_equal(a->dpl, b->dpl);
	assert_int_equal(a->db, b->db);
	assert_int_equal(a->s, b->s);
	assert_int_equal(a->l, b->l);
	assert_int_equal(a->g, b->g);
	assert_int_equal(a->avl, b->avl);
}

static void assert_sregs_equal(const struct vcpu_sregs *a,
			       const struct vcpu_sregs *b)
{
	assert_segment_equal(&a->cs, &b->cs);
	assert_segment_equal(&a->ds, &b->ds);
	assert_segment_equal(&a->es, &b->es);
	assert_segment_equal(&a->fs, &b->fs);
	assert_segment_equal(&a->gs, &b->gs);
	assert_segment_equal(&a->ss, &b->ss);
	assert_segment_equal(&a->tr, &b->tr);
	assert_segment_equal(&a->ldt, &b->ldt);
	assert_memory_equal(&a->gdt, &b->gdt, sizeof(a->gdt));
	assert_memory_equal(&a->idt, &b->idt, sizeof(a->idt));
	assert_int_equal(a->cr0, b->cr0);
	assert_int_equal(a->cr3, b->cr3);
	assert_int_equal(a->cr4, b->cr4);
	assert_int_equal(a->efer, b->efer);
}

static void test_create_loads_entry_state(void **state)
{
	struct fixture *f = *state;
	struct fake_cpu *cpu = fake_cpu_of(&f->vm);
	const struct builtin_guest *g = guests_find("hello");
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)g->image;
	struct guest_mem mem;
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;

	assert_int_equal(f->vm.state, VM_RUNNING);
	assert_int_equal(fake_backend.creates, 1);
	assert_int_equal(fake_backend.set_sregs_calls, 1);
	assert_int_equal(fake_backend.set_regs_calls, 1);
	assert_int_equal(f->vm.image.entry, eh->e_entry);
	assert_int_equal(cpu->regs.rip, eh->e_entry);
	assert_int_equal(cpu->regs.rsp, BOOT_STACK_TOP);
	assert_int_equal(cpu->regs.rdi, BOOT_INFO);
	assert_int_equal(cpu->regs.rflags, RFLAGS_FIXED);

	/* Exactly what boot_build makes for this entry, nothing else. */
	assert_int_equal(guest_mem_init(&mem, VM_DEFAULT_RAM), 0);
	assert_int_equal(boot_build(&mem, eh->e_entry, 0, &regs, &sregs), 0);
	guest_mem_destroy(&mem);
	assert_memory_equal(&cpu->regs, &regs, sizeof(regs));
	assert_sregs_equal(&cpu->sregs, &sregs);
	assert_int_equal(f->vm.mem.size, VM_DEFAULT_RAM);
	assert_non_null(f->vm.uart);
	assert_non_null(f->vm.exitport);
}

/* boot_info.tsc_khz: what the backend says of its TSC (the soft CPU's
 * counts nanoseconds: 1 GHz), 0 from a backend that cannot say. */
static uint64_t boot_tsc_khz(const struct backend_ops *backend)
{
	struct vm_config cfg;
	struct vm vm;
	char err[160];
	uint64_t khz = 42;

	hello_config(&cfg);
	cfg.backend = backend;
	assert_int_equal(vm_create(&vm, &cfg, err, sizeof(err)), 0);
	assert_int_equal(guest_mem_read(&vm.mem, BOOT_INFO +
					offsetof(struct boot_info, tsc_khz),
					&khz, sizeof(khz)), 0);
	vm_destroy(&vm);
	return khz;
}

static void test_boot_info_tsc_khz(void **state)
{
	(void)state;
	assert_int_equal(boot_tsc_khz(&soft_backend_ops), 1000000);
	assert_int_equal(boot_tsc_khz(&fake_backend_ops), 0);
}

static void test_create_backend_fails(void **state)
{
	struct vm_config cfg;
	struct vm vm;
	char err[160], want[160];

	(void)state;
	hello_config(&cfg);
	fake_backend.create_err = -ENODEV;
	assert_int_equal(vm_create(&vm, &cfg, err, sizeof(err)), -ENODEV);
	snprintf(want, sizeof(want), "fake backend: %s", strerror(ENODEV));
	assert_string_equal(err, want);
	assert_int_equal(fake_backend.creates, 1);
	assert_int_equal(fake_backend.set_sregs_calls, 0);
	assert_int_equal(fake_backend.set_regs_calls, 0);
	assert_int_equal(fake_backend.destroys, 0);
	assert_null(vm.uart);
	assert_null(vm.exitport);
}

/* The backend was created, then refused the state: vm_create must have it
 * destroy itself (ASan reports the fake_cpu otherwise). */
static void test_create_set_sregs_fails(void **state)
{
	struct vm_config cfg;
	struct vm vm;
	char err[160], want[160];

	(void)state;
	hello_config(&cfg);
	fake_backend.set_sregs_err = -EINVAL;
	assert_int_equal(vm_create(&vm, &cfg, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "fake backend: %s", strerror(EINVAL));
	assert_string_equal(err, want);
	assert_int_equal(fake_backend.destroys, 1);
	assert_int_equal(fake_backend.set_regs_calls, 0);
	assert_null(vm.backend_state);
}

static void test_create_bad_image(void **state)
{
	static const uint8_t zeros[16];
	struct vm_config cfg;
	struct guest_mem mem;
	struct elf_image image;
	struct vm vm;
	char err[160], want[160];

	(void)state;
	hello_config(&cfg);
	cfg.image = zeros;
	cfg.image_size = sizeof(zeros);
	assert_int_equal(vm_create(&vm, &cfg, err, sizeof(err)), -ENOEXEC);
	assert_int_equal(fake_backend.creates, 0);

	/* The reason is the loader's own, word for word. */
	assert_int_equal(guest_mem_init(&mem, 4ULL << 20), 0);
	assert_int_equal(elf_load(zeros, sizeof(zeros), &mem, NULL, &image,
				  want, sizeof(want)), -ENOEXEC);
	guest_mem_destroy(&mem);
	assert_true(want[0] != '\0');
	assert_string_equal(err, want);
}

static void test_destroy_frees_backend(void **state)
{
	struct vm_config cfg;
	struct vm vm;
	char err[160];

	(void)state;
	hello_config(&cfg);
	assert_int_equal(vm_create(&vm, &cfg, err, sizeof(err)), 0);
	vm_destroy(&vm);
	assert_int_equal(fake_backend.destroys, 1);
	assert_null(vm.backend_state);
	assert_null(vm.uart);
	assert_null(vm.exitport);
}

/* ---- port I/O ---- */

static void test_out_thr_reaches_sink(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_io_step(PORT_LCR, IO_IN, 1, NULL),
		fake_io_step(PORT_THR, IO_OUT, 1, "H"),
	};
	struct event ev;

	fake_backend_script(steps, 2);
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(f->exit.u.io.data[0], 0x00);   /* reset: DLAB = 0 */
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(sink.len, 1);
	assert_int_equal(sink.bytes[0], 'H');

	expect_event(f, EVENT_EXIT, &ev);
	assert_int_equal(ev.u.exit.u.io.port, PORT_LCR);
	expect_event(f, EVENT_SERIAL_TX, &ev);
	assert_int_equal(ev.u.byte, 'H');
	expect_event(f, EVENT_EXIT, &ev);
	assert_int_equal(ev.u.exit.seq, 2);
	assert_int_equal(ev.u.exit.reason, EXIT_IO);
	assert_int_equal(ev.u.exit.u.io.port, PORT_THR);
	assert_int_equal(ev.u.exit.u.io.direction, IO_OUT);
	expect_no_event(f);
}

static void test_in_lsr_completes_exit(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_io_step(PORT_LSR, IO_IN, 1, NULL),
		fake_reason_step(EXIT_DEBUG),
	};

	fake_backend_script(steps, 2);
	assert_int_equal(step(f), VM_RUNNING);
	assert_ptr_equal(f->exit.u.io.data, fake_backend.io_buf);
	assert_int_equal(fake_backend.io_buf[0], LSR_IDLE);
	assert_int_equal(fake_backend.io_buf[1], 0xcc);   /* only size bytes */

	/* The next run() finds the completed IN, ready for the guest. */
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(fake_backend.entry[1].reason, EXIT_IO);
	assert_int_equal(fake_backend.entry[1].seq, 1);
	assert_int_equal(fake_backend.entry[1].u.io.port, PORT_LSR);
	assert_int_equal(fake_backend.entry[1].u.io.direction, IO_IN);
	assert_int_equal(fake_backend.entry_io[1][0], LSR_IDLE);
	assert_int_equal(sink.len, 0);
}

/* An exit event keeps the IN's data after the backend's buffer is reused:
 * a reader on another thread sees the value the guest got. */
static void test_exit_event_keeps_io_data(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_io_step(PORT_LSR, IO_IN, 1, NULL),
	};
	struct event ev;

	fake_backend_script(steps, 1);
	assert_int_equal(step(f), VM_RUNNING);
	fake_backend.io_buf[0] = 0x11;          /* the next exit's data */
	expect_event(f, EVENT_EXIT, &ev);
	assert_ptr_equal(ev.u.exit.u.io.data, ev.io_data);
	assert_int_equal(exit_io_value(&ev.u.exit.u.io, 0), LSR_IDLE);
}

static void test_scratch_round_trip(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_io_step(PORT_SCR, IO_OUT, 1, "\xa5"),
		fake_io_step(PORT_SCR, IO_IN, 1, NULL),
		fake_reason_step(EXIT_DEBUG),
	};

	fake_backend_script(steps, 3);
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(f->exit.u.io.data[0], 0xa5);
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(fake_backend.entry_io[2][0], 0xa5);
	assert_int_equal(sink.len, 0);
	assert_int_equal(f->vm.bus.pio.unclaimed.reads, 0);
	assert_int_equal(f->vm.bus.pio.unclaimed.writes, 0);
}

static void test_rep_outs(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_io_step(PORT_THR, IO_OUT, 3, "abc"),
	};
	struct event ev;

	fake_backend_script(steps, 1);
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(sink.len, 3);
	assert_memory_equal(sink.bytes, "abc", 3);
	for (int i = 0; i < 3; i++) {
		expect_event(f, EVENT_SERIAL_TX, &ev);
		assert_int_equal(ev.u.byte, "abc"[i]);
	}
	expect_event(f, EVENT_EXIT, &ev);
	assert_int_equal(ev.u.exit.u.io.count, 3);
	expect_no_event(f);
	assert_int_equal(f->vm.stats.by_reason[EXIT_IO].count, 1);
}

/* rep insb: every element is its own read of the port. */
static void test_rep_ins(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_io_step(PORT_SCR, IO_OUT, 1, "\x5a"),
		fake_io_step(PORT_SCR, IO_IN, 3, NULL),
	};

	fake_backend_script(steps, 2);
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(step(f), VM_RUNNING);
	assert_memory_equal(fake_backend.io_buf, "\x5a\x5a\x5a\xcc", 4);
}

/* ---- MMIO ---- */

static void test_mmio_unclaimed(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_mmio_step(MMIO_WINDOW, true, 0x12345678),
		fake_mmio_step(MMIO_WINDOW, false, 0),
		fake_reason_step(EXIT_DEBUG),
	};
	const uint8_t want[8] = { 0xff, 0xff, 0xff, 0xff,
				  0xcc, 0xcc, 0xcc, 0xcc };

	fake_backend_script(steps, 3);
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(f->vm.bus.mmio.unclaimed.writes, 1);
	assert_int_equal(f->vm.bus.mmio.unclaimed.reads, 0);
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(exit_mmio_value(&f->exit.u.mmio), 0xffffffff);
	assert_memory_equal(f->exit.u.mmio.data, want, 8);
	assert_int_equal(f->vm.bus.mmio.unclaimed.reads, 1);
	assert_int_equal(f->vm.bus.mmio.unclaimed.writes, 1);

	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(fake_backend.entry[2].reason, EXIT_MMIO);
	assert_memory_equal(fake_backend.entry[2].u.mmio.data, want, 8);
	assert_int_equal(f->vm.stats.by_reason[EXIT_MMIO].count, 2);
}

/* ---- the ways a run ends ---- */

static void test_exit_port(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_io_step(PORT_EXIT, IO_OUT, 1, "\x07"),
		fake_reason_step(EXIT_DEBUG),
	};

	fake_backend_script(steps, 2);
	assert_int_equal(step(f), VM_EXITED);
	assert_int_equal(f->vm.exit_status, 7);
	assert_string_equal(f->vm.end_reason, "guest exited with status 7");
	assert_int_equal(vm_run_exit(&f->vm, &f->exit), -EINVAL);
	assert_int_equal(fake_backend.runs, 1);
	assert_int_equal(f->exit.seq, 1);
	assert_int_equal(f->vm.stats.total, 1);

	/* The first end wins: a later stop does not rewrite it. */
	vm_stop(&f->vm, "late");
	assert_int_equal(f->vm.state, VM_EXITED);
	assert_string_equal(f->vm.end_reason, "guest exited with status 7");
}

static void test_hlt_interrupts_off(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = { fake_reason_step(EXIT_HLT) };

	fake_backend_script(steps, 1);
	assert_int_equal(step(f), VM_HALTED);
	assert_string_equal(f->vm.end_reason,
			    "guest halted (HLT with interrupts off)");
	assert_int_equal(f->vm.stats.by_reason[EXIT_HLT].count, 1);
}

static void test_hlt_interrupts_on(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = { fake_reason_step(EXIT_HLT) };

	fake_cpu_of(&f->vm)->regs.rflags |= RFLAGS_IF;
	fake_backend_script(steps, 1);
	assert_int_equal(step(f), VM_HALTED);
	assert_string_equal(f->vm.end_reason,
			    "guest halted (HLT with interrupts on, but no "
			    "device can raise an unmasked interrupt line)");
}

static void expect_crash(struct fixture *f, const struct fake_step *s,
			 const char *why)
{
	struct event ev;

	fake_backend_script(s, 1);
	assert_int_equal(step(f), VM_CRASHED);
	assert_string_equal(f->vm.end_reason, why);
	expect_event(f, EVENT_EXIT, &ev);
	assert_int_equal(ev.u.exit.reason, s->rec.reason);
	assert_int_equal(vm_run_exit(&f->vm, &f->exit), -EINVAL);
	assert_int_equal(fake_backend.runs, 1);
}

static void test_crash_shutdown(void **state)
{
	struct fake_step s = fake_reason_step(EXIT_SHUTDOWN);

	expect_crash(*state, &s, "SHUTDOWN(8): the guest triple-faulted");
}

static void test_crash_fail_entry(void **state)
{
	struct fake_step s = fake_reason_step(EXIT_FAIL_ENTRY);

	s.rec.u.fail_entry.hw_reason = 0x80000021;
	expect_crash(*state, &s, "FAIL_ENTRY(9): the CPU refused to enter "
		     "the guest (hardware reason 0x80000021)");
}

static void test_crash_internal_error(void **state)
{
	struct fake_step s = fake_reason_step(EXIT_INTERNAL_ERROR);

	s.rec.u.internal.suberror = 1;
	expect_crash(*state, &s, "INTERNAL_ERROR(17): the fake backend could "
		     "not execute the guest's instruction (suberror 1)");
}

static void test_crash_unknown_reason(void **state)
{
	struct fixture *f = *state;
	struct fake_step s = fake_reason_step(99);

	expect_crash(f, &s, "UNKNOWN(99): an exit vmscope does not handle");
	assert_int_equal(f->vm.stats.other.count, 1);
	assert_int_equal(f->vm.stats.total, 1);
}

static void test_debug_intr_then_stop_request(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_reason_step(EXIT_DEBUG),
		fake_reason_step(EXIT_INTR),
		fake_reason_step(EXIT_INTR),
	};

	fake_backend_script(steps, 3);
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(step(f), VM_RUNNING);
	assert_int_equal(fake_backend.kicks, 0);
	vm_request_stop(&f->vm);
	assert_int_equal(fake_backend.kicks, 1);
	assert_int_equal(f->vm.state, VM_RUNNING);   /* only at the next exit */
	assert_int_equal(step(f), VM_STOPPED);
	assert_string_equal(f->vm.end_reason, "stopped by vmscope");
	assert_int_equal(f->exit.seq, 3);
	assert_int_equal(vm_run_exit(&f->vm, &f->exit), -EINVAL);
	assert_int_equal(fake_backend.runs, 3);
}

/* A stop with a reason (a signal, the window's close button) ends the
 * run with that reason, the first one given; taken between runs, it ends
 * the run without another exit (the --step prompt's Ctrl-C). */
static void test_stop_request_with_a_reason(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = { fake_reason_step(EXIT_INTR) };

	fake_backend_script(steps, 1);
	assert_int_equal(step(f), VM_RUNNING);
	assert_false(vm_stop_if_requested(&f->vm));
	assert_int_equal(f->vm.state, VM_RUNNING);
	vm_request_stop_why(&f->vm, "stopped by SIGTERM");
	vm_request_stop_why(&f->vm, "stopped by Ctrl-C (SIGINT)");
	assert_true(vm_stop_if_requested(&f->vm));
	assert_int_equal(f->vm.state, VM_STOPPED);
	assert_string_equal(f->vm.end_reason, "stopped by SIGTERM");
	assert_int_equal(fake_backend.runs, 1);
}

static void test_vm_stop(void **state)
{
	struct fixture *f = *state;

	vm_stop(&f->vm, "why");
	assert_int_equal(f->vm.state, VM_STOPPED);
	assert_string_equal(f->vm.end_reason, "why");
	assert_int_equal(vm_run_exit(&f->vm, &f->exit), -EINVAL);
	assert_int_equal(fake_backend.runs, 0);
}

static void test_backend_run_fails(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = { { .err = -EIO } };

	fake_backend_script(steps, 1);
	assert_int_equal(vm_run_exit(&f->vm, &f->exit), -EIO);
	assert_int_equal(f->vm.state, VM_CRASHED);
	assert_string_equal(f->vm.end_reason,
			    "the backend failed to run the vCPU");
	assert_int_equal(f->vm.stats.total, 0);
	expect_no_event(f);
}

/* ---- sequence numbers, stats, timing ---- */

static void test_seq_and_stats(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_io_step(PORT_THR, IO_OUT, 1, "x"),
		fake_io_step(PORT_LSR, IO_IN, 1, NULL),
		fake_mmio_step(MMIO_WINDOW, false, 0),
		fake_reason_step(EXIT_HLT),
	};
	struct exit_stats *st = &f->vm.stats;
	uint64_t io_ns = 0;

	fake_backend_script(steps, 4);
	for (uint64_t seq = 1; seq <= 4; seq++) {
		step(f);
		assert_int_equal(f->exit.seq, seq);
		if (f->exit.reason == EXIT_IO)
			io_ns += f->exit.handle_ns;
	}
	assert_int_equal(f->vm.state, VM_HALTED);
	assert_int_equal(st->total, 4);
	assert_int_equal(st->by_reason[EXIT_IO].count, 2);
	assert_int_equal(st->by_reason[EXIT_IO].total_ns, io_ns);
	assert_int_equal(st->by_reason[EXIT_MMIO].count, 1);
	assert_int_equal(st->by_reason[EXIT_HLT].count, 1);
	assert_int_equal(st->by_reason[EXIT_HLT].total_ns, f->exit.handle_ns);
	assert_int_equal(st->by_reason[EXIT_DEBUG].count, 0);
	assert_int_equal(st->other.count, 0);
}

/* The handling time runs from t_ns to the end of the dispatch: a sink that
 * takes 2 ms per byte must show up in it, and in the event. */
static void test_handle_time(void **state)
{
	struct fixture *f = *state;
	const struct fake_step steps[] = {
		fake_io_step(PORT_THR, IO_OUT, 1, "s"),
	};
	uint64_t before, after;
	struct event ev;

	sink.spin_ns = 2000000;
	fake_backend_script(steps, 1);
	before = clock_now_ns();
	step(f);
	after = clock_now_ns();
	assert_true(f->exit.t_ns >= before);
	assert_true(f->exit.handle_ns >= sink.spin_ns);
	assert_true(f->exit.handle_ns <= after - f->exit.t_ns);
	assert_int_equal(f->vm.stats.by_reason[EXIT_IO].max_ns,
			 f->exit.handle_ns);
	expect_event(f, EVENT_SERIAL_TX, &ev);
	assert_true(ev.t_ns >= f->exit.t_ns);
	expect_event(f, EVENT_EXIT, &ev);
	assert_int_equal(ev.t_ns, f->exit.t_ns);
	assert_int_equal(ev.u.exit.handle_ns, f->exit.handle_ns);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define T_BARE(fn) cmocka_unit_test_setup(fn, reset_fake)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_loads_entry_state),
		T_BARE(test_boot_info_tsc_khz),
		T_BARE(test_create_backend_fails),
		T_BARE(test_create_set_sregs_fails),
		T_BARE(test_create_bad_image),
		T_BARE(test_destroy_frees_backend),
		T(test_out_thr_reaches_sink),
		T(test_in_lsr_completes_exit),
		T(test_exit_event_keeps_io_data),
		T(test_scratch_round_trip),
		T(test_rep_outs),
		T(test_rep_ins),
		T(test_mmio_unclaimed),
		T(test_exit_port),
		T(test_hlt_interrupts_off),
		T(test_hlt_interrupts_on),
		T(test_crash_shutdown),
		T(test_crash_fail_entry),
		T(test_crash_internal_error),
		T(test_crash_unknown_reason),
		T(test_debug_intr_then_stop_request),
		T(test_stop_request_with_a_reason),
		T(test_vm_stop),
		T(test_backend_run_fails),
		T(test_seq_and_stats),
		T(test_handle_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
