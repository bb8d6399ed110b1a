/*
 * cli/trace_line.c - formatting one exit as a trace line, text or JSON.
 *
 * Text, one line per exit (seq, time since the previous exit, nesting
 * level, KVM's reason, the hardware reason, RIP, instruction, payload):
 *     12     +8.1us L0 IO(2)    IO_INSTRUCTION(30)   uart_putc+0x1c  out dx, al  port=0x3f8 out size=1 data=0x48 'H'
 * and with --stack a second line, "stack: main > printf > ...".
 * JSON Lines: the keys are listed in docs/TRACE.md.
 */
#include <string.h>

#include "cli/trace_line.h"

static void describe_stack(struct trace_line *line, struct vm *vm)
{
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;

	line->has_stack = false;
	if (vm->backend->get_regs(vm, &regs) ||
	    vm->backend->get_sregs(vm, &sregs))
		return;
	unwind_guest(&vm->mem, &vm->syms, sregs.cr3,
		     &(struct unwind_regs){ line->exit->rip, regs.rsp, regs.rbp },
		     &line->stack);
	line->has_stack = true;
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
	line->reset_after = false;
	if (want_stack)
		describe_stack(line, vm);
}

/* ' H', ' \n', or nothing for a byte that does not print. */
static void printable(struct textbuf *tb, uint64_t value, unsigned size)
{
	if (size != 1)
		return;
	if (value == '\n') {
		textbuf_str(tb, " '\\n'");
	} else if (value == '\r') {
		textbuf_str(tb, " '\\r'");
	} else if (value >= 0x20 && value < 0x7f) {
		textbuf_str(tb, " '");
		textbuf_char(tb, (char)value);
		textbuf_char(tb, '\'');
	}
}

static void payload_io(const struct exit_io *io, struct textbuf *tb)
{
	uint64_t value = exit_io_value(io, 0);

	textbuf_str(tb, "port=");
	textbuf_hex(tb, io->port);
	textbuf_str(tb, io->direction == IO_OUT ? " out size=" : " in size=");
	textbuf_dec(tb, io->size, 0);
	textbuf_str(tb, " data=");
	textbuf_hex(tb, value);
	printable(tb, value, io->size);
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

void trace_line_payload(const struct exit_record *exit, struct textbuf *tb)
{
	switch (exit->reason) {
	case EXIT_IO:
		payload_io(&exit->u.io, tb);
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
		break;
	}
}

/* "+37.2us", right-aligned in 10 columns. */
static void delta_us(struct textbuf *tb, uint64_t ns)
{
	struct textbuf delta;

	textbuf_reset(&delta);
	textbuf_char(&delta, '+');
	textbuf_dec(&delta, ns / 1000, 0);
	textbuf_char(&delta, '.');
	textbuf_dec(&delta, ns / 100 % 10, 0);
	textbuf_str(&delta, "us");
	for (size_t pad = delta.len; pad < 10; pad++)
		textbuf_char(tb, ' ');
	textbuf_str(tb, delta.buf);
}

const struct trace_columns trace_columns_all = {
	.delta = true, .level = true, .hw = true,
	.sym_width = 21, .insn_width = 15,
};

void trace_line_text(const struct trace_line *line,
		     const struct trace_columns *cols, struct textbuf *tb)
{
	const struct exit_record *exit = line->exit;
	const struct exit_text *t = line->text;

	textbuf_reset(tb);
	textbuf_dec(tb, exit->seq, 6);
	if (cols->delta)
		delta_us(tb, line->dt_ns);
	if (cols->level) {
		textbuf_str(tb, " L");
		textbuf_dec(tb, exit->level, 0);
	}
	textbuf_char(tb, ' ');
	textbuf_column(tb, t->reason, 9);
	if (cols->hw)
		textbuf_column(tb, t->hw, 32);
	textbuf_column(tb, t->sym, cols->sym_width);
	textbuf_column(tb, t->insn, cols->insn_width);
	trace_line_payload(exit, tb);
	textbuf_trim(tb);
}

void trace_line_inject(const struct exit_inject *inj, struct textbuf *tb)
{
	textbuf_str(tb, "IRQ ");
	textbuf_dec(tb, inj->irq, 0);
	textbuf_str(tb, " (");
	textbuf_str(tb, vm_irq_name(inj->irq));
	textbuf_str(tb, ") -> vector ");
	textbuf_hex(tb, inj->vector);
}

void trace_line_print_text(const struct trace_line *line, FILE *out)
{
	struct textbuf tb;

	if (line->exit->injected.valid) {
		textbuf_reset(&tb);
		textbuf_str(&tb, "       inject  ");
		trace_line_inject(&line->exit->injected, &tb);
		textbuf_char(&tb, '\n');
		fwrite(tb.buf, 1, tb.len, out);
	}
	trace_line_text(line, &trace_columns_all, &tb);
	textbuf_char(&tb, '\n');
	fwrite(tb.buf, 1, tb.len, out);
	if (line->has_stack) {
		char stack[1024];

		fprintf(out, "       stack: %s\n",
			unwind_format(&line->stack, stack, sizeof(stack)));
	}
	if (line->reset_after)
		fputs("       reset   the guest pulsed the reset line: the "
		      "machine restarts\n", out);
}

/* A JSON string: quotes, backslashes and control bytes escaped. */
static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_payload(const struct exit_record *exit, FILE *out)
{
	const struct exit_io *io = &exit->u.io;
	const struct exit_mmio *mmio = &exit->u.mmio;

	if (exit->reason == EXIT_IO)
		fprintf(out, ",\"io\":{\"port\":%u,\"size\":%u,\"dir\":\"%s\","
			"\"data\":%llu,\"count\":%u}", io->port, io->size,
			io->direction == IO_OUT ? "out" : "in",
			(unsigned long long)exit_io_value(io, 0), io->count);
	else if (exit->reason == EXIT_MMIO)
		fprintf(out, ",\"mmio\":{\"gpa\":%llu,\"len\":%u,\"dir\":\"%s\","
			"\"data\":%llu}", (unsigned long long)mmio->gpa,
			mmio->len, mmio->is_write ? "out" : "in",
			(unsigned long long)exit_mmio_value(mmio));
}

static void json_stack(const struct unwind_chain *chain, FILE *out)
{
	char label[48];

	fputs(",\"stack\":[", out);
	for (size_t i = chain->count; i-- > 0;) {
		const struct unwind_frame *f = &chain->frames[i];

		if (f->kind == UNWIND_TRAP)
			json_string(out, unwind_boundary_label(
					 f, label, sizeof(label)));
		else if (f->sym)
			json_string(out, f->sym->name);
		else {
			snprintf(label, sizeof(label), "0x%llx",
				 (unsigned long long)f->pc);
			json_string(out, label);
		}
		if (i)
			fputc(',', out);
	}
	fputc(']', out);
}

void trace_line_print_json(const struct trace_line *line, FILE *out)
{
	const struct exit_record *exit = line->exit;

	fprintf(out, "{\"seq\":%llu,\"t_ns\":%llu,\"dt_ns\":%llu,"
		"\"handle_ns\":%llu,\"level\":%u,\"reason\":",
		(unsigned long long)exit->seq, (unsigned long long)exit->t_ns,
		(unsigned long long)line->dt_ns,
		(unsigned long long)exit->handle_ns, exit->level);
	json_string(out, exit_reason_name(exit->reason) ?
			 exit_reason_name(exit->reason) : "UNKNOWN");
	fprintf(out, ",\"reason_num\":%u,\"hw_reason\":", exit->reason);
	json_string(out, line->text->hw);
	fprintf(out, ",\"rip\":%llu,\"cpl\":%u,\"sym\":",
		(unsigned long long)exit->rip, exit->cpl);
	json_string(out, line->text->sym);
	fputs(",\"insn\":", out);
	json_string(out, line->text->insn);
	json_payload(exit, out);
	if (exit->injected.valid)
		fprintf(out, ",\"inject\":{\"irq\":%u,\"vector\":%u}",
			exit->injected.irq, exit->injected.vector);
	if (line->reset_after)
		fputs(",\"reset\":true", out);
	if (line->has_stack)
		json_stack(&line->stack, out);
	fputs("}\n", out);
}
