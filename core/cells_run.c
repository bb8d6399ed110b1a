/*
 * core/cells_run.c - the cells running side by side (see
 * core/cells_run.h).
 *
 * Each cell is an ordinary struct vm, built by vm_create() as `vmscope
 * trace` builds its one machine: vmscope's machine code keeps all its
 * state in the struct vm and the backend's state behind it (no globals
 * in core/, cpu/ or devices/), so several machines run at once without
 * knowing of each other; each machine's buses answer only where the
 * cell owns ports and windows, and its thread runs on the CPU it owns
 * (core/cells_own.h).  A cell's thread is the
 * plain exit loop - run to the next exit, dispatch it, again - until its
 * guest ends or it is asked to stop, each exit's record also counted for
 * the timer's injection delay (core/cells_ticks.h); then it writes one
 * byte to done_pipe, which is what the main thread sleeps on (a poll() a
 * signal ends, as cli/signals.h wants).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/cells_own.h"
#include "core/cells_run.h"
#include "core/clock.h"
#include "core/user_file.h"

static void *cell_main(void *arg)
{
	struct cells_cell *cell = arg;
	struct exit_record exit = { 0 };
	char byte = 0;
	int err = 0;

	cell->pin_error = cells_own_cpu(cell->config->cpu);
	cell->start_ns = clock_now_ns();
	if (cell->pin_error)
		vm_stop(&cell->vm, "stopped: its CPU could not be given to it");
	while (cell->vm.state == VM_RUNNING) {
		err = vm_run_exit(&cell->vm, &exit);
		if (err < 0)
			break;
		if (err)
			continue;
		cells_ticks_add(&cell->ticks, &exit);
		if (cell->run->watch.on_exit)
			cell->run->watch.on_exit(cell, &exit,
						 cell->run->watch.ctx);
	}
	cell->run_error = err < 0 ? err : 0;
	cell->end_ns = clock_now_ns();
	cells_console_flush(&cell->console);
	atomic_store(&cell->ended, true);
	if (write(cell->run->done_pipe[1], &byte, 1) < 0)
		cell->run_error = cell->run_error ? cell->run_error : -errno;
	return NULL;
}

static void destroy_cells(struct cells_run *run, unsigned n)
{
	while (n--) {
		vm_destroy(&run->cells[n].vm);
		cells_console_close(&run->cells[n].console);
	}
}

/* Cell cell of cfg built: its console opened (a FILE relative to the
 * .cell file's folder), its machine created. */
static int create_cell(struct cells_run *run, const struct cells_config *cfg,
		       struct cells_cell *cell, const struct vm_config *base,
		       const struct cells_image_bytes *image, char *why,
		       size_t len)
{
	const struct cell_config *c = cell->config;
	struct vm_config vc = *base;
	const char *console = c->console;
	char file[2 * CELL_TEXT_MAX];
	int err;

	err = 0;
	if (cells_console_is_file(c)) {
		err = cells_path(cfg, c->console, file, sizeof(file));
		console = file;
	}
	if (!err)
		err = cells_console_open(&cell->console, console, c->name,
					 &run->out_lock);
	if (err) {
		snprintf(why, len, "console %s: %s", c->console,
			 user_file_strerror(err));
		return err;
	}
	if (cell->console.labelled)
		cell->console.fd = run->watch.console_fd;
	vc.ram_size = c->ram.last - c->ram.first + 1;
	vc.image = image->bytes;
	vc.image_size = image->size;
	vc.serial = (struct serial_sink){ cells_console_byte, &cell->console };
	vc.cell = c;
	err = vm_create(&cell->vm, &vc, why, len);
	if (err)
		cells_console_close(&cell->console);
	return err;
}

int cells_run_create(struct cells_run *run, const struct cells_config *cfg,
		     const struct backend_ops *backend,
		     const struct cells_image_bytes *images,
		     const struct cells_watch *watch, char *err,
		     size_t errlen)
{
	struct vm_config base = { .backend = backend };
	char why[200];
	unsigned i;
	int ret;

	memset(run, 0, sizeof(*run));
	run->watch = watch ? *watch
			   : (struct cells_watch){ .console_fd = STDOUT_FILENO };
	if (pipe2(run->done_pipe, O_CLOEXEC)) {
		snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
		return -errno;
	}
	pthread_mutex_init(&run->out_lock, NULL);
	for (i = 0; i < cfg->ncells; i++) {
		run->cells[i].config = &cfg->cells[i];
		run->cells[i].run = run;
		ret = create_cell(run, cfg, &run->cells[i], &base, &images[i],
				  why, sizeof(why));
		if (ret) {
			snprintf(err, errlen, "cell %s: %s",
				 cfg->cells[i].name, why);
			destroy_cells(run, i);
			close(run->done_pipe[0]);
			close(run->done_pipe[1]);
			pthread_mutex_destroy(&run->out_lock);
			return ret;
		}
	}
	run->ncells = cfg->ncells;
	return 0;
}

int cells_run_start(struct cells_run *run)
{
	for (unsigned i = 0; i < run->ncells; i++) {
		struct cells_cell *cell = &run->cells[i];
		int err = pthread_create(&cell->thread, NULL, cell_main, cell);

		if (err) {
			for (unsigned j = i; j < run->ncells; j++)
				atomic_store(&run->cells[j].ended, true);
			cells_run_stop(run, "stopped: a cell could not start");
			return -err;
		}
		cell->started = true;
	}
	return 0;
}

unsigned cells_run_running(const struct cells_run *run)
{
	unsigned n = 0;

	for (unsigned i = 0; i < run->ncells; i++)
		n += !atomic_load(&run->cells[i].ended);
	return n;
}

int cells_run_wait(struct cells_run *run, int timeout_ms)
{
	struct pollfd p = { .fd = run->done_pipe[0], .events = POLLIN };
	char byte;
	int n = poll(&p, 1, timeout_ms);

	if (n < 0)
		return -errno;
	if (n == 0)
		return -ETIMEDOUT;
	if (read(run->done_pipe[0], &byte, 1) < 0)
		return -errno;
	return 0;
}

void cells_run_stop(struct cells_run *run, const char *why)
{
	for (unsigned i = 0; i < run->ncells; i++)
		vm_request_stop_why(&run->cells[i].vm, why);
}

void cells_run_join(struct cells_run *run)
{
	for (unsigned i = 0; i < run->ncells; i++) {
		if (run->cells[i].started)
			pthread_join(run->cells[i].thread, NULL);
		run->cells[i].started = false;
	}
}

int cells_run_destroy(struct cells_run *run)
{
	int err = 0;

	cells_run_join(run);
	for (unsigned i = 0; i < run->ncells; i++) {
		int e;

		vm_destroy(&run->cells[i].vm);
		e = cells_console_close(&run->cells[i].console);
		err = err ? err : e;
	}
	close(run->done_pipe[0]);
	close(run->done_pipe[1]);
	pthread_mutex_destroy(&run->out_lock);
	return err;
}
