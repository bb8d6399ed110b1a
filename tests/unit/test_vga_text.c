/*
 * tests/unit/test_vga_text.c - the VGA text device, driven as a guest
 * drives it: the CRT controller through ports 0x3d4/0x3d5 on a real
 * struct bus, and the text window through the MMIO bus when the window
 * has MMIO backing.
 *
 * Expected values are numbers from the VGA register descriptions (cursor
 * start 0x0a bit 5 = cursor off, location 0x0e/0x0f high/low, 80 cells a
 * row), never the #defines under test.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/bus.h"
#include "core/memory.h"
#include "devices/vga_text.h"
#include "tests/unit/support/bus_io.h"

#define RAM_SIZE (4ULL << 20)
#define TEXT     0xb8000ULL
#define WINDOW   0x8000ULL

struct fixture {
	struct guest_mem mem;
	struct bus bus;
	struct vga_text *vga;
};

static int setup_backing(void **state, enum mem_window_backing backing)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	bus_init(&f->bus);
	if (guest_mem_init(&f->mem, RAM_SIZE))
		goto err_free;
	if (guest_mem_set_window(&f->mem, TEXT, WINDOW, backing) ||
	    vga_text_init(&f->vga, &f->bus, &f->mem))
		goto err_mem;
	*state = f;
	return 0;

err_mem:
	guest_mem_destroy(&f->mem);
err_free:
	free(f);
	return -1;
}

static int setup_ram(void **state)
{
	return setup_backing(state, MEM_WINDOW_RAM);
}

static int setup_mmio(void **state)
{
	return setup_backing(state, MEM_WINDOW_MMIO);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	vga_text_free(f->vga);
	guest_mem_destroy(&f->mem);
	free(f);
	return 0;
}

static void crtc_write(struct fixture *f, uint8_t index, uint8_t value)
{
	bus_io_out(&f->bus, 0x3d4, 1, index);
	bus_io_out(&f->bus, 0x3d5, 1, value);
}

static uint8_t crtc_read(struct fixture *f, uint8_t index)
{
	bus_io_out(&f->bus, 0x3d4, 1, index);
	return (uint8_t)bus_io_in(&f->bus, 0x3d5, 1);
}

static void set_location(struct fixture *f, uint8_t hi_index, unsigned cell)
{
	crtc_write(f, hi_index, (uint8_t)(cell >> 8));
	crtc_write(f, hi_index + 1, (uint8_t)cell);
}

static void test_power_on_registers(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(crtc_read(f, 0x09), 0x4f);  /* 16-line characters */
	assert_int_equal(crtc_read(f, 0x0a), 0x0d);  /* underline cursor */
	assert_int_equal(crtc_read(f, 0x0b), 0x0e);
	assert_int_equal(crtc_read(f, 0x0c), 0x00);
	assert_int_equal(crtc_read(f, 0x0e), 0x00);
	assert_int_equal(crtc_read(f, 0x13), 0x00);
}

static void test_registers_read_back(void **state)
{
	struct fixture *f = *state;
	struct vga_text_counters c;

	crtc_write(f, 0x13, 0x28);   /* offset: no effect here, kept */
	crtc_write(f, 0x1f, 0x5a);
	crtc_write(f, 0x0e, 0x07);
	assert_int_equal(crtc_read(f, 0x13), 0x28);
	assert_int_equal(crtc_read(f, 0x1f), 0x5a);
	assert_int_equal(crtc_read(f, 0x0e), 0x07);
	vga_text_get_counters(f->vga, &c);
	assert_int_equal(c.crtc_writes, 3);
	assert_int_equal(c.mmio_loads, 0);
	assert_int_equal(c.mmio_stores, 0);
}

static void test_index_keeps_five_bits(void **state)
{
	struct fixture *f = *state;

	bus_io_out(&f->bus, 0x3d4, 1, 0xee);
	assert_int_equal(bus_io_in(&f->bus, 0x3d4, 1), 0x0e);
	bus_io_out(&f->bus, 0x3d5, 1, 0x42);
	assert_int_equal(crtc_read(f, 0x0e), 0x42);
}

/* out dx, ax with dx = 0x3d4: al is the index, ah the value. */
static void test_word_write_sets_index_and_register(void **state)
{
	struct fixture *f = *state;
	struct vga_text_counters c;

	bus_io_out(&f->bus, 0x3d4, 2, 0x340f);
	assert_int_equal(crtc_read(f, 0x0f), 0x34);
	assert_int_equal(bus_io_in(&f->bus, 0x3d4, 2), 0x340f);
	/* A dword at 0x3d5: the register, then three ports nobody drives. */
	assert_int_equal(bus_io_in(&f->bus, 0x3d5, 4), 0xffffff34);
	vga_text_get_counters(f->vga, &c);
	assert_int_equal(c.crtc_writes, 1);
}

static void test_cursor_position_and_shape(void **state)
{
	struct fixture *f = *state;
	struct vga_cursor cur;

	set_location(f, 0x0e, 2 * 80 + 5);
	crtc_write(f, 0x0a, 0x0e);
	crtc_write(f, 0x0b, 0x0f);
	vga_text_get_cursor(f->vga, &cur);
	assert_int_equal(cur.row, 2);
	assert_int_equal(cur.col, 5);
	assert_true(cur.visible);
	assert_int_equal(cur.start, 14);
	assert_int_equal(cur.end, 15);

	crtc_write(f, 0x0a, 0x2e);   /* bit 5: cursor off */
	vga_text_get_cursor(f->vga, &cur);
	assert_false(cur.visible);
	assert_int_equal(cur.start, 14);
}

static void test_cursor_follows_start_address(void **state)
{
	struct fixture *f = *state;
	struct vga_cursor cur;

	set_location(f, 0x0e, 24 * 80 + 79);    /* last cell of the screen */
	set_location(f, 0x0c, 80);              /* scrolled by one row */
	assert_int_equal(vga_text_get_start(f->vga), 80);
	vga_text_get_cursor(f->vga, &cur);
	assert_int_equal(cur.row, 23);
	assert_int_equal(cur.col, 79);
	assert_true(cur.visible);

	set_location(f, 0x0e, 25 * 80 + 80);    /* one past the screen */
	vga_text_get_cursor(f->vga, &cur);
	assert_int_equal(cur.row, 25);
	assert_int_equal(cur.col, 0);
	assert_false(cur.visible);

	set_location(f, 0x0e, 0);               /* before the start: wraps */
	vga_text_get_cursor(f->vga, &cur);
	assert_false(cur.visible);
}

/* The screen wraps at the 32 KiB window's end (16384 cells). */
static void test_cursor_wraps_with_the_window(void **state)
{
	struct fixture *f = *state;
	struct vga_cursor cur;

	set_location(f, 0x0c, 16384 - 80);      /* last row of the window */
	set_location(f, 0x0e, 3);               /* 4th cell of the window */
	vga_text_get_cursor(f->vga, &cur);
	assert_int_equal(cur.row, 1);
	assert_int_equal(cur.col, 3);
	assert_true(cur.visible);
}

static void test_reset(void **state)
{
	struct fixture *f = *state;
	struct vga_cursor cur;

	crtc_write(f, 0x0a, 0x20);
	set_location(f, 0x0e, 1000);
	bus_io_out(&f->bus, 0x3d4, 1, 0x13);
	vga_text_reset(f->vga);
	assert_int_equal(bus_io_in(&f->bus, 0x3d4, 1), 0x00);
	vga_text_get_cursor(f->vga, &cur);
	assert_true(cur.visible);
	assert_int_equal(cur.row, 0);
	assert_int_equal(cur.col, 0);
	assert_int_equal(cur.start, 13);
	assert_int_equal(cur.end, 14);
}

static void test_ram_mode_claims_no_mmio(void **state)
{
	struct fixture *f = *state;
	uint64_t data = 0x0741;

	assert_null(bus_mmio_access(&f->bus, TEXT, 2, true, &data));
	assert_null(bus_mmio_access(&f->bus, TEXT + WINDOW - 1, 1, false,
				    &data));
}

static void mmio_store(struct fixture *f, uint64_t gpa, unsigned size,
		       uint64_t value)
{
	assert_non_null(bus_mmio_access(&f->bus, gpa, size, true, &value));
}

static uint64_t mmio_load(struct fixture *f, uint64_t gpa, unsigned size)
{
	uint64_t value = 0;

	assert_non_null(bus_mmio_access(&f->bus, gpa, size, false, &value));
	return value;
}

static void test_mmio_stores_land_in_ram(void **state)
{
	struct fixture *f = *state;
	const uint8_t *ram = f->mem.host;

	mmio_store(f, TEXT + 160, 2, 0x1f41);      /* 'A', white on blue */
	assert_int_equal(ram[TEXT + 160], 0x41);
	assert_int_equal(ram[TEXT + 161], 0x1f);
	mmio_store(f, TEXT + 0x7ff8, 8, 0x0102030405060708ULL);
	assert_int_equal(ram[TEXT + 0x7ff8], 0x08);
	assert_int_equal(ram[TEXT + 0x7fff], 0x01);
	assert_int_equal(mmio_load(f, TEXT + 160, 2), 0x1f41);
	assert_int_equal(mmio_load(f, TEXT + 0x7ffc, 4), 0x01020304);
}

static void test_mmio_stores_mark_pages_dirty(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(guest_mem_take_dirty(&f->mem), 0);
	mmio_store(f, TEXT + 4000, 1, 0x20);               /* page 0 */
	assert_int_equal(guest_mem_take_dirty(&f->mem), 0x1);
	assert_int_equal(guest_mem_take_dirty(&f->mem), 0);
	mmio_store(f, TEXT + 0x1ffe, 4, 0x07410741);       /* pages 1 and 2 */
	mmio_store(f, TEXT + 0x7000, 2, 0x0720);           /* page 7 */
	assert_int_equal(guest_mem_take_dirty(&f->mem), 0x86);
	(void)mmio_load(f, TEXT + 0x3000, 2);              /* loads: clean */
	assert_int_equal(guest_mem_take_dirty(&f->mem), 0);
}

static void test_mmio_counts_loads_and_stores(void **state)
{
	struct fixture *f = *state;
	struct vga_text_counters c;
	unsigned i;

	for (i = 0; i < 5; i++)
		mmio_store(f, TEXT + 2 * i, 2, 0x0730 + i);
	for (i = 0; i < 3; i++)
		(void)mmio_load(f, TEXT + 2 * i, 2);
	vga_text_get_counters(f->vga, &c);
	assert_int_equal(c.mmio_stores, 5);
	assert_int_equal(c.mmio_loads, 3);
	assert_int_equal(c.crtc_writes, 0);
}

static void test_init_needs_the_window(void **state)
{
	struct guest_mem mem;
	struct bus bus;
	struct vga_text *vga = NULL;

	(void)state;
	bus_init(&bus);
	assert_int_equal(guest_mem_init(&mem, RAM_SIZE), 0);
	assert_int_equal(vga_text_init(&vga, &bus, &mem), -EINVAL);
	assert_int_equal(guest_mem_set_window(&mem, TEXT, 0x1000,
					      MEM_WINDOW_RAM), 0);
	assert_int_equal(vga_text_init(&vga, &bus, &mem), -EINVAL);
	assert_null(vga);
	assert_int_equal(bus.pio.count, 0);
	guest_mem_destroy(&mem);
}

static void ignore_access(void *opaque, uint64_t offset, unsigned size,
			  bool is_write, uint64_t *data)
{
	(void)opaque;
	(void)offset;
	(void)size;
	(void)is_write;
	(void)data;
}

/* When the window cannot be claimed, the ports are given back. */
static void test_init_unwinds_the_ports(void **state)
{
	struct guest_mem mem;
	struct bus bus;
	struct vga_text *vga = NULL;
	uint64_t data = 0;

	(void)state;
	bus_init(&bus);
	assert_int_equal(guest_mem_init(&mem, RAM_SIZE), 0);
	assert_int_equal(guest_mem_set_window(&mem, TEXT, WINDOW,
					      MEM_WINDOW_MMIO), 0);
	assert_int_equal(bus_register_mmio(&bus, TEXT + 0x1000, 0x10, "other",
					   ignore_access, NULL), 0);
	assert_int_equal(vga_text_init(&vga, &bus, &mem), -EEXIST);
	assert_null(vga);
	assert_null(bus_pio_access(&bus, 0x3d4, 1, false, &data));
	assert_int_equal(bus.pio.count, 0);
	guest_mem_destroy(&mem);
}

#define T_RAM(fn) cmocka_unit_test_setup_teardown(fn, setup_ram, teardown)
#define T_MMIO(fn) cmocka_unit_test_setup_teardown(fn, setup_mmio, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T_RAM(test_power_on_registers),
		T_RAM(test_registers_read_back),
		T_RAM(test_index_keeps_five_bits),
		T_RAM(test_word_write_sets_index_and_register),
		T_RAM(test_cursor_position_and_shape),
		T_RAM(test_cursor_follows_start_address),
		T_RAM(test_cursor_wraps_with_the_window),
		T_RAM(test_reset),
		T_RAM(test_ram_mode_claims_no_mmio),
		T_MMIO(test_mmio_stores_land_in_ram),
		T_MMIO(test_mmio_stores_mark_pages_dirty),
		T_MMIO(test_mmio_counts_loads_and_stores),
		cmocka_unit_test(test_init_needs_the_window),
		cmocka_unit_test(test_init_unwinds_the_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
