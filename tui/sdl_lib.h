/*
 * tui/sdl_lib.h - SDL2, loaded only when a window opens (`--display sdl`).
 *
 * Most runs show no window, yet a program linked against SDL2 makes the
 * dynamic loader map and relocate SDL2 and the ~54 libraries it needs (X11,
 * Wayland, sound, ...) before main() - about 6 ms of the 8 ms from a
 * process start to a guest's first console byte.  So vmscope does not link
 * SDL2: the first window dlopen()s SDL_LIB_SONAME and looks up the
 * functions tui/sdl_window.c calls into struct sdl_lib, whose members have
 * exactly the types SDL's own header declares (the header, from
 * libsdl2-dev, is still needed to build; the library only to open a
 * window).  Calls read sdl->CreateWindow(...) instead of SDL_CreateWindow(...).
 */
#ifndef TUI_SDL_LIB_H
#define TUI_SDL_LIB_H

#include <stddef.h>

#include <SDL.h>

/* The runtime library's name (Debian's package libsdl2-2.0-0). */
#define SDL_LIB_SONAME "libSDL2-2.0.so.0"

/* Each member's type is a pointer to the SDL function of the same name
 * with the SDL_ prefix (__typeof__ takes it from SDL.h). */
struct sdl_lib {
	__typeof__(&SDL_InitSubSystem) InitSubSystem;
	__typeof__(&SDL_Quit) Quit;
	__typeof__(&SDL_GetError) GetError;
	__typeof__(&SDL_SetHint) SetHint;
	__typeof__(&SDL_GetHint) GetHint;
	__typeof__(&SDL_GetCurrentVideoDriver) GetCurrentVideoDriver;
	__typeof__(&SDL_GetTicks64) GetTicks64;
	__typeof__(&SDL_CreateWindow) CreateWindow;
	__typeof__(&SDL_DestroyWindow) DestroyWindow;
	__typeof__(&SDL_HideWindow) HideWindow;
	__typeof__(&SDL_GetWindowFlags) GetWindowFlags;
	__typeof__(&SDL_CreateRenderer) CreateRenderer;
	__typeof__(&SDL_DestroyRenderer) DestroyRenderer;
	__typeof__(&SDL_CreateTexture) CreateTexture;
	__typeof__(&SDL_DestroyTexture) DestroyTexture;
	__typeof__(&SDL_UpdateTexture) UpdateTexture;
	__typeof__(&SDL_SetRenderTarget) SetRenderTarget;
	__typeof__(&SDL_RenderClear) RenderClear;
	__typeof__(&SDL_RenderCopy) RenderCopy;
	__typeof__(&SDL_RenderPresent) RenderPresent;
	__typeof__(&SDL_RenderReadPixels) RenderReadPixels;
	__typeof__(&SDL_WaitEventTimeout) WaitEventTimeout;
};

/*
 * Open soname and fill *lib.  0; or -ENOENT when the library cannot be
 * opened ("SDL2 is not installed: <the loader's reason> ..."), -ENOSYS
 * when it lacks a function (too old an SDL2), with the reason in err.
 * The library stays loaded for the process's life.
 */
int sdl_lib_open(struct sdl_lib *lib, const char *soname, char *err,
		 size_t errlen);
/* The process's table, opened from SDL_LIB_SONAME on the first call (any
 * thread; later calls give the first result).  NULL with the reason in
 * err when SDL2 cannot be used. */
const struct sdl_lib *sdl_lib_get(char *err, size_t errlen);

#endif /* TUI_SDL_LIB_H */
