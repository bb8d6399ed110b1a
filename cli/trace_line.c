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
	unwind_guest(&vm->mem, &vm->syms, sregs.cr3, line->exit->rip,
		     regs.rbp, &line->stack);
	line->has_stack = true;
}

void trace_line_build(struct trace_line *line, struct vm *vm,
		      struct disasm *dis, const struct exit_record *exit,
		      uint64_t prev_t_ns, bool want_stack)
{
	enum host_flavour flavour = vm->backend->flavour(vm);

	line->exit = exit;
	line->dt_ns = prev_t_ns ? exit->t_ns - prev_t_ns : 0;
	exit_reason_format(exit->reason, line->reason, sizeof(line->reason));
	exit_hw_describe(flavour, exit, line->hw, sizeof(line->hw));
	symtab_format(&vm->syms, exit->rip, line->sym, sizeof(line->sym));
	disasm_one(dis, exit->insn, exit->insn_len, exit->rip, line->insn,
		   sizeof(line->insn));
	if (want_stack)
		describe_stack(line, vm);
	else
		line->has_stack = false;
}

/* 'H', '\n', or nothing for bytes that do not print. */
static void printable(uint64_t value, unsigned size, char *buf, size_t len)
{
	buf[0] = '\0';
	if (size != 1)
		return;
	if (value == '\n')
		snprintf(buf, len, " '\\n'");
	else if (value == '\r')
		snprintf(buf, len, " '\\r'");
	else if (value >= 0x20 && value < 0x7f)
		snprintf(buf, len, " '%c'", (char)value);
}

void trace_line_payload(const struct exit_record *exit, char *buf,
			size_t len)
{
	const struct exit_io *io = &exit->u.io;
	const struct exit_mmio *mmio = &exit->u.mmio;
	char ch[8];

	switch (exit->reason) {
	case EXIT_IO:
		printable(exit_io_value(io, 0), io->size, ch, sizeof(ch));
		snprintf(buf, len, "port=0x%x %s size=%u data=0x%llx%s",
			 io->port, io->direction == IO_OUT ? "out" : "in",
			 io->size, (unsigned long long)exit_io_value(io, 0),
			 ch);
		if (io->count > 1)
			snprintf(buf + strlen(buf), len - strlen(buf),
				 " count=%u", io->count);
		break;
	case EXIT_MMIO:
		snprintf(buf, len, "gpa=0x%llx %s len=%u data=0x%llx",
			 (unsigned long long)mmio->gpa,
			 mmio->is_write ? "write" : "read", mmio->len,
			 (unsigned long long)exit_mmio_value(mmio));
		break;
	case EXIT_INTERNAL_ERROR:
		snprintf(buf, len, "suberror=%u", exit->u.internal.suberror);
		break;
	case EXIT_FAIL_ENTRY:
		snprintf(buf, len, "hw_entry_failure=0x%llx",
			 (unsigned long long)exit->u.fail_entry.hw_reason);
		break;
	case EXIT_DEBUG:
		snprintf(buf, len, "exception=%u pc=0x%llx",
			 exit->u.debug.exception,
			 (unsigned long long)exit->u.debug.pc);
		break;
	default:
		buf[0] = '\0';
		break;
	}
}

void trace_line_print_text(const struct trace_line *line, FILE *out)
{
	const struct exit_record *exit = line->exit;
	char payload[128], stack[1024];

	trace_line_payload(exit, payload, sizeof(payload));
	fprintf(out, "%6llu %+9.1fus L%u %-8s %-31s %-20s %-14s %s\n",
		(unsigned long long)exit->seq, line->dt_ns / 1000.0,
		exit->level, line->reason, line->hw, line->sym, line->insn,
		payload);
	if (line->has_stack)
		fprintf(out, "       stack: %s\n",
			unwind_format(&line->stack, stack, sizeof(stack)));
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
	json_string(out, line->hw);
	fprintf(out, ",\"rip\":%llu,\"cpl\":%u,\"sym\":",
		(unsigned long long)exit->rip, exit->cpl);
	json_string(out, line->sym);
	fputs(",\"insn\":", out);
	json_string(out, line->insn);
	json_payload(exit, out);
	if (line->has_stack)
		json_stack(&line->stack, out);
	fputs("}\n", out);
}
