/*
 * devices/i8042.c - the PC/AT keyboard controller and its keyboard.
 *
 * Behaviour follows the IBM PC/AT Technical Reference (keyboard controller
 * and keyboard sections); the register map is in devices/i8042.h.  The
 * shape follows QEMU's hw/input/pckbd.c and ps2.c, folded into one file
 * because the keyboard here is only a queue and a handful of commands.
 *
 * The output buffer is one byte (port 0x60).  Bytes wait for it in two
 * queues: replies (from the controller's commands and the keyboard's)
 * first, then key bytes.  Replies go first because on the real machine
 * the controller holds the keyboard's clock while it runs a command, so
 * keys wait in the keyboard meanwhile.  Each time the guest reads 0x60 the
 * buffer empties (OBF falls, and with it IRQ 1) and the next byte moves in
 * (OBF and IRQ 1 rise again): one rising edge per byte, which is what an
 * edge-triggered PIC needs.  IRQ 1's level is OBF while the command byte
 * enables the keyboard interrupt (KIE), for every byte - controller
 * replies too, as on the AT.
 *
 * Simplifications:
 *   - The controller is infinitely fast: a command completes as it is
 *     written, so IBF is never seen set and TO and PERR never happen.
 *   - The keyboard sends scancode set 1 as translation produces it; the
 *     XLAT bit is stored and read back but the bytes do not change with
 *     it, and "select scancode set" is acknowledged and ignored.  Replies
 *     (0xfa, 0xaa, ...) are not translated, as on a PC, except for the two
 *     bytes translation does change (identify's 0x83, set 2's number).
 *   - No mouse: the mouse bits of the command byte are stored, MOBF is 0,
 *     commands for the mouse port other than enable/disable are unknown.
 *   - The output port models bits 0 (reset) and 1 (A20); A20 is stored
 *     only - vmscope's guests run in long mode, where it is always on.
 *   - Power-on: as a PC BIOS leaves the controller: command byte 0x45
 *     (KIE, SYS, XLAT), keyboard scanning, output port 0x03.
 *   - The keyboard's buffer is the 256-byte key queue (a real one holds
 *     16 keys): enough to take a burst while the guest is slow.
 *   - Accesses wider than a byte act on the port with the low byte.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "devices/i8042.h"

#define I8042_POWER_ON_CB   (I8042_CB_KIE | I8042_CB_SYS | I8042_CB_XLAT)
#define I8042_POWER_ON_OUT  (I8042_OUT_RESET | I8042_OUT_A20)

/* A byte ring; both queues are one, with different limits. */
struct i8042_fifo {
	uint8_t data[I8042_QUEUE_SIZE];
	unsigned head;          /* index of the oldest byte */
	unsigned count;
	unsigned limit;         /* at most I8042_QUEUE_SIZE */
};

struct i8042 {
	uint8_t cmd_byte;
	uint8_t outport;
	uint8_t out_buf;        /* what a 0x60 read returns */
	bool obf;
	bool a2;                /* the last write was a command */
	uint8_t ctrl_expect;    /* a controller command's data byte is next */
	uint8_t kbd_expect;     /* a keyboard command's data byte is next */
	bool scanning;          /* the keyboard sends keys (0xf4 / 0xf5) */
	struct i8042_fifo replies;
	struct i8042_fifo keys;

	void (*set_irq)(void *opaque, int level);
	void *irq_opaque;
	int irq_level;          /* what set_irq was last told */
	i8042_reset_fn on_reset;
	void *reset_opaque;
	struct i8042_counters counters;
};

static unsigned fifo_room(const struct i8042_fifo *q)
{
	return q->limit - q->count;
}

/* The caller has checked fifo_room. */
static void fifo_put(struct i8042_fifo *q, uint8_t byte)
{
	q->data[(q->head + q->count) % I8042_QUEUE_SIZE] = byte;
	q->count++;
}

/* The caller has checked count > 0. */
static uint8_t fifo_take(struct i8042_fifo *q)
{
	uint8_t byte = q->data[q->head];

	q->head = (q->head + 1) % I8042_QUEUE_SIZE;
	q->count--;
	return byte;
}

static void fifo_clear(struct i8042_fifo *q)
{
	q->head = 0;
	q->count = 0;
}

static void i8042_update_irq(struct i8042 *k)
{
	int level = k->obf && (k->cmd_byte & I8042_CB_KIE);

	if (level == k->irq_level)
		return;
	k->irq_level = level;
	if (level)
		k->counters.irq_edges++;
	if (k->set_irq)
		k->set_irq(k->irq_opaque, level);
}

/* Move the next byte into an empty output buffer: replies first, keys
 * only while the keyboard's clock is enabled. */
static void i8042_refill(struct i8042 *k)
{
	if (k->obf)
		return;
	if (k->replies.count > 0)
		k->out_buf = fifo_take(&k->replies);
	else if (k->keys.count > 0 &&
		 !(k->cmd_byte & I8042_CB_DISABLE_KBD))
		k->out_buf = fifo_take(&k->keys);
	else
		return;
	k->obf = true;
	i8042_update_irq(k);
}

static void i8042_reply(struct i8042 *k, uint8_t byte)
{
	if (fifo_room(&k->replies) == 0) {
		k->counters.replies_dropped++;
		return;
	}
	fifo_put(&k->replies, byte);
	i8042_refill(k);
}

static uint8_t i8042_read_data(struct i8042 *k)
{
	uint8_t byte = k->out_buf;   /* an empty buffer reads stale */

	k->obf = false;
	i8042_update_irq(k);
	i8042_refill(k);
	return byte;
}

static uint8_t i8042_read_status(const struct i8042 *k)
{
	uint8_t status = I8042_STR_INH;

	if (k->obf)
		status |= I8042_STR_OBF;
	if (k->cmd_byte & I8042_CB_SYS)
		status |= I8042_STR_SYS;
	if (k->a2)
		status |= I8042_STR_A2;
	return status;
}

static void i8042_pulse_reset(struct i8042 *k)
{
	k->counters.resets++;
	if (k->on_reset)
		k->on_reset(k->reset_opaque);
}

static void i8042_write_cb(struct i8042 *k, uint8_t val)
{
	k->cmd_byte = val;
	i8042_update_irq(k);
	i8042_refill(k);      /* the keyboard may have been enabled */
}

/* The reset line is active low: writing bit 0 = 0 resets the machine. */
static void i8042_write_outport(struct i8042 *k, uint8_t val)
{
	k->outport = val;
	if (!(val & I8042_OUT_RESET))
		i8042_pulse_reset(k);
}

static void i8042_write_command(struct i8042 *k, uint8_t cmd)
{
	k->a2 = true;
	k->ctrl_expect = 0;
	if (cmd >= I8042_CMD_PULSE) {
		if (!(cmd & I8042_OUT_RESET))
			i8042_pulse_reset(k);
		return;
	}
	switch (cmd) {
	case I8042_CMD_READ_CB:
		i8042_reply(k, k->cmd_byte);
		break;
	case I8042_CMD_WRITE_CB:
	case I8042_CMD_WRITE_OUTPORT:
		k->ctrl_expect = cmd;
		break;
	case I8042_CMD_DISABLE_AUX:
		k->cmd_byte |= I8042_CB_DISABLE_AUX;
		break;
	case I8042_CMD_ENABLE_AUX:
		k->cmd_byte &= ~I8042_CB_DISABLE_AUX;
		break;
	case I8042_CMD_SELF_TEST:
		k->cmd_byte |= I8042_CB_SYS;   /* the test passed */
		i8042_reply(k, I8042_SELF_TEST_OK);
		break;
	case I8042_CMD_KBD_TEST:
		i8042_reply(k, I8042_KBD_TEST_OK);
		break;
	case I8042_CMD_DISABLE_KBD:
		i8042_write_cb(k, k->cmd_byte | I8042_CB_DISABLE_KBD);
		break;
	case I8042_CMD_ENABLE_KBD:
		i8042_write_cb(k, k->cmd_byte & ~I8042_CB_DISABLE_KBD);
		break;
	case I8042_CMD_READ_OUTPORT:
		i8042_reply(k, k->outport);
		break;
	default:
		k->counters.unknown_commands++;
		break;
	}
}

/* The data byte of ED, F3 or F0.  F0 with 0 asks which set is in use. */
static void kbd_write_argument(struct i8042 *k, uint8_t cmd, uint8_t val)
{
	bool xlat = (k->cmd_byte & I8042_CB_XLAT) != 0;

	i8042_reply(k, I8042_KBD_ACK);
	if (cmd == I8042_KBD_SCANCODE_SET && val == 0)
		i8042_reply(k, xlat ? I8042_KBD_SET2_XLAT : I8042_KBD_SET2);
}

/* A byte for the keyboard.  Enable, disable and reset empty the
 * keyboard's buffer (AT reference, keyboard commands). */
static void kbd_write(struct i8042 *k, uint8_t val)
{
	bool xlat = (k->cmd_byte & I8042_CB_XLAT) != 0;

	if (k->kbd_expect) {
		kbd_write_argument(k, k->kbd_expect, val);
		k->kbd_expect = 0;
		return;
	}
	switch (val) {
	case I8042_KBD_SET_LEDS:
	case I8042_KBD_TYPEMATIC:
	case I8042_KBD_SCANCODE_SET:
		k->kbd_expect = val;
		i8042_reply(k, I8042_KBD_ACK);
		break;
	case I8042_KBD_ECHO:
		i8042_reply(k, I8042_KBD_ECHO);
		break;
	case I8042_KBD_IDENTIFY:
		i8042_reply(k, I8042_KBD_ACK);
		i8042_reply(k, I8042_KBD_ID);
		i8042_reply(k, xlat ? I8042_KBD_ID_MF2_XLAT : I8042_KBD_ID_MF2);
		break;
	case I8042_KBD_ENABLE:
	case I8042_KBD_DISABLE:
		fifo_clear(&k->keys);
		k->scanning = val == I8042_KBD_ENABLE;
		i8042_reply(k, I8042_KBD_ACK);
		break;
	case I8042_KBD_DEFAULTS:
		i8042_reply(k, I8042_KBD_ACK);
		break;
	case I8042_KBD_RESET:
		fifo_clear(&k->keys);
		k->scanning = true;
		i8042_reply(k, I8042_KBD_ACK);
		i8042_reply(k, I8042_KBD_BAT_OK);
		break;
	default:
		i8042_reply(k, I8042_KBD_RESEND);
		break;
	}
}

static void i8042_write_data(struct i8042 *k, uint8_t val)
{
	uint8_t cmd = k->ctrl_expect;

	k->a2 = false;
	k->ctrl_expect = 0;
	if (cmd == I8042_CMD_WRITE_CB)
		i8042_write_cb(k, val);
	else if (cmd == I8042_CMD_WRITE_OUTPORT)
		i8042_write_outport(k, val);
	else
		kbd_write(k, val);
}

static void i8042_access(void *opaque, uint64_t port, bool is_write,
			 uint64_t *data)
{
	struct i8042 *k = opaque;

	if (port == I8042_DATA_PORT) {
		if (is_write)
			i8042_write_data(k, (uint8_t)*data);
		else
			*data = i8042_read_data(k);
	} else if (is_write) {
		i8042_write_command(k, (uint8_t)*data);
	} else {
		*data = i8042_read_status(k);
	}
}

/* Two one-port ranges; the handler is told which port by its range. */
static void i8042_data_access(void *opaque, uint64_t offset, unsigned size,
			      bool is_write, uint64_t *data)
{
	(void)offset;
	(void)size;   /* byte registers, see the top */
	i8042_access(opaque, I8042_DATA_PORT, is_write, data);
}

static void i8042_cmd_access(void *opaque, uint64_t offset, unsigned size,
			     bool is_write, uint64_t *data)
{
	(void)offset;
	(void)size;
	i8042_access(opaque, I8042_CMD_PORT, is_write, data);
}

int i8042_push_bytes(struct i8042 *kbd, const uint8_t *bytes, size_t n)
{
	if (!kbd->scanning) {
		kbd->counters.dropped_disabled++;
		return -EAGAIN;
	}
	if (n > fifo_room(&kbd->keys)) {
		kbd->counters.overflows++;
		return -ENOSPC;
	}
	for (size_t i = 0; i < n; i++)
		fifo_put(&kbd->keys, bytes[i]);
	kbd->counters.key_bytes += n;
	i8042_refill(kbd);
	return 0;
}

int i8042_press(struct i8042 *kbd, const struct scancode_stroke *stroke)
{
	uint8_t bytes[SCANCODE_STROKE_MAX];
	size_t n = scancode_stroke_bytes(stroke, bytes);

	return i8042_push_bytes(kbd, bytes, n);
}

void i8042_reset(struct i8042 *kbd)
{
	kbd->cmd_byte = I8042_POWER_ON_CB;
	kbd->outport = I8042_POWER_ON_OUT;
	kbd->out_buf = 0;
	kbd->obf = false;
	kbd->a2 = false;
	kbd->ctrl_expect = 0;
	kbd->kbd_expect = 0;
	kbd->scanning = true;
	kbd->replies = (struct i8042_fifo){ .limit = I8042_REPLY_SIZE };
	kbd->keys = (struct i8042_fifo){ .limit = I8042_QUEUE_SIZE };
	i8042_update_irq(kbd);
}

int i8042_init(struct i8042 **out, struct bus *bus, i8042_reset_fn on_reset,
	       void *opaque)
{
	struct i8042 *k = calloc(1, sizeof(*k));
	int err;

	if (!k)
		return -ENOMEM;
	k->on_reset = on_reset;
	k->reset_opaque = opaque;
	i8042_reset(k);
	err = bus_register_pio(bus, I8042_DATA_PORT, 1, "i8042-data",
			       i8042_data_access, k);
	if (err)
		goto err_free;
	err = bus_register_pio(bus, I8042_CMD_PORT, 1, "i8042-cmd",
			       i8042_cmd_access, k);
	if (err)
		goto err_data;
	*out = k;
	return 0;

err_data:
	bus_unregister_pio(bus, I8042_DATA_PORT);
err_free:
	free(k);
	return err;
}

void i8042_free(struct i8042 *kbd)
{
	free(kbd);
}

void i8042_set_irq(struct i8042 *kbd, void (*set_irq)(void *opaque, int level),
		   void *opaque)
{
	kbd->set_irq = set_irq;
	kbd->irq_opaque = opaque;
	if (set_irq)
		set_irq(opaque, kbd->irq_level);
}

bool i8042_idle(const struct i8042 *kbd)
{
	return !kbd->obf && kbd->keys.count == 0 && kbd->replies.count == 0;
}

void i8042_get_counters(const struct i8042 *kbd, struct i8042_counters *out)
{
	*out = kbd->counters;
}
