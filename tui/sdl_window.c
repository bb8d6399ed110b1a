/*
 * tui/sdl_window.c - the SDL2 window and its display thread.
 *
 * The display thread sets SDL up, then loops: wait for SDL events until
 * the next frame is due (so a key press goes to the guest at once, not
 * at the next frame), and every SDL_WINDOW_FRAME_MS look at the screen
 * and draw it if it changed.  A frame is drawn by the CPU
 * (tui/sdl_screen.c) into a pixel array, uploaded to a streaming texture,
 * copied to a 640x400 target texture - the frame, which
 * sdl_window_read_frame reads back - and the frame is scaled to the
 * window.  An exposed or resized window shows the same frame again.
 *
 * Blink timing: a VGA toggles the cursor every 16 frames and blinking
 * characters every 32; at 60 frames a second that is SDL_WINDOW_CURSOR_MS
 * and SDL_WINDOW_BLINK_MS.  Both phases come from SDL's clock, so the
 * display never needs the guest's.
 *
 * SDL2 itself is loaded by the first window (tui/sdl_lib.h): a run
 * without one never maps it.
 *
 * Threading: the display thread alone calls SDL and touches the fields
 * under "display thread only".  It reads guest RAM while the vCPU writes
 * it; a frame may show a cell half-updated, and the write's dirty page
 * brings the next frame.  lock guards the start-up and read-back
 * handshakes.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "devices/vga_text.h"
#include "tui/sdl_keys.h"
#include "tui/sdl_lib.h"
#include "tui/sdl_screen.h"
#include "tui/sdl_window.h"

#define SDL_WINDOW_TITLE     "vmscope: VGA text 80x25"
#define SDL_WINDOW_FRAME_MS  33    /* look at the screen 30 times a second */
#define SDL_WINDOW_CURSOR_MS 267   /* 16 frames at 60 Hz */
#define SDL_WINDOW_BLINK_MS  533   /* 32 frames */
#define SDL_WINDOW_READ_TIMEOUT_S 2
#define SDL_WINDOW_PITCH     (SDL_SCREEN_WIDTH * (int)sizeof(uint32_t))

/* What a frame shows besides the cells, to tell if the next one differs. */
struct sdl_view {
	unsigned start;          /* the CRT controller's start address */
	struct vga_cursor cursor;
	bool cursor_on;          /* blink phases */
	bool blink_on;
	bool has_blink;          /* some cell blinks */
};

struct sdl_window {
	const struct sdl_lib *sdl;   /* SDL2's functions (tui/sdl_lib.h) */
	struct vm *vm;
	bool close_hides;        /* closing hides the window (the TUI) */
	pthread_t thread;
	_Atomic bool quit;
	_Atomic uint64_t frames;
	bool closed;             /* under lock: its user closed the window */
	_Atomic bool hidden;     /* SDL says the close button hid it */

	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool started;            /* the display thread's set-up is over */
	int start_err;           /* ... with this result */
	char start_msg[160];
	uint32_t *readback;      /* a caller waits for the frame here */
	int readback_err;

	/* display thread only */
	SDL_Window *window;
	SDL_Renderer *renderer;
	SDL_Texture *upload;     /* streaming: the CPU-drawn pixels */
	SDL_Texture *frame;      /* render target: the screen at 640x400 */
	bool drawn;              /* shown holds the last frame's view */
	struct sdl_view shown;
	struct sdl_screen screen;
	uint32_t pixels[SDL_SCREEN_WIDTH * SDL_SCREEN_HEIGHT];
};

/* ---- set-up and tear-down (display thread) ------------------------------ */

static void display_teardown(struct sdl_window *w)
{
	if (w->frame)
		w->sdl->DestroyTexture(w->frame);
	if (w->upload)
		w->sdl->DestroyTexture(w->upload);
	if (w->renderer)
		w->sdl->DestroyRenderer(w->renderer);
	if (w->window)
		w->sdl->DestroyWindow(w->window);
	w->sdl->Quit();
}

static int setup_failed(struct sdl_window *w, const char *what)
{
	snprintf(w->start_msg, sizeof(w->start_msg), "%s: %s", what,
		 w->sdl->GetError());
	display_teardown(w);
	return -ENODEV;
}

/* SDL falls back to a video driver that shows nothing (offscreen, dummy)
 * when it finds no display; that is only right when asked for by name
 * ($SDL_VIDEODRIVER), as the headless test does. */
static bool display_invisible_unasked(const struct sdl_window *w)
{
	const char *driver = w->sdl->GetCurrentVideoDriver();
	const char *asked = w->sdl->GetHint(SDL_HINT_VIDEODRIVER);

	if (strcmp(driver, "offscreen") != 0 && strcmp(driver, "dummy") != 0)
		return false;
	return !asked || strcasecmp(asked, driver) != 0;
}

/* Without a display SDL tries every driver it has, and Wayland's client
 * library prints "error: XDG_RUNTIME_DIR is invalid or not set" on the
 * way: say there is no display before SDL tries, and with only X11's
 * $DISPLAY ask for X11 alone.  $SDL_VIDEODRIVER, when set, decides. */
static int choose_driver(struct sdl_window *w)
{
	bool x11 = getenv("DISPLAY") && getenv("DISPLAY")[0];
	bool wayland = getenv("WAYLAND_DISPLAY") &&
		       getenv("WAYLAND_DISPLAY")[0];

	if (getenv("SDL_VIDEODRIVER"))
		return 0;
	if (!x11 && !wayland) {
		snprintf(w->start_msg, sizeof(w->start_msg), "cannot open a "
			 "window: no display found ($DISPLAY and "
			 "$WAYLAND_DISPLAY are not set)");
		return -ENODEV;
	}
	if (!wayland)
		w->sdl->SetHint(SDL_HINT_VIDEODRIVER, "x11");
	return 0;
}

static int display_setup(struct sdl_window *w)
{
	if (choose_driver(w))
		return -ENODEV;
	/* SDL would turn SIGINT and SIGTERM into SDL_QUIT events. */
	w->sdl->SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	/* A 640x400 frame a few times a second needs no GPU: SDL's own
	 * software renderer, on a window surface that is not itself an
	 * OpenGL texture, works on every display, the headless test's
	 * included, and loads no GL driver ($SDL_RENDER_DRIVER and
	 * $SDL_FRAMEBUFFER_ACCELERATION still override both). */
	w->sdl->SetHint(SDL_HINT_RENDER_DRIVER, "software");
	w->sdl->SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	if (w->sdl->InitSubSystem(SDL_INIT_VIDEO) != 0)
		return setup_failed(w, "cannot start SDL's video");
	if (display_invisible_unasked(w)) {
		snprintf(w->start_msg, sizeof(w->start_msg), "cannot open a "
			 "window: no display found (is $DISPLAY set?); SDL "
			 "would draw to its invisible '%s' driver",
			 w->sdl->GetCurrentVideoDriver());
		display_teardown(w);
		return -ENODEV;
	}
	w->window = w->sdl->CreateWindow(SDL_WINDOW_TITLE,
					 SDL_WINDOWPOS_UNDEFINED,
					 SDL_WINDOWPOS_UNDEFINED,
					 SDL_SCREEN_WIDTH, SDL_SCREEN_HEIGHT,
					 SDL_WINDOW_RESIZABLE);
	if (!w->window)
		return setup_failed(w, "cannot open the SDL window");
	w->renderer = w->sdl->CreateRenderer(w->window, -1,
					     SDL_RENDERER_TARGETTEXTURE);
	if (!w->renderer)
		return setup_failed(w, "cannot create an SDL renderer");
	w->upload = w->sdl->CreateTexture(w->renderer,
					  SDL_PIXELFORMAT_ARGB8888,
					  SDL_TEXTUREACCESS_STREAMING,
					  SDL_SCREEN_WIDTH, SDL_SCREEN_HEIGHT);
	w->frame = w->sdl->CreateTexture(w->renderer, SDL_PIXELFORMAT_ARGB8888,
					 SDL_TEXTUREACCESS_TARGET,
					 SDL_SCREEN_WIDTH, SDL_SCREEN_HEIGHT);
	if (!w->upload || !w->frame)
		return setup_failed(w, "cannot create SDL textures");
	return 0;
}

/* ---- drawing (display thread) ------------------------------------------- */

static void present(struct sdl_window *w)
{
	w->sdl->RenderClear(w->renderer);
	w->sdl->RenderCopy(w->renderer, w->frame, NULL, NULL);
	w->sdl->RenderPresent(w->renderer);
}

static void draw(struct sdl_window *w, struct sdl_view *view)
{
	struct sdl_screen *s = &w->screen;

	sdl_screen_capture(s, &w->vm->mem, view->start);
	s->cursor = view->cursor;
	s->cursor_on = view->cursor_on;
	s->blink_on = view->blink_on;
	sdl_screen_render(s, w->pixels);
	view->has_blink = sdl_screen_has_blink(s);

	w->sdl->UpdateTexture(w->upload, NULL, w->pixels, SDL_WINDOW_PITCH);
	w->sdl->SetRenderTarget(w->renderer, w->frame);
	w->sdl->RenderCopy(w->renderer, w->upload, NULL, NULL);
	w->sdl->SetRenderTarget(w->renderer, NULL);
	present(w);
	atomic_fetch_add(&w->frames, 1);
}

static bool cursor_equal(const struct vga_cursor *a,
			 const struct vga_cursor *b)
{
	return a->row == b->row && a->col == b->col &&
	       a->visible == b->visible && a->start == b->start &&
	       a->end == b->end;
}

/* Would a frame of view look different from the one on screen (the cells
 * aside: their pages' dirty bits say that)? */
static bool view_changed(const struct sdl_view *shown,
			 const struct sdl_view *view)
{
	return shown->start != view->start ||
	       !cursor_equal(&shown->cursor, &view->cursor) ||
	       (view->cursor.visible && shown->cursor_on != view->cursor_on) ||
	       (shown->has_blink && shown->blink_on != view->blink_on);
}

/* The dirty bits are taken before the cells are read: a store after the
 * take marks its page again, for the next frame. */
static void refresh(struct sdl_window *w, uint64_t now_ms)
{
	uint64_t dirty = vm_vga_take_dirty(w->vm);
	struct sdl_view view = {
		.start = vga_text_get_start(w->vm->vga),
		.cursor_on = (now_ms / SDL_WINDOW_CURSOR_MS) % 2 == 0,
		.blink_on = (now_ms / SDL_WINDOW_BLINK_MS) % 2 == 0,
		.has_blink = w->shown.has_blink,
	};

	vga_text_get_cursor(w->vm->vga, &view.cursor);
	if (w->drawn && !dirty && !view_changed(&w->shown, &view))
		return;
	draw(w, &view);
	w->shown = view;
	w->drawn = true;
}

static int read_frame_pixels(struct sdl_window *w, uint32_t *pixels)
{
	int ret;

	w->sdl->SetRenderTarget(w->renderer, w->frame);
	ret = w->sdl->RenderReadPixels(w->renderer, NULL,
				       SDL_PIXELFORMAT_ARGB8888, pixels,
				       SDL_WINDOW_PITCH);
	w->sdl->SetRenderTarget(w->renderer, NULL);
	return ret == 0 ? 0 : -EIO;
}

static void serve_readback(struct sdl_window *w)
{
	pthread_mutex_lock(&w->lock);
	if (w->readback) {
		w->readback_err = read_frame_pixels(w, w->readback);
		w->readback = NULL;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
}

/* ---- input (display thread) --------------------------------------------- */

static void send_key(struct sdl_window *w, const SDL_KeyboardEvent *key)
{
	uint8_t bytes[SDL_KEYS_MAX_BYTES];
	size_t n = sdl_keys_bytes(key->keysym.scancode,
				  key->type == SDL_KEYDOWN, bytes);

	/* -ENOSPC: a megabyte of keys is already waiting; this one is lost,
	 * as a real keyboard's would be with its buffer full. */
	if (n)
		(void)vm_keys_push(w->vm, bytes, n);
}

/* How a run the window's close button ended reads. */
static const char window_closed[] = "stopped: the SDL window was closed";

/* The close button: beside the TUI the window goes out of sight and the
 * TUI goes on; otherwise the run stops (if the guest still runs).  Either
 * way a front end waiting for it hears of it. */
static void window_close(struct sdl_window *w)
{
	if (w->close_hides)
		w->sdl->HideWindow(w->window);
	else
		vm_request_stop_why(w->vm, window_closed);
	atomic_store(&w->hidden,
		     w->sdl->GetWindowFlags(w->window) & SDL_WINDOW_HIDDEN);
	pthread_mutex_lock(&w->lock);
	w->closed = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

static void handle_event(struct sdl_window *w, const SDL_Event *ev)
{
	switch (ev->type) {
	case SDL_QUIT:   /* the last window closed, or the desktop asks */
		window_close(w);
		break;
	case SDL_WINDOWEVENT:
		if (ev->window.event == SDL_WINDOWEVENT_CLOSE)
			window_close(w);
		else if (w->drawn)
			present(w);   /* exposed, resized, ...: show it again */
		break;
	case SDL_KEYDOWN:
	case SDL_KEYUP:
		send_key(w, &ev->key);
		break;
	default:
		break;
	}
}

/* ---- the display thread ------------------------------------------------- */

static void display_loop(struct sdl_window *w)
{
	uint64_t next_frame = w->sdl->GetTicks64();
	SDL_Event ev;

	while (!atomic_load(&w->quit)) {
		uint64_t now = w->sdl->GetTicks64();

		if (now < next_frame) {
			if (w->sdl->WaitEventTimeout(&ev,
						     (int)(next_frame - now)))
				handle_event(w, &ev);
			continue;
		}
		next_frame = now + SDL_WINDOW_FRAME_MS;
		refresh(w, now);
		serve_readback(w);
	}
}

static void announce_start(struct sdl_window *w, int err)
{
	pthread_mutex_lock(&w->lock);
	w->start_err = err;
	w->started = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

static void *display_main(void *arg)
{
	struct sdl_window *w = arg;
	int err = display_setup(w);

	announce_start(w, err);
	if (err)
		return NULL;
	display_loop(w);
	display_teardown(w);
	return NULL;
}

/* ---- the API (the front end's thread) ----------------------------------- */

static void window_free(struct sdl_window *w)
{
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

static int wait_for_start(struct sdl_window *w)
{
	int err;

	pthread_mutex_lock(&w->lock);
	while (!w->started)
		pthread_cond_wait(&w->cond, &w->lock);
	err = w->start_err;
	pthread_mutex_unlock(&w->lock);
	return err;
}

int sdl_window_open(struct sdl_window **out, struct vm *vm,
		    bool close_hides, char *err, size_t errlen)
{
	const struct sdl_lib *sdl;
	struct sdl_window *w;
	int ret;

	if (!vm->vga) {
		snprintf(err, errlen, "the VM has no VGA to show");
		return -ENODEV;
	}
	sdl = sdl_lib_get(err, errlen);
	if (!sdl)
		return -ENODEV;
	w = calloc(1, sizeof(*w));
	if (!w) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	w->sdl = sdl;
	w->vm = vm;
	w->close_hides = close_hides;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	ret = -pthread_create(&w->thread, NULL, display_main, w);
	if (ret) {
		snprintf(err, errlen, "cannot start the display thread: %s",
			 strerror(-ret));
		window_free(w);
		return ret;
	}
	ret = wait_for_start(w);
	if (ret) {
		pthread_join(w->thread, NULL);
		snprintf(err, errlen, "%s", w->start_msg);
		window_free(w);
		return ret;
	}
	*out = w;
	return 0;
}

void sdl_window_close(struct sdl_window *w)
{
	if (!w)
		return;
	atomic_store(&w->quit, true);
	pthread_join(w->thread, NULL);
	window_free(w);
}

bool sdl_window_wait_closed(struct sdl_window *w, int timeout_ms)
{
	struct timespec deadline;
	bool closed;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->lock);
	while (!w->closed &&
	       pthread_cond_timedwait(&w->cond, &w->lock, &deadline) == 0)
		;
	closed = w->closed;
	pthread_mutex_unlock(&w->lock);
	return closed;
}

bool sdl_window_hidden(struct sdl_window *w)
{
	return atomic_load(&w->hidden);
}

uint64_t sdl_window_frames(const struct sdl_window *w)
{
	return atomic_load(&w->frames);
}

int sdl_window_read_frame(struct sdl_window *w, uint32_t *pixels)
{
	struct timespec deadline;
	int err = 0;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += SDL_WINDOW_READ_TIMEOUT_S;
	pthread_mutex_lock(&w->lock);
	w->readback = pixels;
	while (w->readback == pixels && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&w->cond, &w->lock, &deadline);
	if (w->readback == pixels) {
		w->readback = NULL;      /* withdrawn: the thread must not write */
		err = -ETIMEDOUT;
	} else {
		err = w->readback_err;
	}
	pthread_mutex_unlock(&w->lock);
	return err;
}
