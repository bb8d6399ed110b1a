/*
 * tui/panel_flow.c - the layer stack, with the current exit's path lit.
 *
 *   [*] v user program         12  user_start > main
 *   [*] v libc printf/write    12  printf > vfprintf > write
 *   ...
 *   ---------- guest above, host below ----------
 *   [*] v VM exit              40  IO(2)  none (PVM: ring-0 insn emulated)
 *
 * "[*]" marks a layer on the path, the "v" arrow leads to the next one
 * below, "*" ends the path; the count is how many exits went through the
 * layer.  In a lesson, the layer its step highlights (`highlight`) has
 * its name shown reversed, and "<- the lesson's layer" while unlit.
 * The guest half comes from the call chain the vCPU thread
 * unwound at the exit - a frame lights a layer only when tui/flow.c's
 * table names its function, so a boot-time exit lights "kernel boot" and a
 * read waiting in the tty lights "tty" but not "kernel sys_write" - the
 * host half from its dispatch.  The port I/O row's where column says
 * whether this exit's instruction was an in or an out.
 */
#include <stdio.h>
#include <string.h>

#include "cli/trace_line.h"
#include "core/nested.h"
#include "tui/panels.h"

#define NAME_COL 6
#define HITS_COL 25
#define WHERE_COL 33

static bool lit(const struct vcpu_snapshot *s, int layer)
{
	return s->have_exit && (s->layers & (1u << layer));
}

/* The frames of a guest layer, outermost first: "printf > write". */
static void guest_where(const struct vcpu_snapshot *s, int layer, char *buf,
			size_t len)
{
	size_t pos = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < s->nframes && pos + 1 < len; i++) {
		if (s->frames[i].layer != layer)
			continue;
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%s",
					pos ? " > " : "", s->frames[i].name);
		if (pos >= len)
			pos = len - 1;
	}
}

/*
 * The port I/O, UART model and host terminal rows of an I/O exit.  A byte
 * shows as a character only where it is text (trace_io_is_text(): the
 * UART's data register, DLAB clear), as the tracer shows it; the UART
 * row names the register the UART model says the access reached (DLL,
 * not THR, while LCR.DLAB is set).  Every byte the host terminal got is
 * text: one no character shows ('\0', an escape) is given in hex.
 */
static void io_where(const struct exit_record *e, int layer, char *buf,
		     size_t len)
{
	const struct exit_io *io = &e->u.io;
	uint64_t v = io->data ? exit_io_value(io, 0) : 0;
	bool out = io->direction == IO_OUT;
	char ch[8], sp[9] = "";
	bool shown = trace_char((uint8_t)v, ch, sizeof(ch));

	if (shown && trace_io_is_text(e))
		snprintf(sp, sizeof(sp), " %s", ch);
	if (layer == FLOW_PORT_IO)
		snprintf(buf, len, "%s port 0x%x %s 0x%llx%s", out ? "out" : "in",
			 io->port, out ? "<-" : "->", (unsigned long long)v, sp);
	else if (layer == FLOW_UART_MODEL && io->reg)
		snprintf(buf, len, "%s %s 0x%llx%s", io->reg,
			 out ? "<-" : "->", (unsigned long long)v, sp);
	else if (layer == FLOW_UART_MODEL)
		snprintf(buf, len, "port 0x%x: no register reached", io->port);
	else if (shown)
		snprintf(buf, len, "%s to the Console panel", ch);
	else
		snprintf(buf, len, "0x%02llx to the Console panel",
			 (unsigned long long)v);
}

static void host_where(const struct vcpu_snapshot *s, int layer, char *buf,
		       size_t len)
{
	const struct exit_record *e = &s->exit.u.exit;
	char reason[32], hw[96];

	buf[0] = '\0';
	switch (layer) {
	case FLOW_VM_EXIT:
		snprintf(buf, len, "%s  %s",
			 exit_reason_format(e->reason, reason, sizeof(reason)),
			 nested_exit_hw(s->flavour, e, false, hw, sizeof(hw)));
		break;
	case FLOW_KVM_RUN:
		snprintf(buf, len, strcmp(s->backend, "kvm") == 0 ?
			 "ioctl(KVM_RUN) returned" : "%s CPU run() returned",
			 s->backend);
		break;
	case FLOW_DISPATCH:
		if (e->nest.verdict == NESTED_REFLECT)
			snprintf(buf, len, "nesting rule: reflected to L1");
		else if (s->device[0])
			snprintf(buf, len, "bus: port 0x%x -> %s", e->u.io.port,
				 s->device);
		else
			snprintf(buf, len, "%s",
				 exit_reason_format(e->reason, reason,
						    sizeof(reason)));
		break;
	default:
		if (e->reason == EXIT_IO)
			io_where(e, layer, buf, len);
		break;
	}
}

/* "v" when a lit layer follows below, "*" on the last lit one. */
static char arrow(const struct vcpu_snapshot *s, int layer)
{
	for (int l = layer + 1; l < FLOW_LAYERS; l++)
		if (lit(s, l))
			return 'v';
	return '*';
}

static void layer_row(const struct tui_model *m, const struct view *v,
		      int y, int layer)
{
	const struct vcpu_snapshot *s = &m->snap;
	bool on = lit(s, layer);
	char where[160] = "";

	view_printf(v, 0, y, on ? GA_LIT : GA_DIM, "[%c] %c %-18s",
		    on ? '*' : ' ', on ? arrow(s, layer) : ' ',
		    flow_layer_name(layer));
	view_printf(v, HITS_COL - 1, y, GA_NORMAL, "%7llu",
		    (unsigned long long)s->layer_hits[layer]);
	if (m->lesson_on && m->lesson.layer == layer) {
		view_attr(v, NAME_COL, y, HITS_COL - 1 - NAME_COL, GA_SELECTED);
		if (!on)
			view_put(v, WHERE_COL, y, GA_BOLD, "<- the lesson's layer");
	}
	if (!on)
		return;
	if (layer < FLOW_FIRST_HOST && layer != FLOW_PORT_IO)
		guest_where(s, layer, where, sizeof(where));
	else
		host_where(s, layer, where, sizeof(where));
	view_put(v, WHERE_COL, y, GA_NORMAL, where);
}

static void stack_rows(const struct tui_model *m, const struct view *v,
		       int y)
{
	const struct vcpu_snapshot *s = &m->snap;
	char chain[CHAIN_TEXT + 8];

	if (y >= v->h || !s->have_exit)
		return;
	snprintf(chain, sizeof(chain), "stack: %s", s->stack);
	view_wrap(v, y, v->h - y, GA_NORMAL, chain);
}

void panel_flow(const struct tui_model *m, const struct view *v)
{
	/* roomy: a heading and a line between guest and host */
	bool roomy = v->h >= FLOW_LAYERS + 2;
	int y = 0;

	if (roomy && m->snap.debug_stops)   /* l, i, b: not the guest's */
		view_printf(v, 0, y++, GA_BOLD, "%-*s%*s  where (%llu stop%s "
			    "apart)", HITS_COL - 1, "    layer", 7, "hits",
			    (unsigned long long)m->snap.debug_stops,
			    m->snap.debug_stops == 1 ? "" : "s");
	else if (roomy)
		view_printf(v, 0, y++, GA_BOLD, "%-*s%*s  %s", HITS_COL - 1,
			    "    layer", 7, "hits", "where");
	for (int l = 0; l < FLOW_LAYERS; l++) {
		if (roomy && l == FLOW_FIRST_HOST)
			view_put(v, 0, y++, GA_DIM,
				 "------- guest above, host below -------");
		layer_row(m, v, y++, l);
	}
	stack_rows(m, v, y);
}
