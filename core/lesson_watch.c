/*
 * core/lesson_watch.c - turning exits into lesson observations, counting
 * and watching them (see core/lesson_watch.h).
 *
 * The observation is read from the real guest state at the exit, the way
 * the tracer reads it: the registers of the level whose code exited (the
 * backend's, or L0's copy of L2's under --nested), the call chain unwound
 * through that level's page tables (L2's through L1's nested table too),
 * the layers classified by core/flow.c.  Nothing asks the guest to
 * cooperate.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/flow.h"
#include "core/lesson_watch.h"
#include "core/nested.h"
#include "core/nested_view.h"
#include "devices/virtio_net.h"
#include "core/unwind.h"
#include "guest/abi/machine.h"

#define SERIAL_KEEP (1u << 20)   /* serial.text holds the last 1 MiB */

/* host.kvm: "vmx", "svm", "pvm", or "none" for the software CPU. */
static const char *kvm_kind(struct vm *vm)
{
	switch (vm->backend->flavour(vm)) {
	case HOST_VMX: return "vmx";
	case HOST_SVM: return "svm";
	case HOST_PVM: return "pvm";
	default: return "none";
	}
}

int lesson_watch_init(struct lesson_watch *w, struct vm *vm)
{
	memset(w, 0, sizeof(*w));
	w->vm = vm;
	w->serial_cap = 4096;
	w->serial = calloc(1, w->serial_cap);
	w->now.obs.sym = w->now.sym;
	w->now.obs.stack = w->now.stack;
	w->now.obs.hw = w->now.hw;
	w->now.obs.serial = w->serial;
	w->now.obs.host_kvm = kvm_kind(vm);
	return w->serial ? 0 : -ENOMEM;
}

void lesson_watch_free(struct lesson_watch *w)
{
	free(w->serial);
	w->serial = NULL;
}

void lesson_watch_reboot(struct lesson_watch *w)
{
	w->serial_len = 0;
	w->serial_observed = 0;
	w->serial_dropped = 0;
	w->now.obs.serial_len = 0;
	w->now.obs.exit = NULL;
	w->now.obs.regs = NULL;
	exit_counter_reset(&w->numbers);
}

/* Every count(...) term of a condition tree, into the step's table. */
static int gather_counts(struct lesson_watch *w, const struct lesson_cond *c)
{
	const struct lesson_event *ev;
	unsigned i = 0;

	while ((ev = lesson_cond_counted(c, i++))) {
		if (w->ncounted == LESSON_COUNTED_MAX)
			return -ENOSPC;
		w->counted[w->ncounted++] = ev;
	}
	return 0;
}

/* All the vCPU's exits, in the kernel or not (KVM's binary stats); 0 for
 * a backend that keeps no such count (the software CPU makes every exit
 * itself, so none stays inside). */
static uint64_t backend_all_exits(struct vm *vm)
{
	struct backend_counter counters[64];
	int n = vm->backend->read_counters(vm, counters, 64);

	for (int i = 0; i < n; i++)
		if (strcmp(counters[i].name, "exits") == 0)
			return counters[i].value;
	return 0;
}

/* Exits KVM handled without returning to vmscope since the step began. */
static uint64_t kernel_exits(const struct lesson_watch *w)
{
	uint64_t all = backend_all_exits(w->vm) - w->step_all_exits;
	uint64_t seen = w->vm->stats.total - w->step_vm_exits;

	return all > seen ? all - seen : 0;
}

int lesson_watch_step(struct lesson_watch *w, const struct lesson_step *step)
{
	int ret = 0;

	w->ncounted = 0;
	w->nnever = 0;
	w->broken = NULL;
	w->nrecent = 0;
	memset(w->counts, 0, sizeof(w->counts));
	for (size_t i = 0; i < step->nactions && !ret; i++) {
		ret = gather_counts(w, step->actions[i].cond);
		if (!ret)
			ret = gather_counts(w, step->actions[i].event.where);
	}
	w->step_start_ns = clock_now_ns();
	w->step_trips = 0;
	w->step_trip_ns = 0;
	w->step_vm_exits = w->vm->stats.total;
	w->step_all_exits = backend_all_exits(w->vm);
	return ret;
}

int lesson_watch_never(struct lesson_watch *w, const struct lesson_action *a)
{
	if (w->nnever == LESSON_NEVER_MAX)
		return -ENOSPC;
	w->never[w->nnever++] = a;
	return 0;
}

/*
 * Room for one more byte: the buffer doubles up to SERIAL_KEEP; from then
 * on the older half of what was observed is dropped, so serial.text keeps
 * the last half to whole MiB and every byte still becomes an event.  A
 * byte not yet observed is never dropped (one exit sends at most a page,
 * so the buffer outgrows SERIAL_KEEP by that at most).
 */
static int serial_room(struct lesson_watch *w)
{
	size_t drop = w->serial_observed < SERIAL_KEEP / 2 ? w->serial_observed
							   : SERIAL_KEEP / 2;
	char *bigger;

	if (w->serial_len < w->serial_cap)
		return 0;
	if (w->serial_cap >= SERIAL_KEEP && drop) {
		memmove(w->serial, w->serial + drop, w->serial_len - drop);
		w->serial_len -= drop;
		w->serial_observed -= drop;
		w->serial_dropped += drop;
		return 0;
	}
	bigger = realloc(w->serial, w->serial_cap * 2);
	if (!bigger)
		return -ENOMEM;
	w->serial = bigger;
	w->serial_cap *= 2;
	w->now.obs.serial = w->serial;
	return 0;
}

void lesson_watch_serial(struct lesson_watch *w, uint8_t byte)
{
	if (serial_room(w))
		return;
	w->serial[w->serial_len++] = (char)byte;
	w->now.obs.serial_len = w->serial_len;
}

static uint64_t count_of(void *opaque, const struct lesson_event *ev)
{
	struct lesson_watch *w = opaque;

	for (unsigned i = 0; i < w->ncounted; i++)
		if (w->counted[i] == ev)
			return w->counts[i];
	return 0;
}

/* "exit 9 IO(2) at uart_putc+0x1c" (a stop: "exit 7.8 DEBUG(4) at ..."),
 * "serial byte 0x48 'H'", "the run ended: halted" */
static void describe(const struct lesson_watch *w, char *buf, size_t len)
{
	const struct lesson_obs *o = &w->now.obs;
	char reason[32], number[32];

	if (o->kind == OBS_SERIAL && o->byte >= 0x20 && o->byte < 0x7f)
		snprintf(buf, len, "serial byte 0x%02x '%c'", o->byte, o->byte);
	else if (o->kind == OBS_SERIAL)
		snprintf(buf, len, "serial byte 0x%02x", o->byte);
	else if (o->kind == OBS_END)
		snprintf(buf, len, "the run ended: %.120s", w->vm->end_reason);
	else {
		exit_number_label(w->now.number, number, sizeof(number));
		snprintf(buf, len, "exit %s %s at %s+0x%llx", number,
			 exit_reason_format(o->exit->reason, reason,
					    sizeof(reason)),
			 o->sym[0] ? o->sym : "?",
			 (unsigned long long)o->sym_offset);
	}
}

void lesson_watch_refresh(struct lesson_watch *w)
{
	struct lesson_obs *o = &w->now.obs;

	o->elapsed_us = (clock_now_ns() - w->step_start_ns) / 1000;
	o->kvm_internal = kernel_exits(w);
	o->round_trips = w->step_trips;
	o->round_trip_ns = w->step_trips ? w->step_trip_ns / w->step_trips : 0;
}

/* net.* fields: asked only when read (a worker's count is a handshake). */
static bool net_of(void *opaque, struct virtio_net_counters *out)
{
	struct lesson_watch *w = opaque;

	if (!w->vm->net)
		return false;
	virtio_net_counters(w->vm->net, out);
	return true;
}

/* Counts, expect-never and the recent list, for the observation in now. */
static const struct lesson_obs *watch(struct lesson_watch *w)
{
	struct lesson_obs *o = &w->now.obs;

	lesson_watch_refresh(w);
	o->count = count_of;
	o->net = net_of;
	o->opaque = w;
	for (unsigned i = 0; i < w->ncounted; i++)
		if (lesson_event_matches(w->counted[i], o))
			w->counts[i]++;
	describe(w, w->recent[w->nrecent++ % LESSON_RECENT],
		 sizeof(w->recent[0]));
	for (unsigned i = 0; i < w->nnever && !w->broken; i++) {
		if (lesson_event_matches(&w->never[i]->event, o)) {
			w->broken = w->never[i];
			describe(w, w->broken_at, sizeof(w->broken_at));
		}
	}
	return o;
}

static void read_symbol(struct lesson_view *v, const struct symtab *syms,
			uint64_t rip)
{
	const struct symbol *s = symtab_lookup(syms, rip);

	snprintf(v->sym, sizeof(v->sym), "%s", s ? s->name : "");
	v->obs.sym_offset = s ? rip - s->addr : 0;
}

/* The machine at the exit, as the level whose code exited has it (L2's
 * registers and address space for an exit of L2's, as the tracer's
 * --stack reads them): registers, call chain, layers. */
static void read_machine(struct lesson_watch *w, struct lesson_view *v)
{
	struct vm *vm = w->vm;
	struct flow_host host = { 0 };
	struct unwind_chain chain;
	struct level_state ls;
	const struct exit_record *e = &v->copy.u.exit;

	read_symbol(v, nested_symbols(vm, e->level), e->rip);
	v->obs.regs = NULL;
	v->stack[0] = '\0';
	if (nested_level_state(vm, e->level, &ls))
		return;
	v->regs = ls.regs;
	v->obs.regs = &v->regs;
	unwind_space(&ls.space, ls.syms,
		     &(struct unwind_regs){ e->rip, ls.regs.rsp, ls.regs.rbp },
		     &chain);
	unwind_format(&chain, v->stack, sizeof(v->stack));
	/* an exit of L2's reflected to L1 never reaches L0's UART: L1's own
	 * device model answers it (as the TUI's Flow shows it) */
	host.uart_claimed = e->reason == EXIT_IO && e->u.io.port >= PORT_COM1 &&
			    e->u.io.port < PORT_COM1 + 8 &&
			    e->nest.verdict != NESTED_REFLECT;
	host.byte_to_host = w->serial_len > w->serial_observed;
	v->obs.layers = flow_exit_layers(&chain, e, &host);
}

/* The hardware reason's name alone: "IO_INSTRUCTION", "IOIO", "none";
 * for an exit of L2's VMX's basic reason for it, as the trace's column. */
static void hw_name(struct lesson_view *v, enum host_flavour flavour)
{
	const struct exit_record *e = &v->copy.u.exit;
	char *paren;

	if (nested_exit_of_l2(e))
		nested_exit_format(e->nest.l2_reason, v->hw, sizeof(v->hw));
	else if (e->hw_reason_known &&
		 (flavour == HOST_VMX || flavour == HOST_SVM))
		exit_hw_format(flavour, e->hw_reason, v->hw, sizeof(v->hw));
	else
		snprintf(v->hw, sizeof(v->hw), "none");
	paren = strchr(v->hw, '(');
	if (paren)
		*paren = '\0';
}

const struct lesson_obs *lesson_watch_exit(struct lesson_watch *w,
					   const struct exit_record *exit)
{
	struct lesson_view *v = &w->now;
	struct exit_record *e = &v->copy.u.exit;

	event_from_exit(&v->copy, exit);
	v->number = exit_counter_add(&w->numbers, exit);
	/* into the backend, out with the exit, through vmscope's dispatch */
	if (exit->t_ns >= exit->resume_ns) {
		w->step_trips++;
		w->step_trip_ns += exit->t_ns - exit->resume_ns + exit->handle_ns;
	}
	if (e->reason == EXIT_IO)
		e->u.io.data = v->copy.io_data;
	v->obs.kind = OBS_EXIT;
	v->obs.exit = e;
	read_machine(w, v);
	hw_name(v, w->vm->backend->flavour(w->vm));
	return watch(w);
}

const struct lesson_obs *lesson_watch_byte(struct lesson_watch *w)
{
	if (w->serial_observed >= w->serial_len)
		return NULL;
	w->now.obs.kind = OBS_SERIAL;
	w->now.obs.byte = (uint8_t)w->serial[w->serial_observed++];
	w->now.obs.layers = 0;
	return watch(w);
}

const struct lesson_obs *lesson_watch_end(struct lesson_watch *w)
{
	w->now.obs.kind = OBS_END;
	return watch(w);
}

const char *lesson_watch_recent(const struct lesson_watch *w, char *buf,
				size_t len)
{
	unsigned first = w->nrecent > LESSON_RECENT ? w->nrecent - LESSON_RECENT
						    : 0;
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned i = first; i < w->nrecent && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "    %s\n",
				      w->recent[i % LESSON_RECENT]);
	return buf;
}
