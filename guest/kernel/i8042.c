/*
 * guest/kernel/i8042.c - the PC/AT keyboard controller (an Intel 8042
 * running IBM's firmware).
 *
 * Register and command map from the IBM Personal Computer AT Technical
 * Reference (1984), "Keyboard Controller".  Two ports:
 *   0x60  data: read, the output buffer (a key byte or a command's reply);
 *         write, a byte for the keyboard or a command's argument;
 *   0x64  read, the status register; write, a controller command.
 * The controller is a microcontroller of its own: before each write the
 * driver waits until it has taken the previous one (status IBF clear), and
 * before reading a reply until there is one (status OBF set).
 *
 * The command byte (controller RAM byte 0) says, among other things,
 * whether a byte in the output buffer raises IRQ 1 (KIE) and whether the
 * keyboard's scancode set 2 is translated into the PC/XT's set 1 (XLAT).
 * A BIOS leaves both on; the kernel sets them anyway, by reading the byte,
 * changing its bits and writing it back, so the bits it does not know keep
 * their values.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/i8042.h"
#include "guest/kernel/io.h"

#define STATUS_OBF       0x01 /* output buffer full: port 0x60 has a byte */
#define STATUS_IBF       0x02 /* input buffer full: the 8042 is still busy */

#define CMD_READ_CB      0x20 /* command byte -> output buffer */
#define CMD_WRITE_CB     0x60 /* next byte written to 0x60 -> command byte */
#define CMD_ENABLE_KBD   0xae /* release the keyboard's clock line */
#define CMD_PULSE_RESET  0xfe /* pulse output port bit 0 (CPU reset) low */

#define CB_KIE           0x01 /* IRQ 1 when a keyboard byte arrives */
#define CB_SYS           0x04 /* system flag: the power-on test passed */
#define CB_DISABLE_KBD   0x10 /* keyboard clock held low: no bytes */
#define CB_XLAT          0x40 /* translate to scancode set 1 */

static void wait_input_empty(void)
{
	while (inb(PORT_I8042_CMD) & STATUS_IBF)
		;
}

static void wait_output_full(void)
{
	while (!(inb(PORT_I8042_CMD) & STATUS_OBF))
		;
}

static void send_command(uint8_t command)
{
	wait_input_empty();
	outb(PORT_I8042_CMD, command);
}

static void send_data(uint8_t value)
{
	wait_input_empty();
	outb(PORT_I8042_DATA, value);
}

/*
 * Runs before the PIC is initialised (see interrupts.c): the IRQ 1 edges
 * of the reply below must not be left pending in the PIC.  Any byte still
 * in the output buffer is thrown away first, or it would be read as the
 * reply.
 */
void i8042_init(void)
{
	uint8_t cb;

	while (inb(PORT_I8042_CMD) & STATUS_OBF)
		(void)inb(PORT_I8042_DATA);
	send_command(CMD_READ_CB);
	wait_output_full();
	cb = inb(PORT_I8042_DATA);
	cb |= CB_KIE | CB_SYS | CB_XLAT;
	cb &= (uint8_t)~CB_DISABLE_KBD;
	send_command(CMD_WRITE_CB);
	send_data(cb);
	send_command(CMD_ENABLE_KBD);
}

/*
 * The 8042's output port bit 0 is wired to the CPU's RESET pin (active
 * low).  Commands 0xf0-0xff pulse the output port bits whose command bit
 * is 0 low for about 6 us: 0xfe pulses bit 0 alone.  This is how a PC/AT
 * reboots - the 80286 had no other way back from protected mode.
 */
void i8042_reset_cpu(void)
{
	send_command(CMD_PULSE_RESET);
}
