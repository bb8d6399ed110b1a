/*
 * devices/i8042.h - the PC/AT keyboard controller (an Intel 8042 running
 * IBM's firmware) with a keyboard behind it.
 *
 * Register and command map from the IBM Personal Computer AT Technical
 * Reference (1984), "Keyboard Controller" (status register, commands,
 * input and output ports), with the PS/2-era bits (mouse) as IBM's PS/2
 * Hardware Interface Technical Reference names them.  Keyboard commands
 * and replies from the same AT reference, "Keyboard" section.
 *
 * Two ports: 0x60 is the data port (read: the output buffer; write: a
 * byte for the keyboard, or the data byte of a controller command), 0x64
 * is the status register when read and the command register when
 * written.  On a PC the controller's "output buffer full" line is IRQ 1.
 *
 * Threading: the controller takes no lock.  Bus accesses (vCPU thread)
 * and the host side's i8042_push_bytes / i8042_press (an input thread)
 * must be serialised by the caller - the VM's device lock.
 */
#ifndef DEVICES_I8042_H
#define DEVICES_I8042_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bus.h"
#include "devices/scancode.h"

#define I8042_DATA_PORT    0x60
#define I8042_CMD_PORT     0x64   /* status when read, command when written */
#define I8042_IRQ          1

/* Status register (read 0x64) */
#define I8042_STR_OBF      0x01   /* output buffer full: 0x60 has a byte */
#define I8042_STR_IBF      0x02   /* input buffer full: wait before writing */
#define I8042_STR_SYS      0x04   /* system flag (command byte bit 2) */
#define I8042_STR_A2       0x08   /* last write went to 0x64 (a command) */
#define I8042_STR_INH      0x10   /* 1 = keyboard not inhibited (keylock) */
#define I8042_STR_MOBF     0x20   /* the byte is from the mouse (PS/2) */
#define I8042_STR_TO       0x40   /* timeout */
#define I8042_STR_PERR     0x80   /* parity error */

/* Command byte (controller RAM byte 0; commands 0x20 and 0x60) */
#define I8042_CB_KIE       0x01   /* IRQ 1 when a keyboard byte arrives */
#define I8042_CB_MIE       0x02   /* IRQ 12 when a mouse byte arrives */
#define I8042_CB_SYS       0x04   /* system flag, shown in the status */
#define I8042_CB_DISABLE_KBD 0x10 /* keyboard clock held low: no bytes */
#define I8042_CB_DISABLE_AUX 0x20 /* mouse clock held low */
#define I8042_CB_XLAT      0x40   /* translate to scancode set 1 */

/* Controller commands (write 0x64) */
#define I8042_CMD_READ_CB  0x20   /* command byte -> output buffer */
#define I8042_CMD_WRITE_CB 0x60   /* next 0x60 byte -> command byte */
#define I8042_CMD_DISABLE_AUX 0xa7
#define I8042_CMD_ENABLE_AUX  0xa8
#define I8042_CMD_SELF_TEST   0xaa /* answers 0x55 */
#define I8042_CMD_KBD_TEST    0xab /* keyboard interface test: 0x00 */
#define I8042_CMD_DISABLE_KBD 0xad
#define I8042_CMD_ENABLE_KBD  0xae
#define I8042_CMD_READ_OUTPORT  0xd0 /* output port -> output buffer */
#define I8042_CMD_WRITE_OUTPORT 0xd1 /* next 0x60 byte -> output port */
#define I8042_CMD_PULSE    0xf0   /* 0xf0-0xff: pulse output port bits 3-0
				     low where the command's bit is 0 */

#define I8042_SELF_TEST_OK 0x55
#define I8042_KBD_TEST_OK  0x00

/* Output port */
#define I8042_OUT_RESET    0x01   /* 0 = the CPU is held in reset */
#define I8042_OUT_A20      0x02   /* address line 20 gate */

/* Keyboard commands (write 0x60) */
#define I8042_KBD_SET_LEDS 0xed   /* + one data byte */
#define I8042_KBD_ECHO     0xee
#define I8042_KBD_SCANCODE_SET 0xf0 /* + one data byte; 0 = report */
#define I8042_KBD_IDENTIFY 0xf2
#define I8042_KBD_TYPEMATIC 0xf3  /* + one data byte */
#define I8042_KBD_ENABLE   0xf4   /* clear the buffer, start scanning */
#define I8042_KBD_DISABLE  0xf5   /* clear the buffer, stop scanning */
#define I8042_KBD_DEFAULTS 0xf6
#define I8042_KBD_RESET    0xff   /* answers ACK, then BAT_OK */

/* Keyboard replies */
#define I8042_KBD_ACK      0xfa
#define I8042_KBD_BAT_OK   0xaa   /* basic assurance test passed */
#define I8042_KBD_RESEND   0xfe   /* command not understood */
#define I8042_KBD_ID       0xab   /* first identify byte */
#define I8042_KBD_ID_MF2   0x83   /* second, as sent; 0x41 translated */
#define I8042_KBD_ID_MF2_XLAT 0x41
#define I8042_KBD_SET2     0x02   /* the scancode set, as sent */
#define I8042_KBD_SET2_XLAT 0x41  /* ... and as translated */

#define I8042_QUEUE_SIZE   256    /* key bytes waiting for the guest */
#define I8042_REPLY_SIZE   16     /* command replies waiting */

struct i8042;

typedef void (*i8042_reset_fn)(void *opaque);

struct i8042_counters {
	uint64_t key_bytes;        /* bytes the host queued */
	uint64_t overflows;        /* pushes refused: the queue was full */
	uint64_t dropped_disabled; /* pushes dropped: keyboard not scanning */
	uint64_t replies_dropped;  /* command replies lost: nobody read */
	uint64_t irq_edges;        /* rising edges of IRQ 1 */
	uint64_t resets;           /* reset pulses (0xfe, output port) */
	uint64_t unknown_commands; /* controller commands not modelled */
};

/*
 * Claim 0x60 and 0x64 on bus.  on_reset(opaque) is called when the guest
 * pulses the reset line (the reboot path); NULL: resets are only counted.
 * Returns 0, -ENOMEM, or the bus's error; nothing is left allocated or
 * claimed on failure.
 */
int i8042_init(struct i8042 **out, struct bus *bus, i8042_reset_fn on_reset,
	       void *opaque);
/* NULL is allowed.  The bus must not route accesses to it any more. */
void i8042_free(struct i8042 *kbd);
/* Power-on state (see devices/i8042.c); the queues are emptied. */
void i8042_reset(struct i8042 *kbd);

/*
 * Connect IRQ 1 (optional; NULL disconnects).  set_irq is called with each
 * new level - OBF with the command byte's KIE - and once right away.
 */
void i8042_set_irq(struct i8042 *kbd, void (*set_irq)(void *opaque, int level),
		   void *opaque);

/*
 * The keyboard sends bytes (set-1 make/break codes).  All or nothing: a
 * key's bytes are never split.  Returns 0; -ENOSPC when the queue has no
 * room for all n (counted in overflows; the caller may offer them again
 * once the guest has read some); -EAGAIN when the guest has told the
 * keyboard to stop scanning (counted in dropped_disabled).
 */
int i8042_push_bytes(struct i8042 *kbd, const uint8_t *bytes, size_t n);
/* Press and release one key (devices/scancode.h); as i8042_push_bytes. */
int i8042_press(struct i8042 *kbd, const struct scancode_stroke *stroke);

/* Nothing waits for the guest: output buffer empty, no byte queued.  The
 * host side feeds scripted keys one stroke at a time when idle. */
bool i8042_idle(const struct i8042 *kbd);

void i8042_get_counters(const struct i8042 *kbd, struct i8042_counters *out);

#endif /* DEVICES_I8042_H */
