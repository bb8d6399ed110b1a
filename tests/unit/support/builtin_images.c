/*
 * tests/unit/support/builtin_images.c - see builtin_images.h.
 */
#include <errno.h>
#include <stdio.h>

#include "core/guests.h"
#include "tests/unit/support/builtin_images.h"

static int open_image(void *ctx, const struct cell_config *cell,
		      const uint8_t **bytes, size_t *len, char *why,
		      size_t whylen)
{
	const struct builtin_guest *g = guests_find(cell->image);

	(void)ctx;
	if (!g) {
		snprintf(why, whylen, "no such guest");
		return -ENOENT;
	}
	*bytes = g->image;
	*len = (size_t)(g->image_end - g->image);
	return 0;
}

static void close_image(void *ctx)
{
	(void)ctx;
}

/* Every image a built-in guest: no file. */
static bool no_path(void *ctx, const struct cell_config *cell, char *buf,
		    size_t len)
{
	(void)ctx;
	(void)cell;
	(void)buf;
	(void)len;
	return false;
}

const struct cells_images builtin_cell_images = {
	.open = open_image, .close = close_image, .path = no_path,
};
