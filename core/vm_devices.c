/*
 * core/vm_devices.c - the machine's devices, attached in one readable
 * place, with the wires between them.
 *
 *   port           device                     interrupt line
 *   0x20, 0xa0     8259A PIC pair             -> the CPU's INTR pin
 *   0x40-0x43      8254 PIT                   IRQ 0
 *   0x60, 0x64     i8042 keyboard controller  IRQ 1; reset line -> reboot
 *   0x3f8-0x3ff    16550 UART (COM1)          IRQ 4
 *   0x3d4, 0x3d5   VGA CRT controller         -   (+ the text window's
 *                                                  MMIO mode, 0xb8000)
 *   0xf4           exit port                  -
 *   0xd0200000     virtio-net (MMIO; --net)   IRQ 5
 *
 * A device's output goes to the PIC through a struct vm_line (which PIC
 * input it drives), as the wires on a PC's board do; vm_line_set() takes
 * it to vmscope's 8259 or, with --irqchip kernel, to the backend's chip.  The INTR pin itself
 * is looked at by core/vm_irq.c before each run: every device call happens
 * on the vCPU thread, so no callback is needed to notice it rising.  The
 * one exception is the network card's worker thread (--net-path vhost,
 * zerocopy), which wakes the vCPU thread to apply its line, and whose
 * eventfd the guest's kicks signal directly (core/vm_net.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/events.h"
#include "core/vm_clock.h"
#include "core/vm_devices.h"
#include "core/vm_irq.h"
#include "devices/exitport.h"
#include "devices/i8042.h"
#include "devices/pit8254.h"
#include "devices/uart16550.h"
#include "devices/vga_text.h"
#include "devices/virtio_net.h"
#include "guest/abi/machine.h"

/* Every byte the UART transmits: into the event stream, then to the host. */
static void on_serial_byte(void *opaque, uint8_t byte)
{
	struct vm *vm = opaque;
	struct event ev;

	if (vm->events) {
		ev.kind = EVENT_SERIAL_TX;
		ev.t_ns = vm_now_ns(vm);
		ev.u.byte = byte;
		event_ring_push(vm->events, &ev);
	}
	if (vm->serial.write)
		vm->serial.write(vm->serial.opaque, byte);
}

void vm_devices_name_io(struct vm *vm, const struct bus_range *r,
			struct exit_io *io)
{
	io->reg = NULL;
	io->text = false;
	if (r && r->opaque == vm->uart)
		io->reg = uart16550_reg_name(vm->uart,
					     (unsigned)(io->port - r->base),
					     io->direction == IO_OUT,
					     &io->text);
}

static void on_guest_exit(void *opaque, int status)
{
	vm_guest_exit(opaque, status);
}

/* The i8042's reset line (command 0xfe): the machine restarts after the
 * exit that pulsed it is dispatched (core/vm.c). */
static void on_reset_line(void *opaque)
{
	struct vm *vm = opaque;

	vm->reset_requested = true;
}

/* The machine's map of its interrupt lines: the one place that says
 * which device drives which PIC input, and under what name. */
static struct vm_line *line(struct vm *vm, unsigned irq, const char *name)
{
	vm->lines[irq] = (struct vm_line){ .vm = vm, .irq = irq,
					   .name = name };
	return &vm->lines[irq];
}

static int attach_serial(struct vm *vm)
{
	struct serial_sink uart_sink = { on_serial_byte, vm };
	int err;

	err = uart16550_init(&vm->uart, &vm->bus, PORT_COM1, &uart_sink);
	if (err)
		return err;
	uart16550_set_irq(vm->uart, vm_line_set, line(vm, IRQ_COM1, "COM1"));
	err = exitport_init(&vm->exitport, &vm->bus, PORT_EXIT, on_guest_exit,
			    vm);
	if (err) {
		uart16550_free(vm->uart);
		vm->uart = NULL;
	}
	return err;
}

/* The PIT counts the machine's time (core/vm_clock.h). */
static uint64_t pit_clock(void *opaque)
{
	return vm_now_ns(opaque);
}

static int attach_timer_and_keyboard(struct vm *vm)
{
	int err;

	err = pit_init(&vm->pit, &vm->bus, pit_clock, vm);
	if (err)
		return err;
	pit_set_irq(vm->pit, vm_line_set, line(vm, IRQ_TIMER, "timer"));
	err = i8042_init(&vm->kbd, &vm->bus, on_reset_line, vm);
	if (err) {
		pit_free(vm->pit);
		vm->pit = NULL;
		return err;
	}
	i8042_set_irq(vm->kbd, vm_line_set, line(vm, IRQ_KEYBOARD, "keyboard"));
	return 0;
}

/* What the virtio transport refuses or finds broken: on stderr, where a
 * person running the guest sees it beside the trace. */
static void on_virtio_log(void *opaque, const char *msg)
{
	(void)opaque;
	fprintf(stderr, "vmscope: %s\n", msg);
}

/* The network worker changed the card's interrupt line: the vCPU thread
 * applies it between two runs (core/vm_irq.c), so wake it. */
static void on_net_wake(void *opaque)
{
	struct vm *vm = opaque;

	waker_wake(&vm->waker);
}

int vm_attach_net(struct vm *vm, const struct net_wire_spec *spec, char *err,
		  size_t errlen)
{
	static const uint8_t mac[6] = VIRTIO_NET_MAC;
	struct virtio_net_setup setup;
	struct net_wire wire;
	char why[160];
	int ret;

	if (spec->kind == NET_NONE)
		return 0;
	ret = net_wire_open(spec, mac, &wire, why, sizeof(why));
	if (ret) {
		snprintf(err, errlen, "--net: %s", why);
		return ret;
	}
	setup = (struct virtio_net_setup){ .bus = &vm->bus,
		.base = VIRTIO_NET_MMIO, .mem = &vm->mem, .wire = &wire,
		.path = spec->path, .log = on_virtio_log, .wake = on_net_wake,
		.opaque = vm };
	ret = virtio_net_init(&vm->net, &setup);
	if (ret) {
		net_wire_close(&wire);
		snprintf(err, errlen, "--net: cannot attach virtio-net: %s",
			 strerror(-ret));
		return ret;
	}
	virtio_net_set_irq(vm->net, vm_line_set, line(vm, IRQ_VIRTIO_NET, "virtio-net"));
	return 0;
}

int vm_attach_devices(struct vm *vm)
{
	int err;

	bus_init(&vm->bus);
	err = pic_init(&vm->pic, &vm->bus);
	if (err)
		return err;
	err = attach_timer_and_keyboard(vm);
	if (err)
		goto err_pic;
	err = attach_serial(vm);
	if (err)
		goto err_timer;
	err = vga_text_init(&vm->vga, &vm->bus, &vm->mem);
	if (err)
		goto err_serial;
	return 0;

err_serial:
	exitport_free(vm->exitport);
	uart16550_free(vm->uart);
	vm->exitport = NULL;
	vm->uart = NULL;
err_timer:
	i8042_free(vm->kbd);
	pit_free(vm->pit);
err_pic:
	pic_free(vm->pic);
	vm->kbd = NULL;
	vm->pit = NULL;
	vm->pic = NULL;
	return err;
}

void vm_detach_devices(struct vm *vm)
{
	virtio_net_free(vm->net);
	vm->net = NULL;
	vga_text_free(vm->vga);
	vm->vga = NULL;
	exitport_free(vm->exitport);
	uart16550_free(vm->uart);
	i8042_free(vm->kbd);
	pit_free(vm->pit);
	pic_free(vm->pic);
	vm->exitport = NULL;
	vm->uart = NULL;
	vm->kbd = NULL;
	vm->pit = NULL;
	vm->pic = NULL;
}

void vm_reset_devices(struct vm *vm)
{
	if (vm->net)
		virtio_net_reset(vm->net);
	uart16550_reset(vm->uart);
	vga_text_reset(vm->vga);
	i8042_reset(vm->kbd);
	pit_reset(vm->pit);
	pic_reset(vm->pic);
}
