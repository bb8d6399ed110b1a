/*
 * core/cells_run.h - the cells of a checked configuration, running side
 * by side in one process: each a struct vm of its own (RAM, bus,
 * devices, backend) driven by a vCPU thread of its own, pinned to its
 * host CPU when the configuration gives one (pthread_setaffinity_np).
 *
 *   cells_run_create()   every cell's machine built (nothing runs yet);
 *                        any failure undoes them all
 *   cells_run_start()    the vCPU threads started
 *   cells_run_wait()     the main thread waits for a cell to end, a
 *                        signal or a timeout
 *   cells_run_stop()     every cell still running asked to stop
 *   cells_run_join()     the threads joined: each vm's end is final
 *   cells_run_destroy()  machines and consoles freed
 *
 * Threading: the calls above on one (main) thread; each cell's vm is
 * touched only by its own vCPU thread while it runs, other threads reach
 * it through vm_request_stop_why() (core/vm.h).  Nothing here is global:
 * two runs could exist at once.
 */
#ifndef CORE_CELLS_RUN_H
#define CORE_CELLS_RUN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/cells.h"
#include "core/cells_console.h"
#include "core/cells_ticks.h"
#include "core/vm.h"

struct cells_run;
struct cells_cell;

/*
 * Called on a cell's vCPU thread after each exit it dispatched (`trace
 * --cell` prints it); it may vm_stop() that cell.  Cells run at once, so
 * whatever it writes to a stream the cells share goes out under the
 * run's out_lock, in whole lines.
 */
typedef void cells_exit_fn(struct cells_cell *cell,
			   const struct exit_record *exit, void *ctx);

/* How a front end watches a run (cells_run_create()'s watch; NULL: only
 * the consoles, on stdout). */
struct cells_watch {
	cells_exit_fn *on_exit;     /* NULL: no one */
	void *ctx;
	int console_fd;             /* where "console stdout" lines go: the
				       tracer keeps stdout for its lines */
};

struct cells_cell {
	const struct cell_config *config;
	struct cells_run *run;
	struct vm vm;
	struct cells_console console;
	pthread_t thread;
	bool started;               /* the thread exists (join it) */
	int pin_error;              /* 0, or -errno: pinning was refused */
	int run_error;              /* the backend's failure, or 0 */
	uint64_t start_ns, end_ns;  /* the vCPU thread's run */
	struct cells_ticks ticks;   /* its exit stream: the timer's
				       injections and their delays */
	_Atomic bool ended;
};

struct cells_run {
	struct cells_cell cells[CELLS_MAX];
	unsigned ncells;
	struct cells_watch watch;
	pthread_mutex_t out_lock;   /* the consoles' shared stream */
	int done_pipe[2];           /* each cell's thread writes a byte as
				       it ends: the main thread's wake-up */
};

/* One cell's image bytes (the front end found and opened them). */
struct cells_image_bytes {
	const uint8_t *bytes;
	size_t size;
};

/*
 * Build every cell of cfg (which must outlive run) on backend, cell i
 * from images[i], watched as watch says (NULL: not at all).  0, or -errno
 * with "cell NAME: why" in err; on failure nothing is left.
 */
int cells_run_create(struct cells_run *run, const struct cells_config *cfg,
		     const struct backend_ops *backend,
		     const struct cells_image_bytes *images,
		     const struct cells_watch *watch, char *err,
		     size_t errlen);
/* Start the vCPU threads.  0, or -errno (the started ones are stopped). */
int cells_run_start(struct cells_run *run);
/*
 * Wait until a cell ends, a signal arrives (-EINTR) or timeout_ms passes
 * (-ETIMEDOUT; -1 waits for ever).  0 when a cell ended.
 */
int cells_run_wait(struct cells_run *run, int timeout_ms);
/* How many cells are still running. */
unsigned cells_run_running(const struct cells_run *run);
/* Ask every running cell to stop, saying why (a string constant). */
void cells_run_stop(struct cells_run *run, const char *why);
/* Wait for every vCPU thread to end (after cells_run_stop(), or when
 * cells_run_running() is 0). */
void cells_run_join(struct cells_run *run);
/* Join what is left, free the machines and close the consoles.  The
 * first console's write error, or 0. */
int cells_run_destroy(struct cells_run *run);

#endif /* CORE_CELLS_RUN_H */
