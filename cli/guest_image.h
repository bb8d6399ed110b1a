/*
 * cli/guest_image.h - turning the GUEST argument into ELF bytes.
 *
 * GUEST is a built-in guest's name (`vmscope guests` lists them) or a path
 * to an ELF file.  A name wins over a file of the same name in the current
 * directory only when it has no slash: "./hello" is always the file.
 */
#ifndef CLI_GUEST_IMAGE_H
#define CLI_GUEST_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"

#define GUEST_IMAGE_MAX (64u << 20)  /* larger than guest RAM is useless */

struct guest_image {
	const char *name;      /* what to call it in messages */
	const uint8_t *bytes;
	size_t size;
	uint8_t *owned;        /* non-NULL when read from a file */
};

/* 0, or -errno with a one-line reason in err. */
int guest_image_open(struct guest_image *img, const char *arg, char *err,
		     size_t errlen);
void guest_image_close(struct guest_image *img);
/* Can the image be loaded into the machine's RAM (elf_check())?  0, or
 * -ENOEXEC with "NAME: why" in err. */
int guest_image_check(const struct guest_image *img, char *err,
		      size_t errlen);
/*
 * The start every command that runs a guest shares: open GUEST, refuse a
 * bad image before any backend starts, choose the backend (--backend, as
 * the machine's options m need it: cli/backend_choice.h).
 * Returns 0 with img open, *ops set and the backend's note ("backend: kvm
 * (auto: ...)") in note; or EXIT_USAGE (2) after printing why as
 * "vmscope CMD: ..." (cmd names the command), img closed.
 */
struct machine_opts;
int guest_image_prepare(struct guest_image *img, const char *cmd,
			const char *guest, const char *backend,
			const struct machine_opts *m,
			const struct backend_ops **ops, char *note, size_t len);

#endif /* CLI_GUEST_IMAGE_H */
