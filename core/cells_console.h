/*
 * core/cells_console.h - one cell's console: the bytes its UART sends,
 * as whole lines labelled with the cell's name on a stream the cells
 * share ("[rt] tick 100"), or raw into a file of the cell's own.
 *
 * Lines from different cells never mix: a line is written in one write()
 * under the lock the consoles of one run share.  A line longer than
 * CELLS_CONSOLE_LINE is cut into labelled pieces; a last line without its
 * newline is written by cells_console_flush().
 *
 * Threading: cells_console_byte() on the cell's vCPU thread (its serial
 * sink), the rest before the cell starts or after it ended.
 */
#ifndef CORE_CELLS_CONSOLE_H
#define CORE_CELLS_CONSOLE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CELLS_CONSOLE_LINE 200

struct cells_console {
	int fd;                  /* -1: the bytes are dropped (console none) */
	bool labelled;           /* "[name] " before each line */
	bool own_fd;             /* a FILE opened for this cell */
	pthread_mutex_t *lock;   /* shared by the consoles of one run */
	char label[32];
	char line[CELLS_CONSOLE_LINE];
	size_t len;
	uint64_t bytes;          /* bytes the guest sent */
	int error;               /* the first write error (-errno), or 0 */
};

/*
 * Set c up for console (as a .cell file names it: "stdout", "none" or a
 * file path) of the cell name, lines to stdout under lock.  0, or -errno
 * when the file cannot be opened.
 */
int cells_console_open(struct cells_console *c, const char *console,
		       const char *name, pthread_mutex_t *lock);
/* A serial sink (struct serial_sink's write): one byte from the guest. */
void cells_console_byte(void *opaque, uint8_t byte);
/* Write what is left of an unfinished line. */
void cells_console_flush(struct cells_console *c);
/* Flush, close a file of its own; the first error, or 0. */
int cells_console_close(struct cells_console *c);

#endif /* CORE_CELLS_CONSOLE_H */
