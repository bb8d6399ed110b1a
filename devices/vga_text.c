/*
 * devices/vga_text.c - the VGA's CRT controller registers and, in the
 * MMIO stage, the text window's accesses.
 *
 * Register behaviour from the IBM VGA Technical Reference's "CRT
 * Controller Registers" and FreeVGA's crtcreg.htm; the map is in
 * devices/vga_text.h.  The shape follows QEMU's hw/display/vga.c (an
 * index register and an array of registers), cut down to text mode.
 *
 * Simplifications:
 *   - The CRT controller draws nothing: the registers are stored and read
 *     back, and a display (tui/sdl_window.c) reads the cursor and start
 *     address from them.  Timing registers do not change the screen's
 *     80x25 geometry, and the write-protect bit (register 0x11 bit 7) is
 *     stored only.
 *   - The index register keeps the 5 bits a VGA decodes.
 *   - A 16-bit write to the index port, `out dx, ax` with dx = 0x3d4, is
 *     the usual way to set a register in one instruction: each byte of a
 *     wider access goes to its own port (al to 0x3d4, ah to 0x3d5), as the
 *     ISA bus splits it.  Bytes past 0x3d5 are dropped; reading one gives
 *     all ones.
 *   - Power-on: the registers a BIOS's mode 3 set-up leaves that matter
 *     here - the maximum scan line 0x4f (16-line characters) and the
 *     two-line underline cursor, scan lines 13-14 (0x0d, 0x0e) - and 0
 *     elsewhere.
 *   - MMIO mode: an access runs on the RAM bytes behind the window as one
 *     memcpy (the guest sees the same little-endian bytes as with RAM
 *     backing); an access running past the window's end still lands in
 *     RAM, as a stage switch must not change what a program computes.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "devices/vga_text.h"

#define VGA_POWER_ON_MAX_SCAN     0x4f
#define VGA_POWER_ON_CURSOR_START 0x0d
#define VGA_POWER_ON_CURSOR_END   0x0e

/* Where each byte of a CRT controller access goes. */
#define VGA_PORT_INDEX 0   /* offset of PORT_VGA_CRTC_INDEX in the range */
#define VGA_PORT_DATA  1   /* offset of PORT_VGA_CRTC_DATA */
#define VGA_PORT_COUNT 2

struct vga_text {
	struct guest_mem *mem;
	uint64_t window_gpa;
	uint8_t index;                 /* vCPU thread only */
	_Atomic uint8_t crtc[VGA_CRTC_REGS];
	_Atomic uint64_t mmio_loads;
	_Atomic uint64_t mmio_stores;
	_Atomic uint64_t crtc_writes;
};

static uint8_t crtc_reg(const struct vga_text *vga, unsigned index)
{
	return atomic_load_explicit(&vga->crtc[index], memory_order_relaxed);
}

static void crtc_port_write(struct vga_text *vga, unsigned port,
			    uint8_t val)
{
	if (port == VGA_PORT_INDEX) {
		vga->index = val & VGA_CRTC_INDEX_MASK;
		return;
	}
	atomic_store_explicit(&vga->crtc[vga->index], val,
			      memory_order_relaxed);
	atomic_fetch_add_explicit(&vga->crtc_writes, 1, memory_order_relaxed);
}

static uint8_t crtc_port_read(const struct vga_text *vga, unsigned port)
{
	if (port == VGA_PORT_INDEX)
		return vga->index;
	return crtc_reg(vga, vga->index);
}

/* Byte i of the access goes to port offset + i (low byte first). */
static void vga_crtc_access(void *opaque, uint64_t offset, unsigned size,
			    bool is_write, uint64_t *data)
{
	struct vga_text *vga = opaque;
	uint64_t value = 0;
	unsigned i;

	for (i = 0; i < size; i++) {
		uint64_t port = offset + i;

		if (port >= VGA_PORT_COUNT)
			value |= 0xffULL << (8 * i);   /* nothing drives it */
		else if (is_write)
			crtc_port_write(vga, port, (uint8_t)(*data >> (8 * i)));
		else
			value |= (uint64_t)crtc_port_read(vga, port) << (8 * i);
	}
	if (!is_write)
		*data = value;
}

/* MMIO mode: one load or store of the guest's, on the RAM behind the
 * window.  offset is from the window's start. */
static void vga_window_access(void *opaque, uint64_t offset, unsigned size,
			      bool is_write, uint64_t *data)
{
	struct vga_text *vga = opaque;
	uint64_t gpa = vga->window_gpa + offset;
	void *ram = guest_mem_ptr(vga->mem, gpa, size);

	if (!is_write) {
		atomic_fetch_add_explicit(&vga->mmio_loads, 1,
					  memory_order_relaxed);
		*data = UINT64_MAX;
		if (ram)
			memcpy(data, ram, size);
		return;
	}
	atomic_fetch_add_explicit(&vga->mmio_stores, 1, memory_order_relaxed);
	if (!ram)
		return;
	memcpy(ram, data, size);
	guest_mem_mark_dirty(vga->mem, gpa);
	guest_mem_mark_dirty(vga->mem, gpa + size - 1);
}

void vga_text_reset(struct vga_text *vga)
{
	unsigned i;

	vga->index = 0;
	for (i = 0; i < VGA_CRTC_REGS; i++)
		atomic_store(&vga->crtc[i], 0);
	atomic_store(&vga->crtc[VGA_CRTC_MAX_SCAN], VGA_POWER_ON_MAX_SCAN);
	atomic_store(&vga->crtc[VGA_CRTC_CURSOR_START],
		     VGA_POWER_ON_CURSOR_START);
	atomic_store(&vga->crtc[VGA_CRTC_CURSOR_END], VGA_POWER_ON_CURSOR_END);
}

static bool vga_window_ok(const struct guest_mem *mem)
{
	return mem->window.gpa == VGA_TEXT_BASE &&
	       mem->window.len == VGA_TEXT_WINDOW;
}

int vga_text_init(struct vga_text **out, struct bus *bus,
		  struct guest_mem *mem)
{
	struct vga_text *vga;
	int err;

	if (!vga_window_ok(mem))
		return -EINVAL;
	vga = calloc(1, sizeof(*vga));
	if (!vga)
		return -ENOMEM;
	vga->mem = mem;
	vga->window_gpa = mem->window.gpa;
	vga_text_reset(vga);
	err = bus_register_pio(bus, PORT_VGA_CRTC_INDEX, VGA_PORT_COUNT,
			       "vga-crtc", vga_crtc_access, vga);
	if (err)
		goto err_free;
	if (mem->window.backing == MEM_WINDOW_MMIO) {
		err = bus_register_mmio(bus, mem->window.gpa, mem->window.len,
					"vga-text", vga_window_access, vga);
		if (err)
			goto err_pio;
	}
	*out = vga;
	return 0;

err_pio:
	bus_unregister_pio(bus, PORT_VGA_CRTC_INDEX);
err_free:
	free(vga);
	return err;
}

void vga_text_free(struct vga_text *vga)
{
	free(vga);
}

unsigned vga_text_get_start(const struct vga_text *vga)
{
	return (unsigned)crtc_reg(vga, VGA_CRTC_START_HIGH) << 8 |
	       crtc_reg(vga, VGA_CRTC_START_LOW);
}

void vga_text_get_cursor(const struct vga_text *vga, struct vga_cursor *out)
{
	uint8_t cstart = crtc_reg(vga, VGA_CRTC_CURSOR_START);
	unsigned location = (unsigned)crtc_reg(vga, VGA_CRTC_CURSOR_HIGH) << 8 |
			    crtc_reg(vga, VGA_CRTC_CURSOR_LOW);
	unsigned cell = (location - vga_text_get_start(vga)) %
			VGA_TEXT_WINDOW_CELLS;

	out->row = cell / VGA_TEXT_COLS;
	out->col = cell % VGA_TEXT_COLS;
	out->start = cstart & VGA_CURSOR_SCAN_MASK;
	out->end = crtc_reg(vga, VGA_CRTC_CURSOR_END) & VGA_CURSOR_SCAN_MASK;
	out->visible = !(cstart & VGA_CURSOR_DISABLE) &&
		       out->row < VGA_TEXT_ROWS;
}

void vga_text_get_counters(const struct vga_text *vga,
			   struct vga_text_counters *out)
{
	out->mmio_loads = atomic_load(&vga->mmio_loads);
	out->mmio_stores = atomic_load(&vga->mmio_stores);
	out->crtc_writes = atomic_load(&vga->crtc_writes);
}
