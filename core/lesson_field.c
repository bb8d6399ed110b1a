/*
 * core/lesson_field.c - the fields of lesson conditions (see
 * core/lesson_field.h).
 *
 * The table below is the whole vocabulary; docs/LESSONS.md lists it for
 * teachers.  A field that does not apply at an observation (io.port at an
 * HLT, reg.rax before the first exit) is never read as 0: the comparison is
 * false and the reason says why, so a FAIL line cannot mislead.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/lesson_field.h"
#include "core/nested.h"
#include "devices/virtio_net.h"

static bool same(const char *name, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(name, word, len) == 0;
}

/* exit.reason == IO: KVM's names (and vmscope's own, HANDLED_IN_L0 ...),
 * as the tracer prints them. */
static int64_t reason_by_name(const char *name, size_t len)
{
	const char *known;
	uint32_t r;

	for (unsigned slot = 0; slot < EXIT_REASON_SLOTS; slot++) {
		r = exit_reason_at(slot);
		known = exit_reason_name(r);
		if (known && same(name, len, known))
			return r;
	}
	return -1;
}

static int64_t io_dir_by_name(const char *name, size_t len)
{
	if (same(name, len, "in"))
		return IO_IN;
	return same(name, len, "out") ? IO_OUT : -1;
}

static int64_t mmio_dir_by_name(const char *name, size_t len)
{
	if (same(name, len, "read"))
		return 0;
	return same(name, len, "write") ? 1 : -1;
}

/* Indexed by id, so fields[FIELD_REG] is the register row. */
static const struct lesson_field fields[] = {
	[FIELD_EXIT_REASON] = { "exit.reason", FIELD_EXIT_REASON, FIELD_NUMBER,
		reason_by_name,
		"KVM's reason names: IO, MMIO, HLT, SHUTDOWN, DEBUG ..." },
	[FIELD_EXIT_HW] = { "exit.hw", FIELD_EXIT_HW, FIELD_TEXT, NULL, NULL },
	[FIELD_EXIT_SEQ] = { "exit.seq", FIELD_EXIT_SEQ, FIELD_NUMBER, NULL, NULL },
	[FIELD_EXIT_LEVEL] = { "exit.level", FIELD_EXIT_LEVEL, FIELD_NUMBER, NULL, NULL },
	[FIELD_NEST_VERDICT] = { "nest.verdict", FIELD_NEST_VERDICT, FIELD_TEXT, NULL, NULL },
	[FIELD_NEST_RULE] = { "nest.rule", FIELD_NEST_RULE, FIELD_TEXT, NULL, NULL },
	[FIELD_IO_PORT] = { "io.port", FIELD_IO_PORT, FIELD_NUMBER, NULL, NULL },
	[FIELD_IO_DATA] = { "io.data", FIELD_IO_DATA, FIELD_NUMBER, NULL, NULL },
	[FIELD_IO_SIZE] = { "io.size", FIELD_IO_SIZE, FIELD_NUMBER, NULL, NULL },
	[FIELD_IO_DIR] = { "io.dir", FIELD_IO_DIR, FIELD_NUMBER,
		io_dir_by_name,
		"in or out" },
	[FIELD_IO_COUNT] = { "io.count", FIELD_IO_COUNT, FIELD_NUMBER, NULL, NULL },
	[FIELD_MMIO_GPA] = { "mmio.gpa", FIELD_MMIO_GPA, FIELD_NUMBER, NULL, NULL },
	[FIELD_MMIO_DATA] = { "mmio.data", FIELD_MMIO_DATA, FIELD_NUMBER, NULL, NULL },
	[FIELD_MMIO_LEN] = { "mmio.len", FIELD_MMIO_LEN, FIELD_NUMBER, NULL, NULL },
	[FIELD_MMIO_DIR] = { "mmio.dir", FIELD_MMIO_DIR, FIELD_NUMBER,
		mmio_dir_by_name,
		"read or write" },
	[FIELD_RIP] = { "rip", FIELD_RIP, FIELD_NUMBER, NULL, NULL },
	[FIELD_SYM] = { "sym", FIELD_SYM, FIELD_TEXT, NULL, NULL },
	[FIELD_CPL] = { "cpl", FIELD_CPL, FIELD_NUMBER, NULL, NULL },
	[FIELD_STACK] = { "stack", FIELD_STACK, FIELD_TEXT, NULL, NULL },
	[FIELD_INJECT_IRQ] = { "inject.irq", FIELD_INJECT_IRQ, FIELD_NUMBER, NULL, NULL },
	[FIELD_INJECT_VECTOR] = { "inject.vector", FIELD_INJECT_VECTOR, FIELD_NUMBER, NULL, NULL },
	[FIELD_REG] = { "reg.", FIELD_REG, FIELD_NUMBER, NULL, NULL },
	[FIELD_SERIAL_TEXT] = { "serial.text", FIELD_SERIAL_TEXT, FIELD_TEXT, NULL, NULL },
	[FIELD_SERIAL_BYTE] = { "serial.byte", FIELD_SERIAL_BYTE, FIELD_NUMBER, NULL, NULL },
	[FIELD_KVM_INTERNAL] = { "exits.kvm_internal", FIELD_KVM_INTERNAL, FIELD_NUMBER, NULL, NULL },
	[FIELD_ROUND_TRIP] = { "exits.round_trip_ns", FIELD_ROUND_TRIP, FIELD_NUMBER, NULL, NULL },
	[FIELD_ELAPSED_US] = { "elapsed_us", FIELD_ELAPSED_US, FIELD_NUMBER, NULL, NULL },
	[FIELD_HOST_KVM] = { "host.kvm", FIELD_HOST_KVM, FIELD_TEXT, NULL, NULL },
	[FIELD_NET_FRAMES] = { "net.frames", FIELD_NET_FRAMES, FIELD_NUMBER, NULL, NULL },
	[FIELD_NET_COPIED] = { "net.bytes_copied", FIELD_NET_COPIED, FIELD_NUMBER, NULL, NULL },
	[FIELD_NET_PLACED] = { "net.bytes_placed", FIELD_NET_PLACED, FIELD_NUMBER, NULL, NULL },
	[FIELD_NET_KICKS] = { "net.kicks", FIELD_NET_KICKS, FIELD_NUMBER, NULL, NULL },
	[FIELD_NET_KICKS_EVENTFD] = { "net.kicks_eventfd", FIELD_NET_KICKS_EVENTFD, FIELD_NUMBER, NULL, NULL },
	[FIELD_NET_FALLBACK] = { "net.fallback", FIELD_NET_FALLBACK, FIELD_NUMBER, NULL, NULL },
	[FIELD_NET_DROPPED] = { "net.dropped", FIELD_NET_DROPPED, FIELD_NUMBER, NULL, NULL },
	[FIELD_COUNT] = { "count", FIELD_COUNT, FIELD_NUMBER, NULL, NULL },
};

/* reg.NAME: the general registers, rip and rflags of struct vcpu_regs. */
static const struct {
	const char *name;
	size_t offset;
} regs[] = {
	{ "rax", offsetof(struct vcpu_regs, rax) },
	{ "rbx", offsetof(struct vcpu_regs, rbx) },
	{ "rcx", offsetof(struct vcpu_regs, rcx) },
	{ "rdx", offsetof(struct vcpu_regs, rdx) },
	{ "rsi", offsetof(struct vcpu_regs, rsi) },
	{ "rdi", offsetof(struct vcpu_regs, rdi) },
	{ "rsp", offsetof(struct vcpu_regs, rsp) },
	{ "rbp", offsetof(struct vcpu_regs, rbp) },
	{ "r8", offsetof(struct vcpu_regs, r8) },
	{ "r9", offsetof(struct vcpu_regs, r9) },
	{ "r10", offsetof(struct vcpu_regs, r10) },
	{ "r11", offsetof(struct vcpu_regs, r11) },
	{ "r12", offsetof(struct vcpu_regs, r12) },
	{ "r13", offsetof(struct vcpu_regs, r13) },
	{ "r14", offsetof(struct vcpu_regs, r14) },
	{ "r15", offsetof(struct vcpu_regs, r15) },
	{ "rip", offsetof(struct vcpu_regs, rip) },
	{ "rflags", offsetof(struct vcpu_regs, rflags) },
};

#define FIELD_COUNT_ALL (sizeof(fields) / sizeof(fields[0]))
#define REG_COUNT (sizeof(regs) / sizeof(regs[0]))

static const struct lesson_field *find_reg(const char *name, size_t len,
					   unsigned *reg)
{
	unsigned i;

	for (i = 0; i < REG_COUNT; i++) {
		if (same(name + 4, len - 4, regs[i].name)) {
			*reg = i;
			return &fields[FIELD_REG];
		}
	}
	return NULL;
}

const struct lesson_field *lesson_field_find(const char *name, size_t len,
					     unsigned *reg)
{
	unsigned i;

	*reg = 0;
	if (len > 4 && memcmp(name, "reg.", 4) == 0)
		return find_reg(name, len, reg);
	/* reg.* is found above, count(EVENT) by the condition parser. */
	for (i = 0; i < FIELD_COUNT_ALL; i++)
		if (fields[i].id != FIELD_REG && fields[i].id != FIELD_COUNT &&
		    same(name, len, fields[i].name))
			return &fields[i];
	return NULL;
}

const struct lesson_field *lesson_field_counter(void)
{
	return &fields[FIELD_COUNT];
}

/*
 * words joined by blanks into buf (len >= 1 bytes).  n, the bytes used,
 * stays below len, so buf[n] is always the NUL; each word but the last
 * goes in only with room left for the " ..." that says a list was cut.
 */
static void join(const char *const *words, size_t nwords, char *buf,
		 size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nwords; i++) {
		size_t sep = n ? 1 : 0, wlen = strlen(words[i]);
		size_t keep = i + 1 < nwords ? strlen(" ...") : 0;
		const char *mark = n ? " ..." : "...";

		if (sep + wlen + keep + 1 > len - n) {
			if (strlen(mark) < len - n)
				memcpy(buf + n, mark, strlen(mark) + 1);
			return;
		}
		if (sep)
			buf[n++] = ' ';
		memcpy(buf + n, words[i], wlen + 1);
		n += wlen;
	}
}

const char *lesson_field_list(enum lesson_field_use use, char *buf,
			      size_t len)
{
	const char *words[FIELD_COUNT_ALL + 2];
	size_t n = 0;

	if (!len)
		return buf;
	for (unsigned i = 0; i < FIELD_COUNT_ALL; i++) {
		if (fields[i].id == FIELD_REG) {
			words[n++] = "reg.rax..reg.r15";
			words[n++] = "reg.rip";
			words[n++] = "reg.rflags";
		} else if (fields[i].id == FIELD_COUNT) {
			if (use == FIELDS_IN_CONDITIONS)
				words[n++] = "count(EVENT)";
		} else {
			words[n++] = fields[i].name;
		}
	}
	join(words, n, buf, len);
	return buf;
}

const char *lesson_field_label(const struct lesson_field *f, unsigned reg,
			       const struct lesson_event *counted)
{
	static _Thread_local char label[48];

	if (f->id == FIELD_REG) {
		snprintf(label, sizeof(label), "reg.%s", regs[reg].name);
		return label;
	}
	if (f->id == FIELD_COUNT) {
		snprintf(label, sizeof(label), "count(%s)",
			 lesson_event_name(counted->kind));
		return label;
	}
	return f->name;
}

/* The exit-record fields: -1 with why when there is no exit of that kind. */
static int need_exit(const struct lesson_obs *obs, uint32_t reason,
		     const char *name, char *why, size_t whylen)
{
	char buf[32];

	if (!obs->exit) {
		snprintf(why, whylen, "%s: no exit yet", name);
		return -1;
	}
	if (reason != EXIT_REASON_TABLE_SIZE && obs->exit->reason != reason) {
		snprintf(why, whylen, "%s: the exit is %s, not %s", name,
			 exit_reason_format(obs->exit->reason, buf, sizeof(buf)),
			 exit_reason_name(reason));
		return -1;
	}
	return 0;
}

static int io_value(const struct lesson_field *f, const struct lesson_obs *obs,
		    struct lesson_value *v, char *why, size_t whylen)
{
	const struct exit_io *io;

	if (need_exit(obs, EXIT_IO, f->name, why, whylen))
		return -1;
	io = &obs->exit->u.io;
	switch (f->id) {
	case FIELD_IO_PORT: v->number = io->port; break;
	case FIELD_IO_DATA: v->number = exit_io_value(io, 0); break;
	case FIELD_IO_SIZE: v->number = io->size; break;
	case FIELD_IO_DIR: v->number = io->direction; break;
	default: v->number = io->count; break;
	}
	return 0;
}

static int mmio_value(const struct lesson_field *f,
		      const struct lesson_obs *obs, struct lesson_value *v,
		      char *why, size_t whylen)
{
	const struct exit_mmio *mmio;

	if (need_exit(obs, EXIT_MMIO, f->name, why, whylen))
		return -1;
	mmio = &obs->exit->u.mmio;
	switch (f->id) {
	case FIELD_MMIO_GPA: v->number = mmio->gpa; break;
	case FIELD_MMIO_DATA: v->number = exit_mmio_value(mmio); break;
	case FIELD_MMIO_LEN: v->number = mmio->len; break;
	default: v->number = mmio->is_write; break;
	}
	return 0;
}

static int inject_value(const struct lesson_field *f,
			const struct lesson_obs *obs, struct lesson_value *v,
			char *why, size_t whylen)
{
	if (need_exit(obs, EXIT_REASON_TABLE_SIZE, f->name, why, whylen))
		return -1;
	if (!obs->exit->injected.valid) {
		snprintf(why, whylen, "%s: no interrupt was injected before "
			 "this exit", f->name);
		return -1;
	}
	v->number = f->id == FIELD_INJECT_IRQ ? obs->exit->injected.irq
					      : obs->exit->injected.vector;
	return 0;
}

/* Fields of the exit as a whole, and of the machine at it. */
static int exit_value(const struct lesson_field *f,
		      const struct lesson_obs *obs, struct lesson_value *v,
		      char *why, size_t whylen)
{
	if (need_exit(obs, EXIT_REASON_TABLE_SIZE, f->name, why, whylen))
		return -1;
	switch (f->id) {
	case FIELD_EXIT_REASON: v->number = obs->exit->reason; break;
	case FIELD_EXIT_HW: v->text = obs->hw; break;
	case FIELD_EXIT_SEQ: v->number = obs->exit->seq; break;
	case FIELD_EXIT_LEVEL: v->number = obs->exit->level + 1; break;
	case FIELD_NEST_VERDICT:
		v->text = nested_verdict_text(obs->exit->nest.verdict);
		break;
	case FIELD_NEST_RULE: v->text = obs->exit->nest.rule; break;
	case FIELD_RIP: v->number = obs->exit->rip; break;
	case FIELD_SYM: v->text = obs->sym; break;
	case FIELD_CPL: v->number = obs->exit->cpl; break;
	default: v->text = obs->stack; break;
	}
	return 0;
}

static int reg_value(unsigned reg, const struct lesson_obs *obs,
		     struct lesson_value *v, char *why, size_t whylen)
{
	if (!obs->regs) {
		snprintf(why, whylen, "reg.%s: no registers yet", regs[reg].name);
		return -1;
	}
	memcpy(&v->number, (const char *)obs->regs + regs[reg].offset,
	       sizeof(v->number));
	return 0;
}

/* net.*: the network card's counters (all paths added up), asked of the
 * machine only when a condition or a say line reads one. */
static int net_value(const struct lesson_field *f,
		     const struct lesson_obs *obs, struct lesson_value *v,
		     char *why, size_t whylen)
{
	struct virtio_net_counters c;

	if (!obs->net || !obs->net(obs->opaque, &c)) {
		snprintf(why, whylen, "%s: the machine has no network card "
			 "(boot it with --net)", f->name);
		return -1;
	}
	switch (f->id) {
	case FIELD_NET_FRAMES: v->number = c.rx_packets; break;
	case FIELD_NET_COPIED: v->number = c.bytes_copied; break;
	case FIELD_NET_PLACED: v->number = c.bytes_placed; break;
	case FIELD_NET_KICKS: v->number = c.kicks; break;
	case FIELD_NET_KICKS_EVENTFD: v->number = c.kicks_eventfd; break;
	case FIELD_NET_FALLBACK: v->number = c.fallback_packets; break;
	default: v->number = c.rx_dropped; break;
	}
	return 0;
}

static int field_value(const struct lesson_field *f, unsigned reg,
		       const struct lesson_event *counted,
		       const struct lesson_obs *obs, struct lesson_value *v,
		       char *why, size_t whylen)
{
	switch (f->id) {
	case FIELD_IO_PORT: case FIELD_IO_DATA: case FIELD_IO_SIZE:
	case FIELD_IO_DIR: case FIELD_IO_COUNT:
		return io_value(f, obs, v, why, whylen);
	case FIELD_MMIO_GPA: case FIELD_MMIO_DATA: case FIELD_MMIO_LEN:
	case FIELD_MMIO_DIR:
		return mmio_value(f, obs, v, why, whylen);
	case FIELD_INJECT_IRQ: case FIELD_INJECT_VECTOR:
		return inject_value(f, obs, v, why, whylen);
	case FIELD_REG:
		return reg_value(reg, obs, v, why, whylen);
	case FIELD_SERIAL_TEXT:
		v->text = obs->serial ? obs->serial : "";
		v->len = obs->serial ? obs->serial_len : 0;
		return 0;
	case FIELD_SERIAL_BYTE:
		if (obs->kind != OBS_SERIAL) {
			snprintf(why, whylen, "serial.byte: not a serial event");
			return -1;
		}
		v->number = obs->byte;
		return 0;
	case FIELD_KVM_INTERNAL: v->number = obs->kvm_internal; return 0;
	case FIELD_ROUND_TRIP:
		if (!obs->round_trips) {
			snprintf(why, whylen, "exits.round_trip_ns: no exit in "
				 "this step yet");
			return -1;
		}
		v->number = obs->round_trip_ns;
		return 0;
	case FIELD_ELAPSED_US: v->number = obs->elapsed_us; return 0;
	case FIELD_HOST_KVM:
		v->text = obs->host_kvm ? obs->host_kvm : "none";
		return 0;
	case FIELD_COUNT:
		v->number = obs->count ? obs->count(obs->opaque, counted) : 0;
		return 0;
	case FIELD_NET_FRAMES: case FIELD_NET_COPIED: case FIELD_NET_PLACED:
	case FIELD_NET_KICKS: case FIELD_NET_KICKS_EVENTFD:
	case FIELD_NET_FALLBACK: case FIELD_NET_DROPPED:
		return net_value(f, obs, v, why, whylen);
	default:
		return exit_value(f, obs, v, why, whylen);
	}
}

int lesson_field_get(const struct lesson_field *f, unsigned reg,
		     const struct lesson_event *counted,
		     const struct lesson_obs *obs, struct lesson_value *v,
		     char *why, size_t whylen)
{
	int ret;

	memset(v, 0, sizeof(*v));
	ret = field_value(f, reg, counted, obs, v, why, whylen);
	/* serial.text knows its length; the other texts are C strings. */
	if (!ret && f->type == FIELD_TEXT && f->id != FIELD_SERIAL_TEXT)
		v->len = strlen(v->text);
	return ret;
}
