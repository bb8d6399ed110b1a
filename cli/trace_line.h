/*
 * cli/trace_line.h - one exit, described for people (text) and programs
 * (JSON Lines).
 *
 * trace_line_build() gathers everything a line shows - names, the hardware
 * reason for this host, RIP as symbol+offset, the disassembled instruction
 * and, on request, the guest call chain - once; the printers (text here,
 * JSON in cli/trace_json.h) only format.
 */
#ifndef CLI_TRACE_LINE_H
#define CLI_TRACE_LINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/exit_text.h"
#include "cli/textbuf.h"
#include "core/exit.h"
#include "core/exit_number.h"
#include "core/unwind.h"
#include "core/vm.h"

struct trace_line {
	const struct exit_record *exit;
	const struct exit_text *text;  /* names, symbol, instruction */
	uint64_t dt_ns;          /* since the previous exit (0 for the first) */
	bool has_stack;
	struct unwind_chain stack;
	bool reset;              /* the guest pulsed the reset line at this
				    exit (JSON's "reset"; the text says the
				    restart when it comes: trace_line_print_reset) */
	/* The number the line shows (core/exit_number.h: the guest's exit
	 * N, or vmscope's stop N.K); NULL: the exit's seq. */
	const struct exit_number *number;
	const char *inject_name;  /* the injected line's device (NULL: none) */
	/* --pic: both 8259s after the exit, when they show something new
	 * (NULL: nothing new); the text prints the chips in pic_chips (bit
	 * 0 master, bit 1 slave), JSON both */
	const struct vm_pic_state *pic;
	unsigned pic_chips;
};

/* The level whose code exited, as the Turtles paper counts: 1 for the
 * guest vmscope (L0) runs, 2 for the guest an L1 hypervisor runs. */
unsigned trace_level(const struct exit_record *exit);

/* Reads registers (for the stack) through the VM's backend; never fails:
 * what cannot be read shows as unknown.  line->text lives in the cache
 * until its next use. */
void trace_line_build(struct trace_line *line, struct vm *vm,
		      struct exit_text_cache *cache,
		      const struct exit_record *exit, uint64_t prev_t_ns,
		      bool want_stack);
/*
 * The columns of a text line.  The tracer prints them all; the TUI's exit
 * log, narrower than a terminal line, leaves some to its detail view.
 */
struct trace_columns {
	bool delta;            /* time since the previous exit */
	bool level;            /* nesting level, "L0" */
	bool hw;               /* the hardware reason */
	unsigned sym_width;    /* RIP's symbol+offset column */
	unsigned insn_width;   /* the instruction column */
};
extern const struct trace_columns trace_columns_all;
/* The line (no stack, no newline) into tb; the one formatter the tracer
 * and the TUI share. */
void trace_line_text(const struct trace_line *line,
		     const struct trace_columns *cols, struct textbuf *tb);
/* The header row over the columns, with cols as trace_line_text. */
void trace_line_header(const struct trace_columns *cols, struct textbuf *tb);
/* The tracer's two header lines: what the host is (so the hardware
 * column need not repeat it), then the header row. */
void trace_line_print_header(enum host_flavour flavour, FILE *out);
/* The exit's line, with an "inject" line before it when an interrupt went
 * in before its run.  out is the calling thread's alone (stdio's lock is
 * not taken: trace_line_write). */
void trace_line_print_text(const struct trace_line *line, FILE *out);
/* The "reset" line: the machine restarts now, after an exit that pulsed
 * the reset line - printed as the restart comes, not with that exit's
 * line, since the run may end there (core/vm.c restarts the machine at
 * the next vm_run_exit()). */
void trace_line_print_reset(FILE *out);
/*
 * tb's text to out without taking out's lock (fwrite_unlocked): the lock's
 * two atomic instructions cost about 4% of a traced exit's CPU time on
 * this project's machine (docs/BENCH.md).  Every stream a trace
 * line goes to is one thread's alone: the tracer's stdout, a cell's
 * memory stream, a lesson's output.
 */
void trace_line_write(const struct textbuf *tb, FILE *out);
/* "IRQ 1 (keyboard) -> vector 0x21" for an injection. */
void trace_line_inject(const struct exit_inject *inj, const char *name,
		       struct textbuf *tb);
/*
 * Is an I/O exit's byte a character?  Only where the register carries
 * text: the UART's data register with LCR.DLAB clear (THR written, RBR
 * read), as vmscope's UART named it at the exit (exit_io.reg, .text).
 * An exit of L2's reflected to L1 reaches L1's own device model: there
 * the nesting stage decides it from L2's LCR as L0 saw L2 write it
 * (core/nested.h, com1), a number while no such write came.
 * The tracer, the TUI's Exits and Flow panels all ask this.
 */
bool trace_io_is_text(const struct exit_record *exit);
/* A byte as the character it stands for: 'H', '\n', '\r' (quotes
 * included); false, with "" in buf, for a byte with no character to show
 * (another control byte, or one past 0x7e). */
bool trace_char(uint8_t byte, char *buf, size_t len);
/* Append the payload: "port=0x3f8 out size=1 data=0x48 'H'". */
void trace_line_payload(const struct exit_record *exit, struct textbuf *tb);
/* Append an L2 exit's verdict and rule, as the payload ends with them
 * after an arrow: "reflected to L1 (L1's I/O bitmap has port 0x3f8)"
 * (the TUI's Nesting panel prints the same words). */
void trace_line_verdict(const struct exit_record *exit, struct textbuf *tb);

#endif /* CLI_TRACE_LINE_H */
