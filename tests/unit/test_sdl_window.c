/*
 * tests/unit/test_sdl_window.c - the SDL window, headless: SDL's offscreen
 * video driver needs no display, so this runs everywhere.
 *
 * The check on a screen is a decoder: each 8x16 cell of a frame is matched
 * against the 256 glyphs of the font in two palette colours, and what it
 * decodes to - character, foreground, background - must look exactly like
 * the VGA buffer's cell (two cells "look alike" when the font draws them
 * with the same pixels: a blank in any foreground, a glyph and its inverse
 * with the colours swapped).  Expected colours and scancodes are numbers
 * from the CGA palette and the set-1 tables, not the code's tables.
 *
 * Groups: the renderer alone (tui/sdl_screen.c), the key table
 * (tui/sdl_keys.c), SDL2 loaded by dlopen() (tui/sdl_lib.c), the window on a created VM (frames, redraw only on a
 * change, keys, close - stopping the VM, or beside the TUI hiding the
 * window - refused without a display), and the hello guest run to its end
 * on each backend
 * the host has, with the window in RAM and MMIO mode.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <SDL.h>

#include "core/bus.h"
#include "core/guests.h"
#include "core/keyqueue.h"
#include "core/vm.h"
#include "cpu/soft.h"
#include "devices/vga_text.h"
#include "guest/abi/machine.h"
#include "kvm/kvm.h"
#include "kvm/probe.h"
#include "tui/font8x16.h"
#include "tui/sdl_keys.h"
#include "tui/sdl_lib.h"
#include "tui/sdl_screen.h"
#include "tui/sdl_window.h"

#define COLS   80
#define ROWS   25
#define WIDTH  640
#define HEIGHT 400
#define WAIT_MS 3000

static uint32_t frame[WIDTH * HEIGHT];

/* ---- the decoder ---------------------------------------------------------- */

/* The CGA colours as a VGA BIOS loads them, 0xRRGGBB. */
static const uint32_t cga_rgb[16] = {
	0x000000, 0x0000aa, 0x00aa00, 0x00aaaa,
	0xaa0000, 0xaa00aa, 0xaa5500, 0xaaaaaa,
	0x555555, 0x5555ff, 0x55ff55, 0x55ffff,
	0xff5555, 0xff55ff, 0xffff55, 0xffffff,
};

static int colour_index(uint32_t argb)
{
	for (int i = 0; i < 16; i++)
		if ((argb & 0xffffff) == cga_rgb[i])
			return i;
	return -1;
}

struct decoded {
	int ch;          /* -1: no glyph in two palette colours fits */
	int fg, bg;      /* -1: the glyph has no such pixel */
};

/* Do the cell's pixels show glyph g, every set bit in one palette colour
 * and every clear bit in one palette colour? */
static bool glyph_fits(const uint32_t *pixels, unsigned row, unsigned col,
		       const uint8_t *g, struct decoded *d)
{
	d->fg = d->bg = -1;
	for (unsigned y = 0; y < 16; y++) {
		const uint32_t *line = pixels + (row * 16 + y) * WIDTH + col * 8;

		for (unsigned x = 0; x < 8; x++) {
			int c = colour_index(line[x]);
			int *slot = (g[y] & (0x80 >> x)) ? &d->fg : &d->bg;

			if (c < 0 || (*slot >= 0 && *slot != c))
				return false;
			*slot = c;
		}
	}
	return true;
}

/* Printable ASCII first, so a blank cell decodes as a space. */
static int search_order(int i)
{
	return i < 0x5f ? 0x20 + i : (i - 0x5f + 0x7f) & 0xff;
}

static struct decoded decode_cell(const uint32_t *pixels, unsigned row,
				  unsigned col)
{
	struct decoded d;

	for (int i = 0; i < 256; i++) {
		d.ch = search_order(i);
		if (glyph_fits(pixels, row, col, font8x16[d.ch], &d))
			return d;
	}
	d.ch = -1;
	return d;
}

/* Would glyphs a in fg_a on bg_a and b in fg_b on bg_b give the same
 * pixels? */
static bool look_alike(const uint8_t *a, int fg_a, int bg_a,
		       const uint8_t *b, int fg_b, int bg_b)
{
	for (unsigned y = 0; y < 16; y++)
		for (unsigned x = 0; x < 8; x++) {
			uint8_t bit = 0x80 >> x;

			if (((a[y] & bit) ? fg_a : bg_a) !=
			    ((b[y] & bit) ? fg_b : bg_b))
				return false;
		}
	return true;
}

/* Does the cell decode to something that looks like want, drawn with
 * glyph rows want_rows (the font's, or with the cursor's lines set)? */
static bool cell_shows(const uint32_t *pixels, unsigned row, unsigned col,
		       struct vga_cell want, const uint8_t *want_rows)
{
	struct decoded d = decode_cell(pixels, row, col);

	return d.ch >= 0 &&
	       look_alike(font8x16[d.ch], d.fg, d.bg, want_rows,
			  want.attr & 0x0f, (want.attr >> 4) & 0x07);
}

/* The cursor cell as the CRT controller draws it with the cursor on: the
 * glyph with the cursor's scan lines set, in the cell's colours. */
static bool cursor_cell_shows(const uint32_t *pixels,
			      const struct vga_cursor *cur,
			      struct vga_cell want)
{
	uint8_t rows[16];
	struct decoded d;

	memcpy(rows, font8x16[want.ch], sizeof(rows));
	for (unsigned y = cur->start; y <= cur->end && y < 16; y++)
		rows[y] = 0xff;
	if (!glyph_fits(pixels, cur->row, cur->col, rows, &d))
		return false;
	return (d.fg < 0 || d.fg == (want.attr & 0x0f)) &&
	       (d.bg < 0 || d.bg == ((want.attr >> 4) & 0x07));
}

/*
 * Every cell of pixels decodes to what cells (row by row) holds; cur, if
 * not NULL, is a visible cursor whose cell may show it.
 */
static void expect_screen(const uint32_t *pixels, const struct vga_cell *cells,
			  const struct vga_cursor *cur)
{
	for (unsigned row = 0; row < ROWS; row++)
		for (unsigned col = 0; col < COLS; col++) {
			struct vga_cell want = cells[row * COLS + col];
			struct decoded d = decode_cell(pixels, row, col);

			if (cell_shows(pixels, row, col, want,
				       font8x16[want.ch]))
				continue;
			if (cur && cur->row == row && cur->col == col &&
			    cursor_cell_shows(pixels, cur, want))
				continue;
			fail_msg("cell %u,%u: decoded %d fg %d bg %d, buffer has "
				 "0x%02x attr 0x%02x", row, col, d.ch, d.fg,
				 d.bg, want.ch, want.attr);
		}
}

/* Row row of the screen as text, trailing blanks cut. */
static void decode_row(const uint32_t *pixels, unsigned row, char *out)
{
	int end = 0;

	for (unsigned col = 0; col < COLS; col++) {
		struct decoded d = decode_cell(pixels, row, col);

		assert_true(d.ch >= 0);
		out[col] = (char)d.ch;
		if (d.ch != ' ')
			end = (int)col + 1;
	}
	out[end] = '\0';
}

/* ---- the renderer --------------------------------------------------------- */

static struct sdl_screen screen;

/* Every character, in colours whose foreground differs from background. */
static void fill_pattern(struct vga_cell *cells, unsigned seed)
{
	for (unsigned i = 0; i < COLS * ROWS; i++) {
		unsigned fg = (i * 7 + seed) % 16, bg = (i / 3 + seed) % 8;

		if (fg == bg)
			fg += 8;
		cells[i].ch = (uint8_t)(i + seed);
		cells[i].attr = (uint8_t)(bg << 4 | fg);
	}
}

static void test_render_decodes_to_the_cells(void **state)
{
	(void)state;
	memset(&screen, 0, sizeof(screen));
	fill_pattern(screen.cells, 3);
	sdl_screen_render(&screen, frame);
	expect_screen(frame, screen.cells, NULL);
	/* Letters have glyphs of their own: they decode to themselves. */
	screen.cells[0] = (struct vga_cell){ 'A', 0x07 };
	screen.cells[1] = (struct vga_cell){ 'z', 0x1e };
	sdl_screen_render(&screen, frame);
	assert_int_equal(decode_cell(frame, 0, 0).ch, 'A');
	assert_int_equal(decode_cell(frame, 0, 1).ch, 'z');
	assert_int_equal(decode_cell(frame, 0, 1).fg, 14);
	assert_int_equal(decode_cell(frame, 0, 1).bg, 1);
}

/* Yellow on blue: set pixels 0xffff55, clear ones 0x0000aa. */
static void test_render_colours(void **state)
{
	(void)state;
	memset(&screen, 0, sizeof(screen));
	screen.cells[COLS + 2] = (struct vga_cell){ 0xdb, 0x1e }; /* full */
	screen.cells[COLS + 3] = (struct vga_cell){ ' ', 0x1e };
	screen.cells[COLS + 4] = (struct vga_cell){ ' ', 0xf0 };  /* blink */
	screen.blink_on = true;
	sdl_screen_render(&screen, frame);
	assert_int_equal(frame[16 * WIDTH + 16], 0xffffff55);
	assert_int_equal(frame[31 * WIDTH + 23], 0xffffff55);
	assert_int_equal(frame[16 * WIDTH + 24], 0xff0000aa);
	/* Bit 7 blinks, it does not brighten: background 7, light grey. */
	assert_int_equal(frame[16 * WIDTH + 32], 0xffaaaaaa);
	assert_int_equal(frame[0], 0xff000000);
}

static void test_render_blink(void **state)
{
	(void)state;
	memset(&screen, 0, sizeof(screen));
	screen.cells[0] = (struct vga_cell){ 'B', 0x8f };  /* blinking white */
	screen.blink_on = true;
	sdl_screen_render(&screen, frame);
	assert_int_equal(decode_cell(frame, 0, 0).ch, 'B');
	assert_int_equal(decode_cell(frame, 0, 0).fg, 15);
	screen.blink_on = false;
	sdl_screen_render(&screen, frame);
	assert_int_equal(decode_cell(frame, 0, 0).ch, ' ');
	assert_int_equal(decode_cell(frame, 0, 0).bg, 0);
}

/* Count the cursor cell's scan lines that are all foreground. */
static unsigned solid_lines(unsigned row, unsigned col, uint32_t fg)
{
	unsigned n = 0;

	for (unsigned y = 0; y < 16; y++) {
		const uint32_t *line = frame + (row * 16 + y) * WIDTH + col * 8;
		unsigned x = 0;

		while (x < 8 && line[x] == fg)
			x++;
		n += x == 8;
	}
	return n;
}

static void test_render_cursor(void **state)
{
	(void)state;
	memset(&screen, 0, sizeof(screen));
	screen.cells[3 * COLS + 4] = (struct vga_cell){ ' ', 0x0a };
	screen.cursor = (struct vga_cursor){ .row = 3, .col = 4,
		.visible = true, .start = 14, .end = 15 };
	screen.cursor_on = true;
	sdl_screen_render(&screen, frame);
	assert_int_equal(solid_lines(3, 4, 0xff55ff55), 2);
	assert_int_equal(frame[(3 * 16 + 14) * WIDTH + 4 * 8], 0xff55ff55);
	assert_int_equal(frame[(3 * 16 + 13) * WIDTH + 4 * 8], 0xff000000);

	screen.cursor.start = 0;                        /* a block */
	sdl_screen_render(&screen, frame);
	assert_int_equal(solid_lines(3, 4, 0xff55ff55), 16);
	screen.cursor_on = false;                       /* blinked off */
	sdl_screen_render(&screen, frame);
	assert_int_equal(solid_lines(3, 4, 0xff55ff55), 0);
	screen.cursor_on = true;
	screen.cursor.start = 15;                       /* start > end */
	screen.cursor.end = 14;
	sdl_screen_render(&screen, frame);
	assert_int_equal(solid_lines(3, 4, 0xff55ff55), 0);
	screen.cursor = (struct vga_cursor){ .row = 3, .col = 4,
		.visible = false, .start = 0, .end = 15 };
	sdl_screen_render(&screen, frame);
	assert_int_equal(solid_lines(3, 4, 0xff55ff55), 0);
}

/* The screen starts at the start address and wraps at the window's end. */
static void test_capture_wraps(void **state)
{
	struct guest_mem mem;
	uint8_t last[2] = { 'L', 0x07 }, first[2] = { 'F', 0x70 };

	(void)state;
	assert_int_equal(guest_mem_init(&mem, 4 << 20), 0);
	assert_int_equal(guest_mem_write(&mem, 0xb8000 + 0x8000 - 2, last, 2), 0);
	assert_int_equal(guest_mem_write(&mem, 0xb8000, first, 2), 0);
	sdl_screen_capture(&screen, &mem, 16384 - 1);
	assert_int_equal(screen.cells[0].ch, 'L');
	assert_int_equal(screen.cells[0].attr, 0x07);
	assert_int_equal(screen.cells[1].ch, 'F');
	assert_int_equal(screen.cells[1].attr, 0x70);
	guest_mem_destroy(&mem);
}

/* ---- the key table -------------------------------------------------------- */

static void expect_key(SDL_Scancode sc, bool down, size_t n, uint8_t b0,
		       uint8_t b1)
{
	uint8_t out[SDL_KEYS_MAX_BYTES] = { 0, 0 };

	assert_int_equal(sdl_keys_bytes(sc, down, out), n);
	if (n > 0)
		assert_int_equal(out[0], b0);
	if (n > 1)
		assert_int_equal(out[1], b1);
}

static void test_keys(void **state)
{
	(void)state;
	expect_key(SDL_SCANCODE_A, true, 1, 0x1e, 0);
	expect_key(SDL_SCANCODE_A, false, 1, 0x9e, 0);
	expect_key(SDL_SCANCODE_H, true, 1, 0x23, 0);
	expect_key(SDL_SCANCODE_0, true, 1, 0x0b, 0);
	expect_key(SDL_SCANCODE_RETURN, true, 1, 0x1c, 0);
	expect_key(SDL_SCANCODE_BACKSPACE, false, 1, 0x8e, 0);
	expect_key(SDL_SCANCODE_LSHIFT, true, 1, 0x2a, 0);
	expect_key(SDL_SCANCODE_SLASH, true, 1, 0x35, 0);
	expect_key(SDL_SCANCODE_F10, true, 1, 0x44, 0);
	expect_key(SDL_SCANCODE_F12, true, 1, 0x58, 0);
	expect_key(SDL_SCANCODE_KP_7, true, 1, 0x47, 0);
	expect_key(SDL_SCANCODE_UP, true, 2, 0xe0, 0x48);
	expect_key(SDL_SCANCODE_UP, false, 2, 0xe0, 0xc8);
	expect_key(SDL_SCANCODE_HOME, true, 2, 0xe0, 0x47);
	expect_key(SDL_SCANCODE_RCTRL, false, 2, 0xe0, 0x9d);
	expect_key(SDL_SCANCODE_KP_ENTER, true, 2, 0xe0, 0x1c);
	expect_key(SDL_SCANCODE_KP_DIVIDE, true, 2, 0xe0, 0x35);
	expect_key(SDL_SCANCODE_PRINTSCREEN, true, 0, 0, 0);
	expect_key(SDL_SCANCODE_F13, true, 0, 0, 0);
	expect_key(SDL_SCANCODE_UNKNOWN, true, 0, 0, 0);
	expect_key(SDL_NUM_SCANCODES, true, 0, 0, 0);
}

/* ---- the window on a VM --------------------------------------------------- */

struct vmfix {
	struct vm vm;
	struct sdl_window *win;
	struct exit_record exit;
	char serial[256];
	size_t serial_len;
};

static void sink(void *opaque, uint8_t byte)
{
	struct vmfix *f = opaque;

	if (f->serial_len + 1 < sizeof(f->serial))
		f->serial[f->serial_len++] = (char)byte;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static struct vmfix *vm_start(const struct backend_ops *backend,
			      enum mem_window_backing vga)
{
	const struct builtin_guest *g = guests_find("hello");
	struct vmfix *f = calloc(1, sizeof(*f));
	struct vm_config cfg = {
		.backend = backend,
		.serial = { sink, f },
		.vga = vga,
	};
	char err[200];

	assert_non_null(f);
	assert_non_null(g);
	cfg.image = g->image;
	cfg.image_size = (size_t)(g->image_end - g->image);
	assert_int_equal(vm_create(&f->vm, &cfg, err, sizeof(err)), 0);
	return f;
}

static void window_open_as(struct vmfix *f, bool close_hides)
{
	char err[200] = "";
	int ret;

	setenv("SDL_VIDEODRIVER", "offscreen", 1);
	ret = sdl_window_open(&f->win, &f->vm, close_hides, err, sizeof(err));
	if (ret)
		fail_msg("sdl_window_open: %d: %s", ret, err);
}

static void window_open(struct vmfix *f)
{
	window_open_as(f, false);
}

static void vm_finish(struct vmfix *f)
{
	sdl_window_close(f->win);
	vm_destroy(&f->vm);
	free(f);
}

static int setup_window(void **state)
{
	struct vmfix *f = vm_start(&soft_backend_ops, MEM_WINDOW_RAM);

	window_open(f);
	*state = f;
	return 0;
}

static int teardown_window(void **state)
{
	vm_finish(*state);
	return 0;
}

static void crtc_write(struct vmfix *f, uint8_t index, uint8_t value)
{
	uint64_t data = (uint64_t)value << 8 | index;

	assert_non_null(bus_pio_access(&f->vm.bus, 0x3d4, 2, true, &data));
}

/* Wait for a frame after frames_before; fails the test after WAIT_MS. */
static void wait_frame(struct vmfix *f, uint64_t frames_before)
{
	for (unsigned ms = 0; sdl_window_frames(f->win) <= frames_before; ms += 5) {
		if (ms >= WAIT_MS)
			fail_msg("no frame drawn in %d ms", WAIT_MS);
		sleep_ms(5);
	}
}

static struct vga_cell *vga_cells(struct vmfix *f)
{
	return guest_mem_ptr(&f->vm.mem, 0xb8000, 0x8000);
}

/* Write cells behind the dirty log's back, then say which page. */
static void store_cells(struct vmfix *f, const struct vga_cell *cells,
			unsigned first, unsigned n, bool mark)
{
	memcpy(vga_cells(f) + first, cells, n * sizeof(*cells));
	if (mark)
		guest_mem_mark_dirty(&f->vm.mem, 0xb8000 + 2 * first);
}

static void test_window_shows_the_buffer(void **state)
{
	struct vmfix *f = *state;
	static struct vga_cell cells[COLS * ROWS];
	uint64_t frames = sdl_window_frames(f->win);

	crtc_write(f, 0x0a, 0x20);                 /* cursor off */
	fill_pattern(cells, 0);
	store_cells(f, cells, 0, COLS * ROWS, true);
	wait_frame(f, frames);
	assert_int_equal(sdl_window_read_frame(f->win, frame), 0);
	expect_screen(frame, cells, NULL);
}

static void test_window_draws_only_on_change(void **state)
{
	struct vmfix *f = *state;
	const struct vga_cell x = { 'X', 0x07 }, y = { 'Y', 0x07 };
	uint64_t frames;

	wait_frame(f, 0);
	crtc_write(f, 0x0a, 0x20);
	store_cells(f, &x, 0, 1, true);
	wait_frame(f, sdl_window_frames(f->win));
	sleep_ms(100);            /* a frame may have seen one change only */
	frames = sdl_window_frames(f->win);
	sleep_ms(300);                           /* nine frame times, idle */
	assert_int_equal(sdl_window_frames(f->win), frames);

	store_cells(f, &y, 0, 1, false);         /* no dirty bit: not seen */
	sleep_ms(200);
	assert_int_equal(sdl_window_frames(f->win), frames);
	assert_int_equal(sdl_window_read_frame(f->win, frame), 0);
	assert_int_equal(decode_cell(frame, 0, 0).ch, 'X');

	guest_mem_mark_dirty(&f->vm.mem, 0xb8000);
	wait_frame(f, frames);
	assert_int_equal(sdl_window_read_frame(f->win, frame), 0);
	assert_int_equal(decode_cell(frame, 0, 0).ch, 'Y');

	frames = sdl_window_frames(f->win);      /* the start address moves */
	crtc_write(f, 0x0d, 1);
	wait_frame(f, frames);
	assert_int_equal(sdl_window_read_frame(f->win, frame), 0);
	assert_int_equal(decode_cell(frame, 0, 0).ch, ' ');
}

static void push_key(SDL_Scancode sc, bool down)
{
	SDL_Event ev = { .type = down ? SDL_KEYDOWN : SDL_KEYUP };

	ev.key.state = down ? SDL_PRESSED : SDL_RELEASED;
	ev.key.keysym.scancode = sc;
	assert_int_equal(SDL_PushEvent(&ev), 1);
}

static void expect_group(struct vmfix *f, int n, uint8_t b0, uint8_t b1)
{
	uint8_t group[KEYQUEUE_GROUP_MAX];

	assert_int_equal(key_queue_pop(&f->vm.keys, group), n);
	assert_int_equal(group[0], b0);
	if (n > 1)
		assert_int_equal(group[1], b1);
}

static void test_window_keys_go_to_the_guest(void **state)
{
	struct vmfix *f = *state;

	push_key(SDL_SCANCODE_A, true);
	push_key(SDL_SCANCODE_A, false);
	push_key(SDL_SCANCODE_UP, true);
	push_key(SDL_SCANCODE_UP, false);
	push_key(SDL_SCANCODE_PRINTSCREEN, true);    /* not mapped */
	for (unsigned ms = 0; key_queue_waiting(&f->vm.keys) < 4; ms += 5) {
		if (ms >= WAIT_MS)
			fail_msg("keys did not arrive");
		sleep_ms(5);
	}
	sleep_ms(50);
	assert_int_equal(key_queue_waiting(&f->vm.keys), 4);
	expect_group(f, 1, 0x1e, 0);
	expect_group(f, 1, 0x9e, 0);
	expect_group(f, 2, 0xe0, 0x48);
	expect_group(f, 2, 0xe0, 0xc8);
}

static void test_window_close_stops_the_vm(void **state)
{
	struct vmfix *f = *state;
	SDL_Event ev = { .type = SDL_WINDOWEVENT };

	ev.window.event = SDL_WINDOWEVENT_CLOSE;
	assert_int_equal(atomic_load(&f->vm.stop_requested), 0);
	assert_int_equal(SDL_PushEvent(&ev), 1);
	for (unsigned ms = 0; !atomic_load(&f->vm.stop_requested); ms += 5) {
		if (ms >= WAIT_MS)
			fail_msg("closing the window did not stop the VM");
		sleep_ms(5);
	}
	/* and the run says so: not "stopped by vmscope" as a signal's */
	assert_true(vm_stop_if_requested(&f->vm));
	assert_int_equal(f->vm.state, VM_STOPPED);
	assert_string_equal(f->vm.end_reason,
			    "stopped: the SDL window was closed");
	/* a front end waiting for the close hears of it; the window stays
	 * (the run's end closes it) */
	assert_true(sdl_window_wait_closed(f->win, WAIT_MS));
	assert_false(sdl_window_hidden(f->win));
}

/* Beside the full-screen view the close button hides the window and the
 * VM goes on. */
static void test_window_close_hides_beside_the_tui(void **state)
{
	struct vmfix *f = vm_start(&soft_backend_ops, MEM_WINDOW_RAM);
	SDL_Event close = { .type = SDL_WINDOWEVENT };

	(void)state;
	window_open_as(f, true);
	wait_frame(f, 0);
	assert_false(sdl_window_wait_closed(f->win, 0));
	close.window.event = SDL_WINDOWEVENT_CLOSE;
	assert_int_equal(SDL_PushEvent(&close), 1);
	assert_true(sdl_window_wait_closed(f->win, WAIT_MS));
	assert_true(sdl_window_hidden(f->win));
	assert_int_equal(atomic_load(&f->vm.stop_requested), 0);
	assert_int_equal(f->vm.state, VM_RUNNING);
	vm_finish(f);
}

/*
 * Without a display the window is refused with a reason, and SDL is left
 * as it was found: the next open (offscreen) works.  Both refusals are
 * forced the same way on any host: $DISPLAY unset, x11 asked for.
 */
static void test_window_without_a_display(void **state)
{
	struct vmfix *f = vm_start(&soft_backend_ops, MEM_WINDOW_RAM);
	struct sdl_window *w = NULL;
	char err[200] = "";

	(void)state;
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	/* no driver asked for: SDL is not tried (Wayland's client library
	 * would print its XDG_RUNTIME_DIR noise) */
	unsetenv("SDL_VIDEODRIVER");
	assert_int_equal(sdl_window_open(&w, &f->vm, false, err, sizeof(err)),
			 -ENODEV);
	assert_null(w);
	assert_string_equal(err, "cannot open a window: no display found "
			    "($DISPLAY and $WAYLAND_DISPLAY are not set)");
	setenv("SDL_VIDEODRIVER", "x11", 1);
	assert_int_equal(sdl_window_open(&w, &f->vm, false, err, sizeof(err)),
			 -ENODEV);
	assert_null(w);
	assert_non_null(strstr(err, "cannot start SDL's video: "));
	/* x11 fails, SDL falls back to a driver that shows nothing: refused,
	 * since it was not the one asked for */
	setenv("SDL_VIDEODRIVER", "x11,offscreen", 1);
	assert_int_equal(sdl_window_open(&w, &f->vm, false, err, sizeof(err)),
			 -ENODEV);
	assert_null(w);
	assert_string_equal(err, "cannot open a window: no display found (is "
			    "$DISPLAY set?); SDL would draw to its invisible "
			    "'offscreen' driver");
	window_open(f);
	wait_frame(f, 0);
	vm_finish(f);
}

/* ---- the hello guest, end to end ----------------------------------------- */

static void run_to_end(struct vmfix *f)
{
	for (unsigned n = 0; f->vm.state == VM_RUNNING; n++) {
		assert_true(n < 1000000);
		assert_int_equal(vm_run_exit(&f->vm, &f->exit), 0);
	}
	assert_int_equal(f->vm.state, VM_EXITED);
	assert_int_equal(f->vm.exit_status, 0);
}

/*
 * Run hello to its end, open the window, decode the frame: every cell is
 * the VGA buffer's, and the first two rows read as hello's output.  The
 * cursor blinks, so its cell may show its scan lines or not.
 */
static void hello_screen(const struct backend_ops *backend,
			 enum mem_window_backing vga, uint64_t mmio_stores)
{
	struct vmfix *f = vm_start(backend, vga);
	struct vga_text_counters c;
	struct vga_cursor cur;
	char text[COLS + 1];

	run_to_end(f);
	assert_string_equal(f->serial,
			    "Hello, world!\n2 + 40 = 42, in hex 0x2a\n");
	vga_text_get_counters(f->vm.vga, &c);
	assert_int_equal(c.mmio_stores, mmio_stores);
	vga_text_get_cursor(f->vm.vga, &cur);
	assert_true(cur.visible);
	assert_int_equal(cur.row, 2);
	assert_int_equal(cur.col, 0);
	window_open(f);
	wait_frame(f, 0);
	assert_int_equal(sdl_window_read_frame(f->win, frame), 0);
	expect_screen(frame, vga_cells(f), &cur);
	decode_row(frame, 0, text);
	assert_string_equal(text, "Hello, world!");
	decode_row(frame, 1, text);
	assert_string_equal(text, "2 + 40 = 42, in hex 0x2a");
	vm_finish(f);
}

/* hello prints 13 + 24 characters: one 16-bit store each. */
#define HELLO_CELL_STORES 37

static void test_hello_soft(void **state)
{
	(void)state;
	hello_screen(&soft_backend_ops, MEM_WINDOW_RAM, 0);
	hello_screen(&soft_backend_ops, MEM_WINDOW_MMIO, HELLO_CELL_STORES);
}

static void test_hello_kvm(void **state)
{
	char why[200];

	(void)state;
	if (!probe_require("kvm", why, sizeof(why))) {
		print_message("kvm variant skipped: %s\n", why);
		skip();
	}
	hello_screen(&kvm_backend_ops, MEM_WINDOW_RAM, 0);
	hello_screen(&kvm_backend_ops, MEM_WINDOW_MMIO, HELLO_CELL_STORES);
}

/* SDL2 is loaded when a window opens (tui/sdl_lib.h): the table holds the
 * very functions this test links, and a missing library is said plainly. */
static void test_lib_loads_the_functions(void **state)
{
	struct sdl_lib lib;
	char err[256] = "";

	(void)state;
	assert_int_equal(sdl_lib_open(&lib, SDL_LIB_SONAME, err, sizeof(err)),
			 0);
	assert_ptr_equal(lib.InitSubSystem, SDL_InitSubSystem);
	assert_ptr_equal(lib.CreateWindow, SDL_CreateWindow);
	assert_ptr_equal(lib.GetTicks64, SDL_GetTicks64);
	assert_ptr_equal(lib.WaitEventTimeout, SDL_WaitEventTimeout);
	assert_ptr_equal(sdl_lib_get(err, sizeof(err))->RenderReadPixels,
			 SDL_RenderReadPixels);
}

static void test_lib_missing(void **state)
{
	struct sdl_lib lib;
	char err[256] = "";

	(void)state;
	assert_int_equal(sdl_lib_open(&lib, "libSDL2-not-here.so.0", err,
				      sizeof(err)), -ENOENT);
	assert_string_equal(err, "SDL2 is not installed: libSDL2-not-here.so.0: "
			    "cannot open shared object file: No such file or "
			    "directory (Debian: apt-get install libsdl2-2.0-0)");
}

#define T_WIN(fn) \
	cmocka_unit_test_setup_teardown(fn, setup_window, teardown_window)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_decodes_to_the_cells),
		cmocka_unit_test(test_render_colours),
		cmocka_unit_test(test_render_blink),
		cmocka_unit_test(test_render_cursor),
		cmocka_unit_test(test_capture_wraps),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_lib_loads_the_functions),
		cmocka_unit_test(test_lib_missing),
		T_WIN(test_window_shows_the_buffer),
		T_WIN(test_window_draws_only_on_change),
		T_WIN(test_window_keys_go_to_the_guest),
		T_WIN(test_window_close_stops_the_vm),
		cmocka_unit_test(test_window_close_hides_beside_the_tui),
		cmocka_unit_test(test_window_without_a_display),
		cmocka_unit_test(test_hello_soft),
		cmocka_unit_test(test_hello_kvm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
