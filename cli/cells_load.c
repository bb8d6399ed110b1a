/*
 * cli/cells_load.c - a .cell file from disk to a checked configuration
 * (see cli/cells_load.h): the file read whole, core/cells_parse.c and
 * core/cells_check.c run over it, the images opened through
 * cli/guest_image.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cells_load.h"
#include "core/guests.h"
#include "core/user_file.h"

/* The file cell c's image is read from, relative to the .cell file's
 * folder, into path; false for a built-in guest.  A path that does not
 * fit in len is left empty, which no file is named. */
static bool image_path(const struct cells_config *cfg,
		       const struct cell_config *c, char *path, size_t len)
{
	if (!strchr(c->image, '/') && guests_find(c->image))
		return false;
	if (cells_path(cfg, c->image, path, len))
		path[0] = '\0';
	return true;
}

int cells_image_open(const struct cells_config *cfg,
		     const struct cell_config *c, struct guest_image *img,
		     char *err, size_t errlen)
{
	char path[2 * CELL_TEXT_MAX];
	int ret;

	if (!image_path(cfg, c, path, sizeof(path)))
		return guest_image_open(img, c->image, err, errlen);
	ret = guest_image_open(img, path, err, errlen);
	img->name = c->image;
	return ret;
}

/* The checker's way to the images (core/cells.h): one open at a time. */
struct image_ctx {
	const struct cells_config *cfg;
	struct guest_image img;
};

static int open_image(void *opaque, const struct cell_config *c,
		      const uint8_t **bytes, size_t *len, char *why,
		      size_t whylen)
{
	struct image_ctx *ctx = opaque;
	int ret = cells_image_open(ctx->cfg, c, &ctx->img, why, whylen);

	if (ret)
		return ret;
	*bytes = ctx->img.bytes;
	*len = ctx->img.size;
	return 0;
}

static void close_image(void *opaque)
{
	struct image_ctx *ctx = opaque;

	guest_image_close(&ctx->img);
}

static bool path_of_image(void *opaque, const struct cell_config *c,
			  char *buf, size_t len)
{
	struct image_ctx *ctx = opaque;

	return image_path(ctx->cfg, c, buf, len);
}

int cells_load(const char *path, struct cells_config *cfg, char *err,
	       size_t errlen)
{
	struct image_ctx ctx = { .cfg = cfg };
	struct cells_images images = {
		.open = open_image, .close = close_image,
		.path = path_of_image, .ctx = &ctx,
	};
	char *text = NULL;
	/* a FIFO is refused at once (core/user_file.h) */
	int ret = user_file_read_text(path, CELLS_FILE_MAX,
				      "a cell configuration", &text, err,
				      errlen);

	if (ret)
		return ret;
	ret = cells_parse(path, text, cfg, err, errlen);
	free(text);
	if (!ret)
		ret = cells_check(cfg, &images, err, errlen);
	return ret;
}
