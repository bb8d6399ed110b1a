/*
 * guest/kernel/tty_line.c - the line discipline: echo, line editing, and
 * lines handed to read() one at a time.
 *
 * This is a "canonical mode" tty, like a Unix terminal before a program
 * asks for raw keys.  Typed characters are echoed and collected into the
 * current line, which can be edited with Backspace; nothing reaches the
 * program until Enter ends the line.  The design is xv6's console: one
 * ring of TTY_LINE_MAX bytes and three indices that only grow,
 *
 *     r <= w <= e        [r, w): finished lines, for read() to take
 *                        [w, e): the line being typed, still editable
 *
 * so lines typed ahead of read() wait in the ring behind the one being
 * read.  The ring is full when e - r reaches TTY_LINE_MAX; one byte is
 * always kept for the Enter, so a full line can still be ended.  Further
 * characters are refused: not stored, not echoed.
 *
 * Keys:
 *   Enter ('\n', or '\r' from a terminal on the UART)  ends the line
 *   Backspace ('\b', or DEL 0x7f from a terminal)  erases the last
 *       character of the current line, on the screen too: "\b \b"
 *   Ctrl-D  on an empty line: end of file (read returns 0); otherwise it
 *       hands the line to read() as it is, without a '\n'
 *   printable characters and Tab  are stored and echoed
 *   other control characters  are ignored
 *
 * tty_input runs in interrupt handlers; tty_read in the kernel with
 * interrupts off except while it sleeps.  So the two never run at the
 * same time, and the indices need no lock.
 */
#include <stdbool.h>
#include <stddef.h>

#include "guest/kernel/io.h"
#include "guest/kernel/tty.h"
#include "guest/kernel/tty_line.h"

#define CTRL_D     0x04   /* end of file */
#define DEL        0x7f   /* what a terminal's Backspace key sends */
#define EOF_MARK   CTRL_D /* stored in the ring for an end of file */

static struct {
	char buf[TTY_LINE_MAX];
	size_t r;   /* next byte read() takes */
	size_t w;   /* end of the finished lines */
	size_t e;   /* end of the line being typed */
} in;

static void store(char c)
{
	in.buf[in.e++ % TTY_LINE_MAX] = c;
}

static char stored(size_t index)
{
	return in.buf[index % TTY_LINE_MAX];
}

/* Room for one more byte; ordinary characters leave one for the Enter. */
static bool room(size_t reserve)
{
	return in.e - in.r < TTY_LINE_MAX - reserve;
}

static void end_line(void)
{
	if (!room(0))
		return;
	store('\n');
	tty_write("\n", 1);
	in.w = in.e;
}

static void erase(void)
{
	if (in.e == in.w)
		return;
	in.e--;
	tty_write("\b \b", 3);
}

static void end_of_file(void)
{
	if (in.e == in.w) {
		if (!room(0))
			return;
		store(EOF_MARK);
	}
	in.w = in.e;
}

static void ordinary(char c)
{
	if (!((c >= ' ' && c <= '~') || c == '\t') || !room(1))
		return;
	store(c);
	tty_write(&c, 1);
}

void tty_input(char c)
{
	switch (c) {
	case '\n':
	case '\r':
		end_line();
		break;
	case '\b':
	case DEL:
		erase();
		break;
	case CTRL_D:
		end_of_file();
		break;
	default:
		ordinary(c);
		break;
	}
}

/* The next line, or the end of file (0), from the ring: at most len
 * bytes, the rest of the line stays for the next call. */
static size_t take_line(char *buf, size_t len)
{
	size_t n = 0;

	if (stored(in.r) == EOF_MARK) {
		in.r++;
		return 0;
	}
	while (n < len && in.r != in.w && stored(in.r) != EOF_MARK) {
		char c = stored(in.r++);

		buf[n++] = c;
		if (c == '\n')
			break;
	}
	return n;
}

/*
 * Sleep until a line is finished.  The test runs with interrupts off, so
 * no key can be handled between the test and the sleep; sti_hlt() then
 * enables interrupts and halts as one pair (the STI shadow), so a key
 * whose interrupt is already waiting wakes the HLT instead of being
 * taken just before it - which would leave the CPU asleep with the line
 * finished.  After the wake-up interrupts go off again for the next test.
 * The timer interrupt wakes the loop too; it just tests again.
 *
 * The wait is in tty_read's own body, not in a helper: vmscope knows the
 * guest waits for a key by the function its HLT is in, tty_read
 * (core/vm_irq.c vm_waits_for_key()), and a helper would be a function of
 * its own wherever the compiler does not inline it (-O0, -fno-inline, a
 * second caller).  sti_hlt() is always inlined (guest/kernel/io.h).
 */
size_t tty_read(char *buf, size_t len)
{
	while (in.r == in.w) {
		sti_hlt();
		cli();
	}
	return take_line(buf, len);
}
