/*
 * cli/cells_load.h - a .cell file from disk to a checked configuration
 * (core/cells.h), and each cell's image found the way the file means it.
 *
 * An image with no slash that names a built-in guest is that guest;
 * anything else is a file, relative to the .cell file's own folder (an
 * absolute path as it is), so a configuration and its images travel
 * together.
 */
#ifndef CLI_CELLS_LOAD_H
#define CLI_CELLS_LOAD_H

#include <stddef.h>

#include "cli/guest_image.h"
#include "core/cells.h"

#define CELLS_FILE_MAX (64u << 10)   /* larger is not a configuration */

/*
 * Read path, parse it and check it (images included).  0, or -errno with
 * the one line to print in err: "file:line: what is wrong" for a bad
 * configuration (-EINVAL), "file: why" when it cannot be read.
 */
int cells_load(const char *path, struct cells_config *cfg, char *err,
	       size_t errlen);

/* Cell c's image of cfg into img (guest_image_close() it).  0, or -errno
 * with the reason in err. */
int cells_image_open(const struct cells_config *cfg,
		     const struct cell_config *c, struct guest_image *img,
		     char *err, size_t errlen);

#endif /* CLI_CELLS_LOAD_H */
