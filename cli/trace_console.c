/*
 * cli/trace_console.c - the guest's console beside the trace (see
 * cli/trace_console.h).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/trace_console.h"
#include "core/clock.h"
#include "core/user_file.h"
#include "core/vm_clock.h"

/* stdout and stderr are the same terminal: lines would mix there. */
static bool shared_terminal(void)
{
	struct stat out, err;

	return isatty(1) && isatty(2) && fstat(1, &out) == 0 &&
	       fstat(2, &err) == 0 && out.st_rdev == err.st_rdev;
}

int trace_console_open(struct trace_console *c, const char *path,
		       struct vm *vm)
{
	*c = (struct trace_console){
		.out = { stderr, "the guest's console", "stderr", 0 },
		.vm = vm,
	};
	pthread_mutex_init(&c->lock, NULL);
	if (!path) {
		c->by_line = shared_terminal();
		return 0;
	}
	/* a FIFO with no reader refused, not waited for */
	c->out.f = user_file_create_stream(path);
	if (!c->out.f) {
		pthread_mutex_destroy(&c->lock);
		return -errno;
	}
	/* put() writes whole batches; stdio must not hold them back */
	setvbuf(c->out.f, NULL, _IONBF, 0);
	c->out.where = path;
	return 0;
}

/* With c->lock held. */
static void put(struct trace_console *c, const char *bytes, size_t n)
{
	if (!n)
		return;
	c->mid_line = bytes[n - 1] != '\n';
	if (fwrite(bytes, 1, n, c->out.f) != n && !c->out.err) {
		output_failed(&c->out);
		vm_request_stop_why(c->vm, "stopped: the guest's console "
				    "could not be written");
	}
}

static void put_held(struct trace_console *c)
{
	put(c, c->line, c->len);
	c->len = 0;
}

/* What is held, then a newline if the console's line is open - in one
 * write, so no trace line (another thread's write to the same terminal)
 * lands between a prompt and its end. */
static void end_line(struct trace_console *c)
{
	bool open_line = c->len ? c->line[c->len - 1] != '\n' : c->mid_line;

	if (c->out.f == stderr && open_line)
		c->line[c->len++] = '\n';
	put_held(c);
}

/* A full buffer on a shared terminal is ended as a line of its own, so
 * no trace line is glued to it; elsewhere the bytes just go out. */
void trace_console_byte(void *opaque, uint8_t byte)
{
	struct trace_console *c = opaque;
	char b = (char)byte;

	pthread_mutex_lock(&c->lock);
	if (!c->len)   /* the clock of the check that will end the batch */
		c->held_ns = c->by_line ? clock_now_ns() : vm_now_ns(c->vm);
	c->line[c->len++] = b;
	if (b == '\n')
		put_held(c);
	else if (c->len == TRACE_CONSOLE_LINE && c->by_line)
		end_line(c);
	else if (c->len == TRACE_CONSOLE_LINE)
		put_held(c);
	pthread_mutex_unlock(&c->lock);
}

void trace_console_after_exit(struct trace_console *c,
			      const struct exit_record *exit)
{
	/* Nothing held, the common case, is seen without the lock's two
	 * atomic instructions: away from a shared terminal c->len changes
	 * only on this thread (the sink's), and trace_console_idle does not
	 * read it. */
	if (c->by_line || !c->len)
		return;
	pthread_mutex_lock(&c->lock);
	/* the batch's first byte may be younger than this exit: it came
	 * while the exit was handled */
	if (c->len && (exit->reason != EXIT_IO ||
		       exit->t_ns >= c->held_ns + TRACE_CONSOLE_BATCH_NS))
		put_held(c);
	pthread_mutex_unlock(&c->lock);
}

void trace_console_end_line(struct trace_console *c)
{
	pthread_mutex_lock(&c->lock);
	end_line(c);
	pthread_mutex_unlock(&c->lock);
}

void trace_console_idle(void *console)
{
	struct trace_console *c = console;

	pthread_mutex_lock(&c->lock);
	if (c->by_line && c->len &&
	    clock_now_ns() - c->held_ns >= TRACE_CONSOLE_IDLE_NS)
		end_line(c);
	pthread_mutex_unlock(&c->lock);
}

int trace_console_close(struct trace_console *c)
{
	pthread_mutex_destroy(&c->lock);
	return output_finish(&c->out, "trace", c->out.f != stderr);
}
