/*
 * tests/fuzz/fuzz_vga.c - fuzz target: the VGA text device
 * (devices/vga_text.c): the CRT controller's index and data ports through
 * the port bus, and the text window through the MMIO bus.
 *
 * The input's first byte picks the window's backing (bit 0: MMIO, else
 * RAM, where the device claims no MMIO).  Then fuzz_bus.h's program on
 * 0x3d4-0x3d5, whose host events are: an MMIO access (event 0: a 16-bit
 * offset from 16 bytes below the window, so accesses also start before it
 * and run off its end, then fuzz_mmio_access()'s bytes), a display
 * thread's reads - cursor, start address, counters - (event 1), taking the
 * dirty pages (event 2), or a reset (event 3).  The cursor a display gets must lie on the 80x25 screen when
 * it says visible.
 */
#include <stdlib.h>

#include "core/memory.h"
#include "devices/vga_text.h"
#include "tests/fuzz/support/fuzz_bus.h"

#define FUZZ_VGA_RAM (4ULL << 20)
#define FUZZ_VGA_BEFORE 16    /* MMIO accesses may start this far before */

struct vga_fuzz {
	struct vga_text *vga;
	struct guest_mem *mem;
	struct bus *bus;
};

static void display_reads(struct vga_fuzz *f)
{
	struct vga_cursor cursor;
	struct vga_text_counters counters;

	vga_text_get_cursor(f->vga, &cursor);
	if (cursor.visible && (cursor.row >= VGA_TEXT_ROWS ||
			       cursor.col >= VGA_TEXT_COLS))
		abort();
	vga_text_get_start(f->vga);   /* any 16-bit value: a display wraps */
	vga_text_get_counters(f->vga, &counters);
}

static void host_event(void *opaque, unsigned event, struct fuzz_input *in)
{
	struct vga_fuzz *f = opaque;

	switch (event % 4) {
	case 0:
		fuzz_mmio_access(in, f->bus, VGA_TEXT_BASE - FUZZ_VGA_BEFORE +
				 fuzz_u16(in));
		break;
	case 1:
		display_reads(f);
		break;
	case 2:
		guest_mem_take_dirty(f->mem);
		break;
	default:
		vga_text_reset(f->vga);
	}
}

/*
 * One device per backing, made once (with its RAM and bus): making them
 * per input cost more than most inputs run.  Each input starts from a
 * reset device, a blank window and no dirty pages.
 */
static struct vga_fuzz *fresh_device(enum mem_window_backing backing)
{
	static struct guest_mem mems[2];
	static struct bus buses[2];
	static struct vga_fuzz devs[2];
	static const uint8_t blank[VGA_TEXT_WINDOW];
	unsigned i = backing == MEM_WINDOW_MMIO;
	struct vga_fuzz *f = &devs[i];

	if (!f->vga) {
		f->mem = &mems[i];
		f->bus = &buses[i];
		bus_init(f->bus);
		if (guest_mem_init(f->mem, FUZZ_VGA_RAM) < 0 ||
		    guest_mem_set_window(f->mem, VGA_TEXT_BASE,
					 VGA_TEXT_WINDOW, backing) < 0 ||
		    vga_text_init(&f->vga, f->bus, f->mem) < 0)
			abort();
	}
	vga_text_reset(f->vga);
	guest_mem_write(f->mem, VGA_TEXT_BASE, blank, sizeof(blank));
	guest_mem_take_dirty(f->mem);
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	struct vga_fuzz *f;

	fuzz_input_init(&in, data, size);
	f = fresh_device(fuzz_u8(&in) & 1 ? MEM_WINDOW_MMIO : MEM_WINDOW_RAM);
	fuzz_bus_run(&in, &(struct fuzz_device){ f->bus, PORT_VGA_CRTC_INDEX,
				2, host_event, f });
	return 0;
}
