/*
 * cli/guest_image.c - reading a guest image, built-in or from a file.
 *
 * The file is read whole into memory (at most GUEST_IMAGE_MAX bytes); the
 * ELF loader then validates it.  Every failure names the file and why.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/backend_choice.h"
#include "cli/commands.h"
#include "cli/guest_image.h"
#include "core/elf.h"
#include "core/guests.h"
#include "core/vm.h"

static int read_whole(int fd, uint8_t *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = read(fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

static int open_file(struct guest_image *img, const char *path, char *err,
		     size_t errlen)
{
	struct stat st;
	int fd, ret;

	/* O_NONBLOCK: a FIFO would block open(2) until a writer came, and
	 * is refused below as not a regular file; a file's reads ignore it */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s (not a file, nor a built-in "
			 "guest: see `vmscope guests`)", path, strerror(-ret));
		return ret;
	}
	ret = -EINVAL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto out;
	}
	if ((uint64_t)st.st_size > GUEST_IMAGE_MAX) {
		snprintf(err, errlen, "%s: %lld bytes is larger than guest "
			 "RAM can hold", path, (long long)st.st_size);
		goto out;
	}
	img->owned = malloc(st.st_size ? (size_t)st.st_size : 1);
	ret = img->owned ? read_whole(fd, img->owned, (size_t)st.st_size)
			 : -ENOMEM;
	if (ret) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
			 strerror(-ret));
		free(img->owned);
		img->owned = NULL;
		goto out;
	}
	img->bytes = img->owned;
	img->size = (size_t)st.st_size;
out:
	close(fd);
	return ret;
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

int guest_image_prepare(struct guest_image *img, const char *cmd,
			const char *guest, const char *backend,
			unsigned nested, const struct backend_ops **ops,
			char *note, size_t len)
{
	char msg[256];

	if (guest_image_open(img, guest, msg, sizeof(msg))) {
		fprintf(stderr, "vmscope %s: %s\n", cmd, msg);
		return EXIT_USAGE;
	}
	if (elf_check(img->bytes, img->size, VM_DEFAULT_RAM, msg,
		      sizeof(msg))) {
		fprintf(stderr, "vmscope %s: %s: %s\n", cmd, img->name, msg);
		goto err_close;
	}
	if (backend_choose_nested(backend, nested, ops, note, len)) {
		fprintf(stderr, "vmscope %s: %s\n", cmd, note);
		goto err_close;
	}
	return 0;
err_close:
	guest_image_close(img);
	return EXIT_USAGE;
}
