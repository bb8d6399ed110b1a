/*
 * tui/sdl_lib.c - SDL2 by dlopen() (see tui/sdl_lib.h).
 *
 * dlsym() gives a void pointer; POSIX guarantees it converts to the
 * function pointer it really is, which the casts below say.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#include "tui/sdl_lib.h"

/* One function, or the name of the first one missing. */
static void *sym(void *handle, const char *name, const char **missing)
{
	void *p = dlsym(handle, name);

	if (!p && !*missing)
		*missing = name;
	return p;
}

static const char *fill(struct sdl_lib *l, void *h)
{
	const char *m = NULL;

	l->InitSubSystem = (__typeof__(l->InitSubSystem))
		sym(h, "SDL_InitSubSystem", &m);
	l->Quit = (__typeof__(l->Quit))sym(h, "SDL_Quit", &m);
	l->GetError = (__typeof__(l->GetError))sym(h, "SDL_GetError", &m);
	l->SetHint = (__typeof__(l->SetHint))sym(h, "SDL_SetHint", &m);
	l->GetHint = (__typeof__(l->GetHint))sym(h, "SDL_GetHint", &m);
	l->GetCurrentVideoDriver = (__typeof__(l->GetCurrentVideoDriver))
		sym(h, "SDL_GetCurrentVideoDriver", &m);
	l->GetTicks64 = (__typeof__(l->GetTicks64))
		sym(h, "SDL_GetTicks64", &m);
	l->CreateWindow = (__typeof__(l->CreateWindow))
		sym(h, "SDL_CreateWindow", &m);
	l->DestroyWindow = (__typeof__(l->DestroyWindow))
		sym(h, "SDL_DestroyWindow", &m);
	l->HideWindow = (__typeof__(l->HideWindow))
		sym(h, "SDL_HideWindow", &m);
	l->GetWindowFlags = (__typeof__(l->GetWindowFlags))
		sym(h, "SDL_GetWindowFlags", &m);
	l->CreateRenderer = (__typeof__(l->CreateRenderer))
		sym(h, "SDL_CreateRenderer", &m);
	l->DestroyRenderer = (__typeof__(l->DestroyRenderer))
		sym(h, "SDL_DestroyRenderer", &m);
	l->CreateTexture = (__typeof__(l->CreateTexture))
		sym(h, "SDL_CreateTexture", &m);
	l->DestroyTexture = (__typeof__(l->DestroyTexture))
		sym(h, "SDL_DestroyTexture", &m);
	l->UpdateTexture = (__typeof__(l->UpdateTexture))
		sym(h, "SDL_UpdateTexture", &m);
	l->SetRenderTarget = (__typeof__(l->SetRenderTarget))
		sym(h, "SDL_SetRenderTarget", &m);
	l->RenderClear = (__typeof__(l->RenderClear))
		sym(h, "SDL_RenderClear", &m);
	l->RenderCopy = (__typeof__(l->RenderCopy))
		sym(h, "SDL_RenderCopy", &m);
	l->RenderPresent = (__typeof__(l->RenderPresent))
		sym(h, "SDL_RenderPresent", &m);
	l->RenderReadPixels = (__typeof__(l->RenderReadPixels))
		sym(h, "SDL_RenderReadPixels", &m);
	l->WaitEventTimeout = (__typeof__(l->WaitEventTimeout))
		sym(h, "SDL_WaitEventTimeout", &m);
	return m;
}

int sdl_lib_open(struct sdl_lib *lib, const char *soname, char *err,
		 size_t errlen)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	const char *missing;

	if (!h) {
		snprintf(err, errlen, "SDL2 is not installed: %s (Debian: "
			 "apt-get install libsdl2-2.0-0)", dlerror());
		return -ENOENT;
	}
	missing = fill(lib, h);
	if (missing) {
		snprintf(err, errlen, "%s has no %s: SDL 2.0.18 or later is "
			 "needed", soname, missing);
		dlclose(h);
		return -ENOSYS;
	}
	return 0;
}

static struct sdl_lib process_lib;
static int process_err;
static char process_msg[256];
static pthread_once_t process_once = PTHREAD_ONCE_INIT;

static void open_process_lib(void)
{
	process_err = sdl_lib_open(&process_lib, SDL_LIB_SONAME, process_msg,
				   sizeof(process_msg));
}

const struct sdl_lib *sdl_lib_get(char *err, size_t errlen)
{
	pthread_once(&process_once, open_process_lib);
	if (process_err) {
		snprintf(err, errlen, "%s", process_msg);
		return NULL;
	}
	return &process_lib;
}
