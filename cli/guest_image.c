/*
 * cli/guest_image.c - reading a guest image, built-in or from a file.
 *
 * The file is read whole into memory (at most GUEST_IMAGE_MAX bytes); the
 * ELF loader then validates it.  Every failure names the file and why.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/backend_choice.h"
#include "cli/commands.h"
#include "cli/guest_image.h"
#include "cli/machine_opts.h"
#include "core/elf.h"
#include "core/guests.h"
#include "core/user_file.h"
#include "core/vm.h"

/* A file: read whole through core/user_file.c, which refuses a FIFO at
 * once (its open would wait for a writer) and anything not a regular
 * file. */
static int open_file(struct guest_image *img, const char *path, char *err,
		     size_t errlen)
{
	char *bytes;
	size_t size, n;
	int ret = user_file_read(path, GUEST_IMAGE_MAX, "a guest image "
				 "(guest RAM could not hold it)", &bytes,
				 &size, err, errlen);

	if (ret == -ENOENT && (n = strlen(err)) < errlen)
		snprintf(err + n, errlen - n, " (not a file, nor a built-in "
			 "guest: see `vmscope guests`)");
	if (ret)
		return ret;
	img->owned = (uint8_t *)bytes;
	img->bytes = img->owned;
	img->size = size;
	return 0;
}

int guest_image_open(struct guest_image *img, const char *arg, char *err,
		     size_t errlen)
{
	const struct builtin_guest *g = strchr(arg, '/') ? NULL
							 : guests_find(arg);

	memset(img, 0, sizeof(*img));
	img->name = arg;
	if (g) {
		img->bytes = g->image;
		img->size = (size_t)(g->image_end - g->image);
		return 0;
	}
	return open_file(img, arg, err, errlen);
}

void guest_image_close(struct guest_image *img)
{
	free(img->owned);
	img->owned = NULL;
}

int guest_image_check(const struct guest_image *img, char *err,
		      size_t errlen)
{
	char why[200];

	if (!elf_check(img->bytes, img->size, VM_DEFAULT_RAM, why,
		       sizeof(why)))
		return 0;
	snprintf(err, errlen, "%s: %s", img->name, why);
	return -ENOEXEC;
}

int guest_image_prepare(struct guest_image *img, const char *cmd,
			const char *guest, const char *backend,
			const struct machine_opts *m,
			const struct backend_ops **ops, char *note, size_t len)
{
	char msg[256];

	if (guest_image_open(img, guest, msg, sizeof(msg))) {
		fprintf(stderr, "vmscope %s: %s\n", cmd, msg);
		return EXIT_USAGE;
	}
	if (guest_image_check(img, msg, sizeof(msg))) {
		fprintf(stderr, "vmscope %s: %s\n", cmd, msg);
		goto err_close;
	}
	if (backend_choose_for(backend, m->nested, m->clock, ops, note,
			       len)) {
		fprintf(stderr, "vmscope %s: %s\n", cmd, note);
		goto err_close;
	}
	return 0;
err_close:
	guest_image_close(img);
	return EXIT_USAGE;
}
