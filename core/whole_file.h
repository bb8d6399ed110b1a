/*
 * core/whole_file.h - writing a file a person names (a picture, a stats
 * file, the lesson progress) whole or not at all.
 *
 * Emptying the old file and then writing the new one loses both when the
 * writing fails half-way (a full disk): the old is gone, the new is cut
 * short.  So the new contents go to a temporary file beside the old one
 * (same folder, so same file system), and only once every byte of it is
 * written and synced does rename(2) put it in the old one's place - in one
 * step: a reader sees the old file or the new one, never a part.  Where
 * anything fails, the temporary file is removed and the old file is as it
 * was.
 *
 * What is not a regular file is written in place, as before: a FIFO (its
 * reader must be there already, core/user_file.h), a device (/dev/null,
 * a terminal, /dev/full).  A regular file in a folder that takes no new
 * file (no write permission on it), or whose name leaves no room for the
 * temporary's (".tmp" and the process number past the 255 bytes a name
 * may have), is written in place too, emptied first: the one case where a failed write leaves a partial file, which
 * whole_file_commit()'s error then stands for.  A symbolic link to a
 * file stays a link: the file it points to is replaced; a link to a file
 * not made yet has that file made through it, in place (no old contents
 * to keep).
 *
 * One thread per struct whole_file; no other state.
 */
#ifndef CORE_WHOLE_FILE_H
#define CORE_WHOLE_FILE_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

struct whole_file {
	FILE *f;                 /* write the contents here */
	char path[PATH_MAX];     /* the file the contents become */
	char tmp[PATH_MAX];      /* the temporary file; "" when in place */
	bool emptied;            /* a regular file written in place */
};

/*
 * Open w to write path's new contents: refused at once (-errno) where
 * path cannot be written (a missing folder, a file or folder without
 * permission, a FIFO with no reader: user_file_strerror() words it), so a
 * caller may open before a long measurement and write after it.  Set
 * errno to 0 just before the writes: whole_file_commit() says a failed
 * write by the errno it left.
 */
int whole_file_open(struct whole_file *w, const char *path);

/*
 * The contents written: flushed, synced and put in path's place.  0, or
 * -errno of the first failure (ENOSPC on a full disk; -EIO when the
 * stream failed and left no errno); path is then as it was.  w is closed
 * either way.
 */
int whole_file_commit(struct whole_file *w);

/* After a failed whole_file_commit(), what became of the file, as words
 * for the end of the error: " (the file is as it was)", " (the file
 * is left partial)" (written in place), "" (a FIFO, a device). */
const char *whole_file_left(const struct whole_file *w);

/* Give up on the new contents: path is as it was; w is closed. */
void whole_file_drop(struct whole_file *w);

#endif /* CORE_WHOLE_FILE_H */
