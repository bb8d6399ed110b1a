/*
 * cli/trace_json.c - one exit as a JSON Lines object (`trace --json`; the
 * keys are listed in docs/TRACE.md), and the JSON string escaping the
 * summary shares.
 *
 * The tracer writes a line per exit, hundreds of thousands a second, so
 * the line is built in a textbuf with the appenders below and written
 * with one write to the stream (trace_line_write): no printf format
 * parsed per field, no stdio call per key.  A part that might not fit in what is left of the buffer
 * first sends what is there to the stream (json_room), so a line is
 * never cut, however long a guest's symbol names are.
 */
#include <string.h>

#include "cli/pic_text.h"
#include "cli/trace_json.h"
#include "core/nested.h"
#include "core/number.h"

/* The line being built, and the stream it goes to. */
struct json_line {
	struct textbuf tb;
	FILE *out;
};

static void json_send(struct json_line *j)
{
	trace_line_write(&j->tb, j->out);
	textbuf_reset(&j->tb);
}

/* At least need bytes free in the buffer (need < TEXTBUF_SIZE). */
static void json_room(struct json_line *j, size_t need)
{
	if (TEXTBUF_SIZE - 1 - j->tb.len < need)
		json_send(j);
}

/* What does not fit in the buffer's room: sent in pieces as it fills. */
static void json_mem_split(struct json_line *j, const char *s, size_t n)
{
	while (n > textbuf_room(&j->tb)) {
		size_t room = textbuf_room(&j->tb);

		textbuf_mem(&j->tb, s, room);
		json_send(j);
		s += room;
		n -= room;
	}
	textbuf_mem(&j->tb, s, n);
}

/* n bytes of text as they are.  Inline, as textbuf_mem: most pieces are
 * literals, whose length and copy the compiler then works out. */
static inline void json_mem(struct json_line *j, const char *s, size_t n)
{
	if (n <= textbuf_room(&j->tb))
		textbuf_mem(&j->tb, s, n);
	else
		json_mem_split(j, s, n);
}

/* Punctuation and keys: `,"rip":`. */
static inline void json_raw(struct json_line *j, const char *s)
{
	json_mem(j, s, strlen(s));
}

static void json_u64(struct json_line *j, uint64_t value)
{
	json_room(j, NUMBER_DEC_MAX);
	textbuf_dec(&j->tb, value, 0);
}

/* A byte JSON does not take as it is: a quote, a backslash, a control. */
static bool needs_escape(unsigned char c)
{
	return c == '"' || c == '\\' || c < 0x20;
}

/* `\"`, `\\`, or `\u001b` for a control byte. */
static void json_escape(struct json_line *j, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

	json_room(j, sizeof(u));
	if (c == '"' || c == '\\')
		textbuf_mem(&j->tb, (const char[]){ '\\', (char)c }, 2);
	else
		textbuf_mem(&j->tb, u, sizeof(u));
}

/* s as a JSON string: the runs of plain bytes copied whole. */
static void json_string(struct json_line *j, const char *s)
{
	json_raw(j, "\"");
	while (*s) {
		size_t plain = 0;

		while (s[plain] && !needs_escape((unsigned char)s[plain]))
			plain++;
		json_mem(j, s, plain);
		s += plain;
		if (*s)
			json_escape(j, (unsigned char)*s++);
	}
	json_raw(j, "\"");
}

void trace_json_string(FILE *out, const char *s)
{
	struct json_line j = { .out = out };

	textbuf_reset(&j.tb);
	json_string(&j, s);
	json_send(&j);
}

static void json_io(struct json_line *j, const struct exit_io *io)
{
	json_raw(j, ",\"io\":{\"port\":");
	json_u64(j, io->port);
	json_raw(j, ",\"size\":");
	json_u64(j, io->size);
	json_raw(j, io->direction == IO_OUT ? ",\"dir\":\"out\",\"data\":"
					    : ",\"dir\":\"in\",\"data\":");
	json_u64(j, exit_io_value(io, 0));
	json_raw(j, ",\"count\":");
	json_u64(j, io->count);
	json_raw(j, "}");
}

static void json_mmio(struct json_line *j, const struct exit_mmio *mmio)
{
	json_raw(j, ",\"mmio\":{\"gpa\":");
	json_u64(j, mmio->gpa);
	json_raw(j, ",\"len\":");
	json_u64(j, mmio->len);
	json_raw(j, mmio->is_write ? ",\"dir\":\"out\",\"data\":"
				   : ",\"dir\":\"in\",\"data\":");
	json_u64(j, exit_mmio_value(mmio));
	json_raw(j, "}");
}

static void json_nested(struct json_line *j, const struct exit_record *exit)
{
	char name[40];

	json_raw(j, ",\"nested\":{\"l2_reason\":");
	json_u64(j, exit->nest.l2_reason);
	json_raw(j, ",\"l2_reason_name\":");
	json_string(j, nested_exit_format(exit->nest.l2_reason, name,
					  sizeof(name)));
	json_raw(j, ",\"verdict\":");
	json_string(j, nested_verdict_text(exit->nest.verdict));
	json_raw(j, ",\"rule\":");
	json_string(j, exit->nest.rule);
	if (exit->nest.l2_reason == NESTED_EXIT_NPF) {
		json_raw(j, ",\"gpa\":");
		json_u64(j, exit->nest.gpa);
	}
	if (exit->nest.vect_info & NESTED_INTR_VALID) {
		json_raw(j, ",\"idt_vectoring_info\":");
		json_u64(j, exit->nest.vect_info);
		json_raw(j, ",\"idt_vectoring_error\":");
		json_u64(j, exit->nest.vect_error);
	}
	json_raw(j, "}");
}

/* A frame with no symbol is its address, "0x4010a0". */
static void json_stack(struct json_line *j, const struct unwind_chain *chain)
{
	char label[48];

	json_raw(j, ",\"stack\":[");
	for (size_t i = chain->count; i-- > 0;) {
		const struct unwind_frame *f = &chain->frames[i];

		if (f->kind == UNWIND_TRAP) {
			json_string(j, unwind_boundary_label(f, label,
							     sizeof(label)));
		} else if (f->sym) {
			json_string(j, f->sym->name);
		} else {
			struct textbuf pc;

			textbuf_reset(&pc);
			textbuf_hex(&pc, f->pc);
			json_string(j, pc.buf);
		}
		if (i)
			json_raw(j, ",");
	}
	json_raw(j, "]");
}

/* ,"key":value */
static void json_key(struct json_line *j, const char *key)
{
	json_raw(j, ",\"");
	json_raw(j, key);
	json_raw(j, "\":");
}

static void json_field_u64(struct json_line *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

static void json_field_bool(struct json_line *j, const char *key, bool v)
{
	json_key(j, key);
	json_raw(j, v ? "true" : "false");
}

/* --pic: {"master": {"base": 32, "irr": 2, ...}, "slave": {...}}, the
 * fields of the text's pic lines (cli/pic_text.h) as numbers. */
static void json_pic(struct json_line *j, const struct vm_pic_state *pic)
{
	json_raw(j, ",\"pic\":{");
	for (unsigned chip = 0; chip < 2; chip++) {
		const struct pic_regs *r = &pic->chip[chip];

		json_raw(j, chip ? ",\"" : "\"");
		json_raw(j, pic_text_chip_name[chip]);
		json_raw(j, "\":{\"base\":");
		json_u64(j, r->vector_base);
		json_field_u64(j, "irr", r->irr);
		json_field_u64(j, "isr", r->isr);
		json_field_u64(j, "imr", r->imr);
		json_field_u64(j, "level", r->level);
		json_field_bool(j, "auto_eoi", r->auto_eoi);
		json_field_bool(j, "special_mask", r->special_mask);
		json_field_u64(j, "next_icw", r->next_icw);
		json_raw(j, "}");
	}
	json_raw(j, "}");
}

static void json_inject(struct json_line *j, const struct exit_inject *inj)
{
	json_raw(j, ",\"inject\":{\"irq\":");
	json_u64(j, inj->irq);
	json_field_u64(j, "vector", inj->vector);
	json_raw(j, "}");
}

/* Where the exit came from: its number, times, reason, RIP, instruction. */
static void json_head(struct json_line *j, const struct trace_line *line)
{
	const struct exit_record *exit = line->exit;
	const char *reason = exit_reason_name(exit->reason);

	json_raw(j, "{\"seq\":");
	json_u64(j, exit->seq);
	json_raw(j, ",\"t_ns\":");
	json_u64(j, exit->t_ns);
	json_raw(j, ",\"dt_ns\":");
	json_u64(j, line->dt_ns);
	json_raw(j, ",\"handle_ns\":");
	json_u64(j, exit->handle_ns);
	json_raw(j, ",\"level\":");
	json_u64(j, trace_level(exit));
	json_raw(j, ",\"reason\":");
	json_string(j, reason ? reason : "UNKNOWN");
	json_raw(j, ",\"reason_num\":");
	json_u64(j, exit->reason);
	json_raw(j, ",\"hw_reason\":");
	json_string(j, line->text->hw_brief);
	json_raw(j, ",\"rip\":");
	json_u64(j, exit->rip);
	json_raw(j, ",\"cpl\":");
	json_u64(j, exit->cpl);
	json_raw(j, ",\"sym\":");
	json_string(j, line->text->sym);
	json_raw(j, ",\"insn\":");
	json_string(j, line->text->insn);
}

void trace_line_print_json(const struct trace_line *line, FILE *out)
{
	const struct exit_record *exit = line->exit;
	struct json_line j = { .out = out };

	textbuf_reset(&j.tb);
	json_head(&j, line);
	if (exit->reason == EXIT_IO)
		json_io(&j, &exit->u.io);
	else if (exit->reason == EXIT_MMIO)
		json_mmio(&j, &exit->u.mmio);
	if (exit->nest.verdict)
		json_nested(&j, exit);
	if (exit->injected.valid)
		json_inject(&j, &exit->injected);
	if (line->pic)
		json_pic(&j, line->pic);
	if (line->reset)
		json_raw(&j, ",\"reset\":true");
	if (line->has_stack)
		json_stack(&j, &line->stack);
	json_raw(&j, "}\n");
	json_send(&j);
}
