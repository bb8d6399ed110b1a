/*
 * core/user_file.h - opening the files a person names on the command line
 * or in a configuration (a guest image, a .cell or .lesson file, answers;
 * a console file, a picture), the one way for every reader and writer.
 *
 * open(2) of a FIFO waits for its other end, for ever if nobody comes,
 * before any check could refuse it.  So every open here is non-blocking:
 * a file to read must be a regular file ("not a regular file" otherwise,
 * at once), and a file to write that is a FIFO must have its reader
 * already (EPIPE otherwise, said by user_file_strerror()).
 *
 * Any thread; no state.
 */
#ifndef CORE_USER_FILE_H
#define CORE_USER_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The whole of the regular file path, at most max bytes, into *bytes
 * (malloc'd, free() it; a NUL after the last byte, so a text is a
 * string) and *len.  0, or -errno with "path: why" in err: the open's own
 * error, "not a regular file", "larger than 64 KiB: not WHAT" (-EFBIG;
 * what: "a cell configuration"), "cannot read: ...".
 */
int user_file_read(const char *path, size_t max, const char *what,
		   char **bytes, size_t *len, char *err, size_t errlen);

/* As user_file_read(), for a text file: a NUL byte in it is refused
 * (-EINVAL, "path: holds a NUL byte: not a text file"). */
int user_file_read_text(const char *path, size_t max, const char *what,
			char **text, char *err, size_t errlen);

/*
 * path opened for writing, created (mode 0666 less the umask) and, with
 * truncate, emptied.  A FIFO with no reader is refused with -EPIPE instead
 * of waited for (a socket, which open() cannot open, with -ENXIO).  The
 * descriptor (close-on-exec, writes blocking as usual), or -errno.
 */
int user_file_create(const char *path, bool truncate);

/* The same, emptied, as a stdio stream to write: NULL with errno. */
FILE *user_file_create_stream(const char *path);

/* Whether paths a and b name the same file: by device and inode where
 * both exist (a link or another spelling is still the file); where
 * neither does, by their names made absolute through their folders' real
 * paths (two names of one file about to be created). */
bool user_file_same(const char *a, const char *b);

/* The words for an error of user_file_create(): strerror()'s, but a FIFO
 * with no reader (-EPIPE) said as one. */
const char *user_file_strerror(int err);

#endif /* CORE_USER_FILE_H */
