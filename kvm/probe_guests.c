/*
 * kvm/probe_guests.c - turning what the probe guests did into findings.
 *
 * Each probe guest reports its progress through PORT_PROBE
 * (guest/probes/probe_abi.h); this file follows the reports and the exits
 * around them and writes down what was seen - never what was expected.
 * probe_ring3 (guest/probes/probe_ring3.S) answers the ring-3 and debug
 * questions, probe_exitcost the cost of an exit.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/probes/probe_abi.h"
#include "kvm/kvm.h"
#include "kvm/probe_guests.h"
#include "kvm/probe_session.h"

#define RING3_MAX_EXITS 400
#define RING3_TIMEOUT_MS 5000
#define EXITCOST_MAX_EXITS (2 * PROBE_RUNS * (PROBE_RUN_OUTS + 2) + 32)
#define EXITCOST_TIMEOUT_MS 20000

#define VECTOR_DB 1
#define VECTOR_UD 6
#define VECTOR_PF 14
#define VECTOR_INT80 0x80

void probe_finding_set(struct probe_finding *f, enum probe_verdict works,
		       const char *result, const char *fmt, ...)
{
	va_list ap;

	f->works = works;
	snprintf(f->result, sizeof(f->result), "%s", result);
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}

/* Where probe_ring3 is: which finding an unexpected vector belongs to. */
enum ring3_phase {
	PHASE_BOOT,
	PHASE_BP,          /* between START/RING3 and BP_PASSED */
	PHASE_STEP,        /* between SS_BEGIN and SS_END */
	PHASE_BETWEEN,     /* between BP_PASSED and SS_BEGIN */
	PHASE_INT80,       /* from the ring-3 SS_END to AFTER_INT80 */
	PHASE_SYSCALL,     /* from AFTER_INT80 to AFTER_SYSCALL */
	PHASE_END,
};

struct ring3_probe {
	struct probe_report *r;
	struct probe_session *ps;
	enum ring3_phase phase;
	uint64_t bp[2];            /* [0] probe_bp_kernel, [1] probe_bp_user */
	bool bp_done[2];
	int step_ring;
	unsigned step_exits;       /* KVM_EXIT_DEBUG at step_ring */
	unsigned step_db;          /* #DB that reached the guest instead */
	bool bp_db;                /* a #DB reached the guest at a breakpoint */
	uint32_t vector;           /* the last VECTOR report's argument */
	uint64_t lstar;            /* syscall_entry */
};

static int ring_index(uint32_t cpl)
{
	return cpl == 0 ? 0 : 1;
}

/* Arm the hardware breakpoints whose finding is still open. */
static void arm_breakpoints(struct ring3_probe *p)
{
	uint64_t addrs[2];
	unsigned n = 0;
	int err;

	for (int i = 0; i < 2; i++)
		if (!p->bp_done[i])
			addrs[n++] = p->bp[i];
	err = kvm_set_hw_breakpoints(&p->ps->vm, addrs, n);
	if (!err)
		return;
	for (int i = 0; i < 2; i++)
		if (!p->bp_done[i])
			probe_finding_set(&p->r->findings[PROBE_HW_BP_RING0 + i],
					  PROBE_UNKNOWN, "unknown",
					  "KVM_SET_GUEST_DEBUG with "
					  "KVM_GUESTDBG_USE_HW_BP failed: %s",
					  strerror(-err));
	p->bp_done[0] = p->bp_done[1] = true;
}

static void on_start(struct ring3_probe *p)
{
	p->bp[0] = probe_session_symbol(p->ps, "probe_bp_kernel");
	p->bp[1] = probe_session_symbol(p->ps, "probe_bp_user");
	p->lstar = probe_session_symbol(p->ps, "syscall_entry");
	p->phase = PHASE_BP;
	arm_breakpoints(p);
}

static void on_debug_exit(struct ring3_probe *p)
{
	const struct exit_record *e = &p->ps->exit;

	if (p->phase == PHASE_STEP) {
		if (e->cpl == p->step_ring)
			p->step_exits++;
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (p->bp_done[i] || e->rip != p->bp[i])
			continue;
		probe_finding_set(&p->r->findings[PROBE_HW_BP_RING0 + i],
				  PROBE_YES, "fires",
				  "KVM_EXIT_DEBUG at probe_bp_%s (0x%llx) in "
				  "ring %u, before the guest ran it",
				  i ? "user" : "kernel",
				  (unsigned long long)e->rip, e->cpl);
		p->bp_done[i] = true;
		arm_breakpoints(p);
	}
}

static void on_bp_passed(struct ring3_probe *p, uint32_t cpl)
{
	int i = ring_index(cpl);

	p->phase = PHASE_BETWEEN;
	if (p->bp_done[i])
		return;
	probe_finding_set(&p->r->findings[PROBE_HW_BP_RING0 + i], PROBE_NO,
			  "does_not_fire",
			  "the guest ran probe_bp_%s (0x%llx) in ring %u and "
			  "went on: no KVM_EXIT_DEBUG came%s",
			  i ? "user" : "kernel", (unsigned long long)p->bp[i],
			  cpl, p->bp_db ? "; the guest got #DB instead" : "");
	p->bp_db = false;
	p->bp_done[i] = true;
	arm_breakpoints(p);
}

static void set_single_step(struct ring3_probe *p, bool on)
{
	struct vm *vm = &p->ps->vm;
	int err = vm->backend->set_single_step(vm, on);

	if (err)
		snprintf(p->ps->why, sizeof(p->ps->why), "KVM_SET_GUEST_DEBUG "
			 "(single-step %s) failed: %s", on ? "on" : "off",
			 strerror(-err));
}

static void on_step_end(struct ring3_probe *p, uint32_t cpl)
{
	struct probe_finding *f =
		&p->r->findings[PROBE_SINGLE_STEP_RING0 + ring_index(cpl)];

	set_single_step(p, false);
	p->phase = cpl == 0 ? PHASE_BOOT : PHASE_INT80;
	if (p->step_exits >= PROBE_SS_NOPS)
		probe_finding_set(f, PROBE_YES, "steps",
				  "%u KVM_EXIT_DEBUG exits in ring %u while "
				  "the guest ran %d nops and its report",
				  p->step_exits, cpl, PROBE_SS_NOPS);
	else
		probe_finding_set(f, PROBE_NO, "no_steps",
				  "%u KVM_EXIT_DEBUG exits in ring %u while "
				  "the guest ran %d nops and its report%s",
				  p->step_exits, cpl, PROBE_SS_NOPS,
				  p->step_db ? "; the trap reached the guest "
					       "as #DB instead" : "");
}

/* A VECTOR report, completed by the VECTOR_RIP report after it. */
static void on_vector(struct ring3_probe *p, uint32_t rip)
{
	uint32_t vector = p->vector & 0xff;
	uint32_t from = p->vector >> PROBE_VECTOR_CPL_SHIFT;
	struct probe_finding *f;

	if (p->phase == PHASE_STEP && vector == VECTOR_DB) {
		p->step_db++;
	} else if (p->phase == PHASE_BP && vector == VECTOR_DB) {
		p->bp_db = true;
	} else if (p->phase == PHASE_INT80) {
		f = &p->r->findings[PROBE_INT80_RING3];
		if (vector == VECTOR_INT80)
			probe_finding_set(f, PROBE_YES, "vector_0x80",
					  "int $0x80 in ring %u arrived at the "
					  "DPL-3 gate as vector 0x80", from);
		else if (vector == VECTOR_UD)
			probe_finding_set(f, PROBE_NO, "ud",
					  "int $0x80 at 0x%x in ring %u arrived "
					  "as #UD (vector 6): a kernel must "
					  "emulate it", rip, from);
		else
			probe_finding_set(f, PROBE_NO, "other_vector",
					  "int $0x80 at 0x%x in ring %u arrived "
					  "as vector %u", rip, from, vector);
	} else if (p->phase == PHASE_SYSCALL) {
		f = &p->r->findings[PROBE_SYSCALL_RING3];
		if (vector == VECTOR_PF && rip == p->lstar && from == 3)
			probe_finding_set(f, PROBE_NO, "stays_in_ring3",
					  "syscall jumped to the LSTAR handler "
					  "(0x%x) but stayed in ring 3: fetching "
					  "its supervisor page raised #PF", rip);
		else
			probe_finding_set(f, PROBE_NO, vector == VECTOR_UD
							  ? "ud" : "other_vector",
					  "syscall at 0x%x in ring %u raised "
					  "vector %u", rip, from, vector);
	}
}

static void on_after(struct ring3_probe *p, enum probe_finding_id id,
		     uint32_t cpl, const char *insn)
{
	struct probe_finding *f = &p->r->findings[id];

	if (f->works != PROBE_UNKNOWN)
		return;
	probe_finding_set(f, PROBE_NO, id == PROBE_SYSCALL_RING3
					       ? "stays_in_ring3" : "nothing",
			  "%s in ring 3 reached no handler: the guest went on "
			  "after it in ring %u", insn, cpl);
}

static void on_lstar(struct ring3_probe *p, uint32_t cpl)
{
	struct probe_finding *f = &p->r->findings[PROBE_SYSCALL_RING3];

	if (cpl == 0)
		probe_finding_set(f, PROBE_YES, "ring0_handler",
				  "syscall in ring 3 reached the LSTAR handler "
				  "in ring 0");
	else
		probe_finding_set(f, PROBE_NO, "stays_in_ring3",
				  "syscall jumped to the LSTAR handler, but it "
				  "ran in ring %u", cpl);
}

static void on_report(struct ring3_probe *p, uint32_t ev, uint32_t arg)
{
	switch (ev) {
	case PROBE_EV_START:
		on_start(p);
		break;
	case PROBE_EV_RING3:
		p->phase = PHASE_BP;
		break;
	case PROBE_EV_BP_PASSED:
		on_bp_passed(p, arg);
		break;
	case PROBE_EV_SS_BEGIN:
		p->phase = PHASE_STEP;
		p->step_ring = (int)arg;
		p->step_exits = p->step_db = 0;
		set_single_step(p, true);
		break;
	case PROBE_EV_SS_END:
		on_step_end(p, arg);
		break;
	case PROBE_EV_VECTOR:
		p->vector = arg;
		break;
	case PROBE_EV_VECTOR_RIP:
		on_vector(p, arg);
		break;
	case PROBE_EV_AFTER_INT80:
		on_after(p, PROBE_INT80_RING3, arg, "int $0x80");
		p->phase = PHASE_SYSCALL;
		break;
	case PROBE_EV_LSTAR:
		on_lstar(p, arg);
		break;
	case PROBE_EV_AFTER_SYSCALL:
		on_after(p, PROBE_SYSCALL_RING3, arg, "syscall");
		p->phase = PHASE_END;
		break;
	case PROBE_EV_FATAL:
		snprintf(p->ps->why, sizeof(p->ps->why), "the probe guest "
			 "stopped on an unexpected exception, vector %u",
			 arg & 0xff);
		break;
	default:
		break;
	}
}

/* Findings the guest never got to are unknown, and say why.  probe_ring3
 * makes the findings from PROBE_INT80_RING3 to PROBE_SINGLE_STEP_RING3. */
static void close_findings(struct probe_report *r, const char *why)
{
	for (int i = PROBE_INT80_RING3; i <= PROBE_SINGLE_STEP_RING3; i++)
		if (r->findings[i].works == PROBE_UNKNOWN &&
		    r->findings[i].result[0] == '\0')
			probe_finding_set(&r->findings[i], PROBE_UNKNOWN,
					  "unknown", "the probe guest did not "
					  "get there: %s", why);
}

void probe_guest_ring3(struct probe_report *r)
{
	struct probe_session *ps = malloc(sizeof(*ps));
	struct ring3_probe p = { .r = r, .ps = ps };
	uint32_t ev, arg;

	if (!ps || probe_session_start(ps, "probe_ring3", RING3_MAX_EXITS,
				       RING3_TIMEOUT_MS)) {
		close_findings(r, ps ? ps->why : "out of memory");
		free(ps);
		return;
	}
	while (probe_session_next(ps)) {
		if (ps->exit.reason == EXIT_DEBUG)
			on_debug_exit(&p);
		else if (probe_session_report(ps, &ev, &arg))
			on_report(&p, ev, arg);
	}
	close_findings(r, ps->why);
	probe_session_end(ps);
	free(ps);
}

/* The exit cost: per ring, the median over the timed runs. */
struct cost_probe {
	uint64_t t_begin;
	unsigned ticks;
	double us[2][PROBE_RUNS];
	int runs[2];
	unsigned short_runs;       /* runs with fewer ticks than promised */
};

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), compare_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void on_cost_report(struct cost_probe *c, const struct exit_record *e,
			   uint32_t ev, uint32_t arg)
{
	int ring = ring_index(arg);

	if (ev == PROBE_EV_RUN_BEGIN) {
		c->t_begin = e->t_ns;
		c->ticks = 0;
	} else if (ev == PROBE_EV_TICK) {
		c->ticks++;
	} else if (ev == PROBE_EV_RUN_END && c->runs[ring] < PROBE_RUNS) {
		if (c->ticks != PROBE_RUN_OUTS)
			c->short_runs++;
		/* ticks + 1 exits from RUN_BEGIN's to RUN_END's */
		c->us[ring][c->runs[ring]++] =
			(double)(e->t_ns - c->t_begin) / 1000.0 /
			(c->ticks + 1);
	}
}

void probe_guest_exitcost(struct probe_report *r)
{
	struct probe_session *ps = malloc(sizeof(*ps));
	struct probe_exit_cost *out = &r->exit_cost;
	struct cost_probe c = { 0 };
	uint32_t ev, arg;

	out->runs = PROBE_RUNS;
	out->exits_per_run = PROBE_RUN_OUTS + 1;
	if (!ps || probe_session_start(ps, "probe_exitcost",
				       EXITCOST_MAX_EXITS,
				       EXITCOST_TIMEOUT_MS)) {
		snprintf(out->detail, sizeof(out->detail), "%s",
			 ps ? ps->why : "out of memory");
		free(ps);
		return;
	}
	while (probe_session_next(ps))
		if (probe_session_report(ps, &ev, &arg))
			on_cost_report(&c, &ps->exit, ev, arg);
	if (c.runs[0] == PROBE_RUNS && c.runs[1] == PROBE_RUNS &&
	    !c.short_runs) {
		out->measured = PROBE_YES;
		out->ring0_us = median(c.us[0], PROBE_RUNS);
		out->ring3_us = median(c.us[1], PROBE_RUNS);
		snprintf(out->detail, sizeof(out->detail),
			 "median of %d runs of %d back-to-back OUTs per ring, "
			 "timed at vmscope's exits (KVM_RUN, exit record, "
			 "dispatch)", PROBE_RUNS, PROBE_RUN_OUTS);
	} else {
		snprintf(out->detail, sizeof(out->detail), "incomplete: %d+%d "
			 "of %d runs per ring (%u short): %.120s", c.runs[0],
			 c.runs[1], PROBE_RUNS, c.short_runs, ps->why);
	}
	probe_session_end(ps);
	free(ps);
}
