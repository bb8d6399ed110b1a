/*
 * cli/output.c - standard fds made safe, write errors remembered and
 * reported (see cli/output.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/output.h"

void output_std_fds_safe(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		/* open() takes the lowest free number: this very fd.
		 * Read-only for 1 and 2 keeps a write failing (EBADF); fd 0
		 * reads the end of file at once, a keyboard that has ended. */
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF)
			(void)open("/dev/null", O_RDONLY);
	}
}

bool output_failed(struct output *o)
{
	if (!ferror(o->f))
		return false;
	if (!o->err)
		o->err = errno ? errno : EIO;
	return true;
}

bool output_never_waits(const struct output *o)
{
	struct stat st, null;
	int fd = o->f ? fileno(o->f) : -1;

	if (fd < 0 || fstat(fd, &st))
		return false;
	if (S_ISREG(st.st_mode))
		return true;
	return S_ISCHR(st.st_mode) && stat("/dev/null", &null) == 0 &&
	       st.st_rdev == null.st_rdev;
}

void output_buffer_large(struct output *o)
{
	/* static: stdout is flushed by exit(), after main's locals are
	 * gone; the first output to ask takes it */
	static char buf[64 * 1024];
	static bool taken;

	if (!taken && output_never_waits(o))
		taken = setvbuf(o->f, buf, _IOFBF, sizeof(buf)) == 0;
}

void output_flush(struct output *o)
{
	output_failed(o);   /* an error already seen keeps its errno */
	errno = 0;
	if (fflush(o->f) == EOF && !o->err)
		o->err = errno ? errno : EIO;
}

int output_finish(struct output *o, const char *cmd, bool close)
{
	output_flush(o);
	errno = 0;
	if (close && fclose(o->f) == EOF && !o->err)
		o->err = errno ? errno : EIO;
	if (!o->err)
		return 0;
	fprintf(stderr, "vmscope%s%s: %s was lost: cannot write to %s: %s\n",
		*cmd ? " " : "", cmd, o->what, o->where, strerror(o->err));
	return EXIT_CRASH;
}
