/*
 * core/user_file.c - opening the files a person names, never waiting for a
 * FIFO's other end (see core/user_file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/user_file.h"

static int read_whole(int fd, char *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = read(fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)   /* 0: the file shrank since fstat() */
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

/* max in words: "64 KiB", "1 MiB", or bytes. */
static void size_words(size_t max, char *out, size_t len)
{
	if (max && max % (1u << 20) == 0)
		snprintf(out, len, "%zu MiB", max >> 20);
	else if (max && max % (1u << 10) == 0)
		snprintf(out, len, "%zu KiB", max >> 10);
	else
		snprintf(out, len, "%zu bytes", max);
}

/* With fd open on path: its size, refused past max or when it is not a
 * regular file (a FIFO, a device, a directory). */
static int regular_size(int fd, const char *path, size_t max,
			const char *what, size_t *len, char *err,
			size_t errlen)
{
	struct stat st;
	char words[32];

	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -EINVAL;
	}
	*len = (size_t)st.st_size;
	if ((unsigned long long)st.st_size > max) {
		size_words(max, words, sizeof(words));
		snprintf(err, errlen, "%s: larger than %s: not %s", path,
			 words, what);
		return -EFBIG;
	}
	return 0;
}

int user_file_read(const char *path, size_t max, const char *what,
		   char **bytes, size_t *len, char *err, size_t errlen)
{
	/* O_NONBLOCK: a FIFO's open would wait for a writer; it is then
	 * refused as not a regular file.  A regular file's reads ignore it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), ret;
	char *buf;

	*bytes = NULL;
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	ret = regular_size(fd, path, max, what, len, err, errlen);
	if (ret)
		goto out;
	buf = malloc(*len + 1);
	ret = buf ? read_whole(fd, buf, *len) : -ENOMEM;
	if (ret) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
			 strerror(-ret));
		free(buf);
		goto out;
	}
	buf[*len] = '\0';
	*bytes = buf;
out:
	close(fd);
	return ret;
}

int user_file_read_text(const char *path, size_t max, const char *what,
			char **text, char *err, size_t errlen)
{
	size_t len;
	int ret = user_file_read(path, max, what, text, &len, err, errlen);

	if (ret || !memchr(*text, '\0', len))
		return ret;
	snprintf(err, errlen, "%s: holds a NUL byte: not a text file", path);
	free(*text);
	*text = NULL;
	return -EINVAL;
}

/*
 * open(2)'s ENXIO (with O_NONBLOCK) is a FIFO with no reader, but also a
 * socket, which open() cannot open, or a device file whose device is not
 * there: only the FIFO's becomes EPIPE, a pipe with no reader, for
 * user_file_strerror() to say so.
 */
static int open_error(const char *path, int err)
{
	struct stat st;

	if (err == ENXIO && stat(path, &st) == 0 && S_ISFIFO(st.st_mode))
		return -EPIPE;
	return -err;
}

int user_file_create(const char *path, bool truncate)
{
	/* O_NONBLOCK: a FIFO with no reader fails at once instead of
	 * waiting; taken off again for the writes */
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK |
			    (truncate ? O_TRUNC : 0), 0666);
	int flags, err;

	if (fd < 0)
		return open_error(path, errno);
	flags = fcntl(fd, F_GETFL);
	if (flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0)
		return fd;
	err = -errno;
	close(fd);
	return err;
}

FILE *user_file_create_stream(const char *path)
{
	int fd = user_file_create(path, true);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	int err = fd < 0 ? -fd : errno;

	if (fd >= 0 && !f)
		close(fd);
	if (!f)
		errno = err;
	return f;
}

/* path made absolute through its folder's real path ("a/b.txt" ->
 * "/home/s/a/b.txt"), or as written when the folder cannot be resolved. */
static void absolute_name(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], real[PATH_MAX];

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s",
			 slash == path ? 1 : (int)(slash - path), path);
	if (realpath(dir, real))
		snprintf(out, len, "%s/%s", real, slash ? slash + 1 : path);
	else
		snprintf(out, len, "%s", path);
}

bool user_file_same(const char *a, const char *b)
{
	struct stat sa, sb;
	bool has_a = stat(a, &sa) == 0, has_b = stat(b, &sb) == 0;
	char name_a[2 * PATH_MAX], name_b[2 * PATH_MAX];   /* folder + name */

	if (has_a || has_b)
		return has_a && has_b && sa.st_dev == sb.st_dev &&
		       sa.st_ino == sb.st_ino;
	absolute_name(a, name_a, sizeof(name_a));
	absolute_name(b, name_b, sizeof(name_b));
	return strcmp(name_a, name_b) == 0;
}

const char *user_file_strerror(int err)
{
	if (err == -EPIPE)
		return "a FIFO with no reader (start its reader first)";
	return strerror(-err);
}
