/*
 * tests/fuzz/fuzz_machine.c - fuzz target: every device of the PC wired
 * together as a VM has them (core/vm_devices.c), with the vCPU side's INTA
 * cycles and machine resets.
 *
 * The devices alone are fuzzed one by one (fuzz_uart.c ...); here what
 * they do to each other is: the UART, PIT and i8042 drive PIC lines, the
 * PIC's INTR is acknowledged, a reset comes in the middle of anything.
 * Each step starts with one byte, op:
 *   bit 0 = 0   a port access as fuzz_bus.h's, at one of the machine's
 *               ports (the next byte picks it from ports[]; past the table's
 *               end, a 16-bit port number follows);
 *   bit 0 = 1   a host event, op >> 1: a key's bytes into the i8042
 *               (0: a count 0-8, then the bytes), a byte into the UART (1),
 *               the PIT catching up with host time (2), the INTA cycle
 *               when INTR is up (3), the reset line's reboot of every
 *               device (4), an MMIO access to the VGA window (5: a 16-bit
 *               offset, then fuzz_mmio_access()'s bytes).
 * The window has MMIO backing, the stage where it is a device.  Guest RAM
 * (4 MiB) and the devices are made once, and reset before each input.
 */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/vm.h"
#include "core/vm_devices.h"
#include "devices/i8042.h"
#include "devices/pit8254.h"
#include "devices/uart16550.h"
#include "guest/abi/machine.h"
#include "tests/fuzz/support/fuzz_bus.h"

#define FUZZ_MACHINE_RAM (4ULL << 20)
#define FUZZ_KEY_MAX 8

/* Every port a device claims, and one nobody does. */
static const uint16_t ports[] = {
	PORT_PIC_MASTER, PORT_PIC_MASTER + 1, PORT_PIC_SLAVE, PORT_PIC_SLAVE + 1,
	PORT_PIT, PORT_PIT + 1, PORT_PIT + 2, PORT_PIT + 3,
	PORT_I8042_DATA, PORT_I8042_CMD,
	PORT_COM1, PORT_COM1 + 1, PORT_COM1 + 2, PORT_COM1 + 3,
	PORT_COM1 + 4, PORT_COM1 + 5, PORT_COM1 + 6, PORT_COM1 + 7,
	PORT_VGA_CRTC_INDEX, PORT_VGA_CRTC_DATA, PORT_EXIT, PORT_POST,
};
#define NPORTS (sizeof(ports) / sizeof(ports[0]))

static void port_access(struct vm *vm, uint8_t op, struct fuzz_input *in)
{
	uint8_t pick = fuzz_u8(in);
	uint16_t port = pick < NPORTS ? ports[pick] : fuzz_u16(in);

	fuzz_bus_access(in, &vm->bus, op, port);
}

static void host_event(struct vm *vm, unsigned event, struct fuzz_input *in)
{
	uint8_t key[FUZZ_KEY_MAX];
	size_t n;

	switch (event % 6) {
	case 0:
		n = fuzz_u8(in) % (FUZZ_KEY_MAX + 1);
		fuzz_bytes(in, key, n);
		i8042_push_bytes(vm->kbd, key, n);
		break;
	case 1:
		uart16550_receive(vm->uart, fuzz_u8(in));
		break;
	case 2:
		pit_update(vm->pit, clock_now_ns());
		break;
	case 3:
		if (pic_has_interrupt(vm->pic) && pic_acknowledge(vm->pic) > 255)
			abort();
		break;
	case 4:
		vm_reset_devices(vm);
		break;
	default:
		fuzz_mmio_access(in, &vm->bus, VGA_TEXT_BASE +
				 fuzz_u16(in) % VGA_TEXT_WINDOW);
	}
}

/*
 * The machine is made once: attaching every device per input cost more
 * than most inputs run.  Each input starts from the state the machine's
 * own reset line gives (vm_reset_devices(), which test_vm_reset checks
 * equals a fresh machine's), with the VGA window blank and the VM running.
 */
static void fresh_machine(struct vm *vm)
{
	static const uint8_t blank[VGA_TEXT_WINDOW];

	if (!vm->mem.host &&
	    (guest_mem_init(&vm->mem, FUZZ_MACHINE_RAM) < 0 ||
	     guest_mem_set_window(&vm->mem, VGA_TEXT_BASE, VGA_TEXT_WINDOW,
				  MEM_WINDOW_MMIO) < 0 ||
	     vm_attach_devices(vm) < 0))
		abort();
	vm_reset_devices(vm);
	guest_mem_write(&vm->mem, VGA_TEXT_BASE, blank, sizeof(blank));
	guest_mem_take_dirty(&vm->mem);
	vm->state = VM_RUNNING;
	vm->reset_requested = false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vm vm;
	struct fuzz_input in;

	fresh_machine(&vm);
	fuzz_input_init(&in, data, size);
	while (!fuzz_input_done(&in)) {
		uint8_t op = fuzz_u8(&in);

		if (op & 1)
			host_event(&vm, op >> 1, &in);
		else
			port_access(&vm, op, &in);
	}
	return 0;
}
