/*
 * cli/trace_line.c - formatting one exit as a trace line, text or JSON.
 *
 * Text, one line per exit, under a header row (docs/TRACE.md):
 *    seq     since L  reason   hardware            RIP                instruction payload
 *      9    +2.2us L0 IO(2)    IO_INSTRUCTION(30)  uart_putc+0x1c     out dx, al  port=0x3f8 out size=1 data=0x48 'H'
 * and with --stack a second line, "stack: main > printf > ...".  The
 * columns fit 120 of a terminal's: the hardware reason is the brief form
 * (exit_hw_brief), the host's flavour is said once above the header.
 * The JSON Lines form is cli/trace_json.c's.
 */
#include <stdio.h>
#include <string.h>

#include "cli/pic_text.h"
#include "cli/trace_line.h"
#include "core/nested.h"
#include "core/nested_view.h"
#include "guest/abi/machine.h"

/* The chain of the level whose code exited: L2's through L2's own page
 * tables and L1's nested table (core/nested_view.h). */
static void describe_stack(struct trace_line *line, struct vm *vm)
{
	struct level_state ls;

	line->has_stack = false;
	if (nested_level_state(vm, line->exit->level, &ls))
		return;
	unwind_space(&ls.space, ls.syms,
		     &(struct unwind_regs){ line->exit->rip, ls.regs.rsp,
					    ls.regs.rbp }, &line->stack);
	line->has_stack = true;
}

unsigned trace_level(const struct exit_record *exit)
{
	return exit->level + 1;
}

void trace_line_build(struct trace_line *line, struct vm *vm,
		      struct exit_text_cache *cache,
		      const struct exit_record *exit, uint64_t prev_t_ns,
		      bool want_stack)
{
	line->exit = exit;
	line->text = exit_text_describe(cache, vm, exit);
	line->dt_ns = exit_time_since(exit, prev_t_ns);
	line->has_stack = false;
	line->reset = false;
	line->number = NULL;
	line->inject_name = vm_line_name(vm, exit->injected.irq);
	line->pic = NULL;
	line->pic_chips = 0;
	if (want_stack)
		describe_stack(line, vm);
}

bool trace_io_is_text(const struct exit_record *exit)
{
	const struct exit_io *io = &exit->u.io;

	return exit->reason == EXIT_IO && io->size == 1 && io->text;
}

bool trace_char(uint8_t byte, char *buf, size_t len)
{
	if (byte == '\n')
		snprintf(buf, len, "'\\n'");
	else if (byte == '\r')
		snprintf(buf, len, "'\\r'");
	else if (byte >= 0x20 && byte < 0x7f)
		snprintf(buf, len, "'%c'", (char)byte);
	else
		buf[0] = '\0';
	return buf[0] != '\0';
}

/* " 'H'" after the data where the byte is text: the LSR's 0x60 is
 * THRE|TEMT, and a divisor latch byte a number, not a backtick. */
static void printable(struct textbuf *tb, const struct exit_record *exit,
		      uint64_t value)
{
	char ch[8];

	if (!trace_io_is_text(exit) || !trace_char((uint8_t)value, ch,
						   sizeof(ch)))
		return;
	textbuf_char(tb, ' ');
	textbuf_str(tb, ch);
}

/* An IN reflected to L1 has no data from L0: L1 answers it in L2's RAX. */
static void payload_io(const struct exit_record *exit, struct textbuf *tb)
{
	const struct exit_io *io = &exit->u.io;
	bool data_from_l1 = exit->nest.verdict == NESTED_REFLECT;
	uint64_t value = exit_io_value(io, 0);

	textbuf_str(tb, "port=");
	textbuf_hex(tb, io->port);
	textbuf_str(tb, io->direction == IO_OUT ? " out size=" : " in size=");
	textbuf_dec(tb, io->size, 0);
	if (data_from_l1 && io->direction == IO_IN) {
		textbuf_str(tb, " data=(L1's)");
	} else {
		textbuf_str(tb, " data=");
		textbuf_hex(tb, value);
		printable(tb, exit, value);
	}
	if (io->count > 1) {
		textbuf_str(tb, " count=");
		textbuf_dec(tb, io->count, 0);
	}
}

static void payload_mmio(const struct exit_mmio *mmio, struct textbuf *tb)
{
	textbuf_str(tb, "gpa=");
	textbuf_hex(tb, mmio->gpa);
	textbuf_str(tb, mmio->is_write ? " write len=" : " read len=");
	textbuf_dec(tb, mmio->len, 0);
	textbuf_str(tb, " data=");
	textbuf_hex(tb, exit_mmio_value(mmio));
}

/* An EPT violation's address and access; an access of L2's page walk
 * (an entry of L2's own page tables: VMX's bit 7 without bit 8) is named
 * so, never taken for the instruction's own access. */
static void payload_npf(const struct exit_nesting *nest, struct textbuf *tb)
{
	uint64_t walk = NESTED_NPF_LINEAR | NESTED_NPF_TRANSLATED;

	textbuf_str(tb, "gpa=");
	textbuf_hex(tb, nest->gpa);
	if ((nest->qualification & walk) == NESTED_NPF_LINEAR)
		textbuf_str(tb, " page-table");
	textbuf_str(tb, nest->qualification & NESTED_NPF_WRITE ? " write" :
		    nest->qualification & NESTED_NPF_FETCH ? " fetch" : " read");
}

void trace_line_payload(const struct exit_record *exit, struct textbuf *tb)
{
	switch (exit->reason) {
	case EXIT_IO:
		payload_io(exit, tb);
		break;
	case EXIT_MMIO:
		payload_mmio(&exit->u.mmio, tb);
		break;
	case EXIT_INTERNAL_ERROR:
		textbuf_str(tb, "suberror=");
		textbuf_dec(tb, exit->u.internal.suberror, 0);
		break;
	case EXIT_FAIL_ENTRY:
		textbuf_str(tb, "hw_entry_failure=");
		textbuf_hex(tb, exit->u.fail_entry.hw_reason);
		break;
	case EXIT_DEBUG:
		textbuf_str(tb, "exception=");
		textbuf_dec(tb, exit->u.debug.exception, 0);
		textbuf_str(tb, " pc=");
		textbuf_hex(tb, exit->u.debug.pc);
		break;
	default:
		if (exit->nest.verdict &&
		    exit->nest.l2_reason == NESTED_EXIT_NPF)
			payload_npf(&exit->nest, tb);
		break;
	}
	if (exit->nest.verdict) {
		textbuf_str(tb, "  \u2192 ");
		trace_line_verdict(exit, tb);
	}
}

void trace_line_verdict(const struct exit_record *exit, struct textbuf *tb)
{
	textbuf_str(tb, nested_verdict_text(exit->nest.verdict));
	textbuf_str(tb, " (");
	textbuf_str(tb, exit->nest.rule);
	textbuf_char(tb, ')');
}

/*
 * "+37.2us", "+59.9s": one decimal in the unit that keeps it short (us
 * below a millisecond, ms below a second, then s), so the column stays
 * narrow whatever the gap.
 */
static void delta_text(struct textbuf *tb, uint64_t ns)
{
	static const struct { uint64_t below, unit; const char *name; } units[] = {
		{ 1000000ULL, 1000ULL, "us" },
		{ 1000000000ULL, 1000000ULL, "ms" },
		{ UINT64_MAX, 1000000000ULL, "s" },
	};
	size_t u = 0;

	while (ns >= units[u].below)
		u++;
	textbuf_reset(tb);
	textbuf_char(tb, '+');
	textbuf_dec(tb, ns / units[u].unit, 0);
	textbuf_char(tb, '.');
	textbuf_dec(tb, ns / (units[u].unit / 10) % 10, 0);
	textbuf_str(tb, units[u].name);
}

/* The text of each column, for a line or the header row. */
struct row {
	const char *seq, *delta, *level, *reason, *hw, *sym, *insn;
};

#define SEQ_W 6       /* "     9", right-aligned */
#define DELTA_W 10    /* "   +37.2us", right-aligned after a space */
#define LEVEL_W 3     /* "L0" */
#define REASON_W 9    /* "IO(2)", "HLT(5)"; longer ones push on */
#define HW_W 20       /* "IO_INSTRUCTION(30)", "ring-0 emulated" */

/* The columns that say when: the number, the time since the previous
 * exit, the level. */
static void row_when(const struct row *r, const struct trace_columns *cols,
		     struct textbuf *tb)
{
	textbuf_reset(tb);
	textbuf_right(tb, r->seq, SEQ_W, 0);
	if (cols->delta)
		textbuf_right(tb, r->delta, DELTA_W, 1);
	textbuf_char(tb, ' ');
	if (cols->level)
		textbuf_column(tb, r->level, LEVEL_W);
}

/* The columns that say where and why: reason to instruction. */
static void row_where(const struct row *r, const struct trace_columns *cols,
		      struct textbuf *tb)
{
	textbuf_column(tb, r->reason, REASON_W);
	if (cols->hw)
		textbuf_column(tb, r->hw, HW_W);
	textbuf_column(tb, r->sym, cols->sym_width);
	textbuf_column(tb, r->insn, cols->insn_width);
}

/*
 * row_where's columns depend only on where the exit happened (line->text,
 * one per instruction: cli/exit_text.h) and on the layout, and a guest
 * exits from the same few instructions over and over.  So the last
 * line's are kept, and a line with the same text and layout copies them
 * whole (a quarter of a line's work).  One memo per thread: trace --cell
 * formats on each cell's thread.
 */
static _Thread_local struct {
	uint64_t text_id;    /* exit_text.id they were made from; 0: none */
	struct trace_columns cols;
	size_t len;
	char buf[512];       /* more than the columns' longest */
} where_memo;

static bool same_layout(const struct trace_columns *a,
			const struct trace_columns *b)
{
	return a->delta == b->delta && a->level == b->level &&
	       a->hw == b->hw && a->sym_width == b->sym_width &&
	       a->insn_width == b->insn_width;
}

static void row_where_memo(const struct exit_text *text,
			   const struct trace_columns *cols,
			   struct textbuf *tb)
{
	size_t start = tb->len, len;

	if (text->id && text->id == where_memo.text_id &&
	    same_layout(cols, &where_memo.cols)) {
		textbuf_mem(tb, where_memo.buf, where_memo.len);
		return;
	}
	row_where(&(struct row){ .reason = text->reason,
				 .hw = text->hw_brief, .sym = text->sym,
				 .insn = text->insn }, cols, tb);
	len = tb->len - start;
	if (len > sizeof(where_memo.buf))
		return;
	memcpy(where_memo.buf, tb->buf + start, len);
	where_memo.len = len;
	where_memo.cols = *cols;
	where_memo.text_id = text->id;
}

const struct trace_columns trace_columns_all = {
	.delta = true, .level = true, .hw = true,
	.sym_width = 19, .insn_width = 12,
};

void trace_line_text(const struct trace_line *line,
		     const struct trace_columns *cols, struct textbuf *tb)
{
	const struct exit_record *exit = line->exit;
	struct exit_number n = { exit->seq, 0 };
	struct textbuf delta, level;
	char seq[32];

	exit_number_label(line->number ? *line->number : n, seq, sizeof(seq));
	delta_text(&delta, line->dt_ns);
	textbuf_reset(&level);
	textbuf_char(&level, 'L');
	textbuf_dec(&level, trace_level(exit), 0);
	row_when(&(struct row){ .seq = seq, .delta = delta.buf,
				.level = level.buf }, cols, tb);
	row_where_memo(line->text, cols, tb);
	trace_line_payload(exit, tb);
	textbuf_trim(tb);
}

void trace_line_header(const struct trace_columns *cols, struct textbuf *tb)
{
	const struct row header = { "seq", "since", "L", "reason", "hardware",
				    "RIP", "instruction" };

	row_when(&header, cols, tb);
	row_where(&header, cols, tb);
	textbuf_str(tb, "payload");
}

/* What the hardware column means on this host, said once. */
static const char *flavour_note(enum host_flavour flavour)
{
	switch (flavour) {
	case HOST_VMX:
		return "host: VMX (Intel) - hardware: the VMX basic exit "
		       "reason behind each exit, in decimal";
	case HOST_SVM:
		return "host: SVM (AMD) - hardware: the SVM exit code behind "
		       "each exit, in hex";
	case HOST_PVM:
		return "host: PVM - no VMX/SVM exits; hardware: how the exit "
		       "reached KVM (ring-0 emulated, ring-3 trapped)";
	default:
		return "host: the software CPU - it makes KVM's exits "
		       "itself; no hardware exit (-)";
	}
}

void trace_line_print_header(enum host_flavour flavour, FILE *out)
{
	struct textbuf tb;

	trace_line_header(&trace_columns_all, &tb);
	fprintf(out, "%s\n%s\n", flavour_note(flavour), tb.buf);
}

void trace_line_inject(const struct exit_inject *inj, const char *name,
		       struct textbuf *tb)
{
	textbuf_str(tb, "IRQ ");
	textbuf_dec(tb, inj->irq, 0);
	textbuf_str(tb, " (");
	textbuf_str(tb, name ? name : "no device");
	textbuf_str(tb, ") -> vector ");
	textbuf_hex(tb, inj->vector);
}

void trace_line_write(const struct textbuf *tb, FILE *out)
{
	fwrite_unlocked(tb->buf, 1, tb->len, out);
}

/* --pic: a line per chip that changed, "       pic     master base
 * 0x20 ..." */
static void print_pic(const struct vm_pic_state *pic, unsigned chips,
		      FILE *out)
{
	struct textbuf tb;

	for (unsigned chip = 0; chip < 2; chip++) {
		if (!(chips & (1u << chip)))
			continue;
		textbuf_reset(&tb);
		textbuf_str(&tb, "       pic     ");
		pic_text_chip(pic, chip, &tb);
		textbuf_char(&tb, '\n');
		trace_line_write(&tb, out);
	}
}

void trace_line_print_text(const struct trace_line *line, FILE *out)
{
	struct textbuf tb;

	if (line->exit->injected.valid) {
		textbuf_reset(&tb);
		textbuf_str(&tb, "       inject  ");
		trace_line_inject(&line->exit->injected, line->inject_name,
				  &tb);
		textbuf_char(&tb, '\n');
		trace_line_write(&tb, out);
	}
	trace_line_text(line, &trace_columns_all, &tb);
	textbuf_char(&tb, '\n');
	trace_line_write(&tb, out);
	if (line->has_stack) {
		char stack[1024];

		fprintf(out, "       stack: %s\n",
			unwind_format(&line->stack, stack, sizeof(stack)));
	}
	if (line->pic)
		print_pic(line->pic, line->pic_chips, out);
}

void trace_line_print_reset(FILE *out)
{
	fputs("       reset   the guest pulsed the reset line: the machine "
	      "restarts\n", out);
}
