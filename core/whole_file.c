/*
 * core/whole_file.c - writing a file a person names whole or not at all:
 * a temporary file beside it, renamed over it once complete (see
 * core/whole_file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/user_file.h"
#include "core/whole_file.h"

/* The temporary file beside w->path, a name of this process's own
 * ("h.svg.tmp1234"), with old's permissions when it replaces a file: its
 * descriptor, or -errno. */
static int open_tmp(struct whole_file *w, const struct stat *old)
{
	int n = snprintf(w->tmp, sizeof(w->tmp), "%s.tmp%ld", w->path,
			 (long)getpid());
	int fd, err;

	if (n < 0 || (size_t)n >= sizeof(w->tmp))
		return -ENAMETOOLONG;
	/* The name is this process's: whatever an earlier run with its
	 * number left there (or anyone put there: a link to another file) is
	 * removed, and the file is made new - O_EXCL never opens one that
	 * exists, so no other file is ever written through this name. */
	if (unlink(w->tmp) != 0 && errno != ENOENT)
		return -errno;
	fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		return -errno;
	if (!old || fchmod(fd, old->st_mode & 07777) == 0)
		return fd;
	err = -errno;
	close(fd);
	unlink(w->tmp);
	return err;
}

/* The descriptor w's contents go to, w->path and w->tmp set; -errno. */
static int open_fd(struct whole_file *w, const char *path)
{
	struct stat st, link;
	bool exists = stat(path, &st) == 0;
	int fd;

	if (exists && !S_ISREG(st.st_mode))    /* a FIFO, a device */
		return user_file_create(path, false);
	if (!exists && lstat(path, &link) == 0 && S_ISLNK(link.st_mode)) {
		/* a link to a file not made yet stays a link: the file is
		 * made through it (there is no old one to keep) */
		w->emptied = true;
		return user_file_create(path, true);
	}
	if (exists) {
		/* the file itself must take writing, as when it was emptied
		 * and written in place; a link's file is the one replaced */
		fd = user_file_create(path, false);
		if (fd < 0)
			return fd;
		close(fd);
		if (!realpath(path, w->path))
			return -errno;
	}
	fd = open_tmp(w, exists ? &st : NULL);
	if (fd != -EACCES && fd != -EPERM && fd != -ENAMETOOLONG)
		return fd;
	/* a folder that takes no new file, or a name with no room for the
	 * temporary's ending (".tmpPID" past NAME_MAX): in place, emptied */
	w->tmp[0] = '\0';
	w->emptied = true;
	return user_file_create(path, true);
}

int whole_file_open(struct whole_file *w, const char *path)
{
	int fd, err;

	*w = (struct whole_file){ .f = NULL };
	if (strlen(path) >= sizeof(w->path))
		return -ENAMETOOLONG;
	strcpy(w->path, path);
	fd = open_fd(w, path);
	if (fd < 0)
		return fd;
	w->f = fdopen(fd, "w");
	if (w->f)
		return 0;
	err = -errno;
	close(fd);
	if (w->tmp[0])
		unlink(w->tmp);
	return err;
}

int whole_file_commit(struct whole_file *w)
{
	int ret = 0;

	/* the stream's own errno (ENOSPC on a full disk), not a stand-in */
	if (fflush(w->f) == EOF || ferror(w->f))
		ret = errno ? -errno : -EIO;
	/* a file system may say it is full only when the data goes out */
	if (!ret && w->tmp[0] && fsync(fileno(w->f)) < 0)
		ret = -errno;
	if (fclose(w->f) == EOF && !ret)
		ret = errno ? -errno : -EIO;
	w->f = NULL;
	if (!ret && w->tmp[0] && rename(w->tmp, w->path) < 0)
		ret = -errno;
	if (ret && w->tmp[0])
		unlink(w->tmp);
	return ret;
}

const char *whole_file_left(const struct whole_file *w)
{
	if (w->tmp[0])
		return " (the file is as it was)";
	return w->emptied ? " (the file is left partial)" : "";
}

void whole_file_drop(struct whole_file *w)
{
	fclose(w->f);
	w->f = NULL;
	if (w->tmp[0])
		unlink(w->tmp);
}
