/*
 * cli/trace_summary.c - the summary at the end of a trace.
 *
 * First what reached vmscope, per reason, as `perf kvm stat report` lays
 * it out; then the backend's own counters.  Under KVM the difference
 * between KVM's "exits" and what reached vmscope is the lesson: most exits
 * (CPUID, page faults, interrupts) are handled inside the kernel and never
 * come back to user space.
 */
#include <string.h>

#include "cli/signals.h"
#include "cli/trace_json.h"
#include "cli/trace_line.h"
#include "cli/trace_net.h"
#include "cli/trace_summary.h"
#include "core/nested.h"

#define MAX_COUNTERS 96
#define NESTED_STATS_MAX 24

/*
 * The backend counters worth a student's attention, in reading order, and
 * what each counts.  KVM's counters are incremented where the kernel's
 * code for an exit runs, and that code differs per flavour: on VMX and
 * SVM an OUT is the I/O intercept's (vmx.c handle_io, svm.c
 * io_interception), which counts io_exits; on PVM the guest's ring-0 code
 * runs in KVM's instruction emulator, whose port and MMIO accesses reach
 * user space without passing those handlers.  So on PVM io_exits reads
 * 0 while the trace shows the exits: io_exits and mmio_exits are left
 * out there, and a note says why, rather than shown to contradict it.
 * pvm: the meaning on PVM; NULL leaves the counter out there.
 */
static const struct {
	const char *name;
	const char *meaning;
	const char *pvm;
} shown_counters[] = {
	{ "exits", "every exit from the guest, in the kernel or not", "" },
	{ "io_exits", "port I/O exits (the I/O intercept)", NULL },
	{ "mmio_exits", "MMIO exits passed to user space", NULL },
	{ "halt_exits", "HLT exits", "" },
	{ "signal_exits", "KVM_RUN ended early by a signal", "" },
	{ "irq_window_exits", "interrupt-window exits", "" },
	{ "irq_exits", "host interrupts that stopped the guest", "" },
	{ "request_irq_exits", "exits to let user space inject", "" },
	{ "insn_emulation", "instructions KVM's emulator ran",
	  "instructions KVM's emulator ran: PVM runs ring 0 there" },
	/* KVM's emulation-failure path: #UD for the guest at CPL > 0, else
	 * an INTERNAL_ERROR exit to user space (which the trace shows) */
	{ "insn_emulation_fail", "instructions KVM could not emulate: #UD "
	  "or INTERNAL_ERROR", "instructions KVM could not emulate: a #UD "
	  "for the guest (ring-3 int 0x80)" },
	{ "irq_injections", "interrupts injected into the guest", "" },
	{ "hypercalls", "hypercalls", "" },
	{ "pf_taken", "page faults KVM handled", "" },
	/* the software CPU's */
	{ "instructions", "instructions the software CPU executed", "" },
	{ "cpuid", "CPUIDs answered inside the CPU: no exit", "" },
	{ "rdmsr", "RDMSRs answered inside the CPU: no exit", "" },
	{ "wrmsr", "WRMSRs handled inside the CPU: no exit", "" },
	{ "exceptions", "exceptions delivered through the guest's IDT", "" },
	{ "software_interrupts", "INT n instructions delivered through the "
	  "guest's IDT", "" },
	{ "interrupts", "interrupts injected from vmscope's PIC", "" },
	{ "chip_interrupts", "interrupts the CPU took from its own chip "
	  "(--irqchip kernel): no exit", "" },
	{ "irqfd_raises", "lines raised by an irqfd's eventfd: no vmscope "
	  "thread", "" },
	{ "tlb_misses", "TLB misses: page walks", "" },
};

/* Shown only when they counted something: what only a mode that is off
 * by default counts (--irqchip kernel). */
static bool quiet_when_zero(const struct backend_counter *c)
{
	return c->value == 0 && (strcmp(c->name, "chip_interrupts") == 0 ||
				 strcmp(c->name, "irqfd_raises") == 0);
}

const char *trace_counter_meaning(enum host_flavour flavour,
				  const char *name)
{
	for (size_t i = 0; i < sizeof(shown_counters) /
			       sizeof(shown_counters[0]); i++) {
		if (strcmp(shown_counters[i].name, name) != 0)
			continue;
		if (flavour != HOST_PVM || (shown_counters[i].pvm &&
					    !shown_counters[i].pvm[0]))
			return shown_counters[i].meaning;
		return shown_counters[i].pvm;
	}
	return NULL;
}

/* The reasons' column: REFLECTED_TO_L1(vmscope) is the longest name. */
#define REASON_COL 24

static void print_reason_row(FILE *out, const char *name,
			     const struct exit_stat *st, uint64_t total,
			     uint64_t total_ns)
{
	if (!st->count)
		return;
	fprintf(out, "%*s %10llu %8.2f%% %8.2f%% %10.2fus %10.2fus "
		"%10.2fus\n", REASON_COL, name, (unsigned long long)st->count,
		100.0 * st->count / total,
		total_ns ? 100.0 * st->total_ns / total_ns : 0.0,
		st->min_ns / 1000.0, st->max_ns / 1000.0,
		st->total_ns / 1000.0 / st->count);
}

static void print_reasons(struct vm *vm, FILE *out)
{
	const struct exit_stats *s = &vm->stats;
	uint64_t total_ns = exit_stats_total_ns(s);
	char name[32], count[80];

	/* the TUI's Stats panel counts with the same words */
	exit_number_totals(s, count, sizeof(count));
	fprintf(out, "\n%s reached vmscope (%s backend, %s):\n\n", count,
		vm->backend->name, host_flavour_name(vm->backend->flavour(vm)));
	if (!s->total)
		return;
	fprintf(out, "%*s %10s %9s %9s %12s %12s %12s\n", REASON_COL, "VM-EXIT",
		"Samples", "Samples%", "Time%", "Min Time", "Max Time",
		"Avg time");
	for (unsigned slot = 0; slot < EXIT_REASON_SLOTS; slot++)
		print_reason_row(out, exit_reason_format(exit_reason_at(slot),
							 name, sizeof(name)),
				 &s->by_reason[slot], s->total, total_ns);
	print_reason_row(out, "other", &s->other, s->total, total_ns);
}

static const struct backend_counter *
find_counter(const struct backend_counter *c, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(c[i].name, name) == 0)
			return &c[i];
	return NULL;
}

/* Said under the counters where some were left out. */
static const char pvm_left_out[] =
	"Left out on PVM: io_exits and mmio_exits. They count VMX's and "
	"SVM's intercepts;\nPVM's port and MMIO accesses leave KVM's "
	"instruction emulator without them.\n";

void trace_summary_counters(enum host_flavour flavour, const char *backend,
			    const struct backend_counter *counters, int n,
			    uint64_t reached, FILE *out)
{
	const struct backend_counter *all;

	if (n <= 0)
		return;
	fprintf(out, "\nThe %s backend's own counters for this vCPU:\n\n",
		backend);
	for (size_t i = 0; i < sizeof(shown_counters) /
			       sizeof(shown_counters[0]); i++) {
		const struct backend_counter *c =
			find_counter(counters, n, shown_counters[i].name);
		const char *meaning = trace_counter_meaning(
			flavour, shown_counters[i].name);

		if (c && meaning && !quiet_when_zero(c))
			fprintf(out, "%20s %10llu   %s\n", c->name,
				(unsigned long long)c->value, meaning);
	}
	if (flavour == HOST_PVM)
		fprintf(out, "\n%s", pvm_left_out);
	all = find_counter(counters, n, "exits");
	if (all && all->value >= reached)
		fprintf(out, "\n%llu exits in all, %llu reached vmscope; "
			"handled inside the kernel, never seen by user "
			"space: %llu.\n", (unsigned long long)all->value,
			(unsigned long long)reached,
			(unsigned long long)(all->value - reached));
}

static void print_counters(struct vm *vm, FILE *out)
{
	struct backend_counter counters[MAX_COUNTERS];
	int n = vm->backend->read_counters(vm, counters, MAX_COUNTERS);

	trace_summary_counters(vm->backend->flavour(vm), vm->backend->name,
			       counters, n, vm->stats.total, out);
}

/* Accesses nobody claimed: a guest probing for absent hardware, or a
 * driver's wrong port.  Said only when there were any. */
static void print_unclaimed(struct vm *vm, FILE *out)
{
	char pio[160], mmio[160];
	bool any_pio = bus_unclaimed_format(&vm->bus.pio.unclaimed, "ports",
					    pio, sizeof(pio));
	bool any_mmio = bus_unclaimed_format(&vm->bus.mmio.unclaimed, "MMIO",
					     mmio, sizeof(mmio));

	if (any_pio || any_mmio)
		fprintf(out, "\nNo device answered (reads gave all ones, "
			"writes vanished):\n  %s\n  %s\n", pio, mmio);
}

/* The nesting stage's counters (core/nested_stats.c), when it is on. */
static void print_nesting(struct vm *vm, FILE *out)
{
	struct nested_stat rows[NESTED_STATS_MAX];
	int n = nested_stats(vm, rows, NESTED_STATS_MAX);
	char levels[80];

	if (n <= 0)
		return;
	fprintf(out, "\nNesting: %s:\n\n",
		nested_levels_text(vm, levels, sizeof(levels)));
	for (int i = 0; i < n; i++)
		fprintf(out, "%24s %10llu   %s\n", rows[i].name,
			(unsigned long long)rows[i].value, rows[i].what);
	fprintf(out, "%24s %10.1f   L1 exits per reflected %s exit "
		"(Turtles measured 31 on VMX for port I/O)\n",
		"l1_exits_per_reflection", nested_l1_exits_per_reflection(vm),
		nested_guest_levels(vm->nested->depth));
}

void trace_summary_text(struct vm *vm, FILE *out)
{
	print_reasons(vm, out);
	print_unclaimed(vm, out);
	trace_net_text(vm, out);
	print_counters(vm, out);
	print_nesting(vm, out);
}

static void json_nesting(struct vm *vm, FILE *out)
{
	struct nested_stat rows[NESTED_STATS_MAX];
	int n = nested_stats(vm, rows, NESTED_STATS_MAX);

	if (n <= 0)
		return;
	fputs(",\"nesting\":{", out);
	for (int i = 0; i < n; i++)
		fprintf(out, "\"%s\":%llu,", rows[i].name,
			(unsigned long long)rows[i].value);
	fprintf(out, "\"l1_exits_per_reflection\":%.2f}",
		nested_l1_exits_per_reflection(vm));
}

static void json_stat(FILE *out, const char *name, const struct exit_stat *st,
		      bool *first)
{
	if (!st->count)
		return;
	fprintf(out, "%s{\"reason\":\"%s\",\"count\":%llu,\"total_ns\":%llu,"
		"\"min_ns\":%llu,\"max_ns\":%llu}", *first ? "" : ",", name,
		(unsigned long long)st->count,
		(unsigned long long)st->total_ns,
		(unsigned long long)st->min_ns,
		(unsigned long long)st->max_ns);
	*first = false;
}

/* The registers at the end of the run, for comparing backends.  "rip" is
 * where the vCPU would resume, which after an exit KVM may or may not have
 * moved past the exiting instruction (kvm/kvm_rip.c): compare exit rips. */
static void json_final_regs(struct vm *vm, FILE *out)
{
	struct vcpu_regs r;

	if (vm->backend->get_regs(vm, &r))
		return;
	fprintf(out, ",\"final_regs\":{\"rax\":%llu,\"rbx\":%llu,"
		"\"rcx\":%llu,\"rdx\":%llu,\"rsi\":%llu,\"rdi\":%llu,"
		"\"rsp\":%llu,\"rbp\":%llu,\"r8\":%llu,\"r9\":%llu,"
		"\"r10\":%llu,\"r11\":%llu,\"r12\":%llu,\"r13\":%llu,"
		"\"r14\":%llu,\"r15\":%llu,\"rip\":%llu,\"rflags\":%llu}",
		(unsigned long long)r.rax, (unsigned long long)r.rbx,
		(unsigned long long)r.rcx, (unsigned long long)r.rdx,
		(unsigned long long)r.rsi, (unsigned long long)r.rdi,
		(unsigned long long)r.rsp, (unsigned long long)r.rbp,
		(unsigned long long)r.r8, (unsigned long long)r.r9,
		(unsigned long long)r.r10, (unsigned long long)r.r11,
		(unsigned long long)r.r12, (unsigned long long)r.r13,
		(unsigned long long)r.r14, (unsigned long long)r.r15,
		(unsigned long long)r.rip, (unsigned long long)r.rflags);
}

/* {"reads":N,"writes":N,"first":[port or address, ...]} */
static void json_unclaimed(const struct bus_unclaimed *u, FILE *out)
{
	fprintf(out, "{\"reads\":%llu,\"writes\":%llu,\"first\":[",
		(unsigned long long)u->reads, (unsigned long long)u->writes);
	for (unsigned i = 0; i < u->nfirst; i++)
		fprintf(out, "%s%llu", i ? "," : "",
			(unsigned long long)u->first[i]);
	fputs("]}", out);
}

/*
 * How the run ended: {"state":"exited","status":0,"reason":"..."}; state
 * is halted, exited (with the guest's status), crashed or stopped (with
 * the signal's number when a signal stopped it); reason is the note
 * vmscope prints.
 */
static void json_end(struct vm *vm, FILE *out)
{
	static const char *const states[] = {
		[VM_RUNNING] = "running", [VM_EXITED] = "exited",
		[VM_HALTED] = "halted", [VM_CRASHED] = "crashed",
		[VM_STOPPED] = "stopped",
	};

	fprintf(out, ",\"end\":{\"state\":\"%s\"", states[vm->state]);
	if (vm->state == VM_EXITED)
		fprintf(out, ",\"status\":%d", vm->exit_status);
	if (vm->state == VM_STOPPED && signals_caught())
		fprintf(out, ",\"signal\":%d", signals_caught());
	fputs(",\"reason\":", out);
	trace_json_string(out, vm->end_reason);
	fputc('}', out);
}

/* One final JSON Lines record: {"summary":{...}}. */
void trace_summary_json(struct vm *vm, FILE *out)
{
	struct backend_counter counters[MAX_COUNTERS];
	int n = vm->backend->read_counters(vm, counters, MAX_COUNTERS);
	bool first = true;

	fprintf(out, "{\"summary\":{\"exits\":%llu,\"backend\":\"%s\","
		"\"by_reason\":[", (unsigned long long)vm->stats.total,
		vm->backend->name);
	for (unsigned slot = 0; slot < EXIT_REASON_SLOTS; slot++)
		json_stat(out, exit_reason_name(exit_reason_at(slot)),
			  &vm->stats.by_reason[slot], &first);
	json_stat(out, "other", &vm->stats.other, &first);
	fputc(']', out);
	json_end(vm, out);
	fputs(",\"counters\":{", out);
	for (int i = 0; i < n; i++)
		fprintf(out, "%s\"%s\":%llu", i ? "," : "", counters[i].name,
			(unsigned long long)counters[i].value);
	fputc('}', out);
	fputs(",\"unclaimed\":{\"pio\":", out);
	json_unclaimed(&vm->bus.pio.unclaimed, out);
	fputs(",\"mmio\":", out);
	json_unclaimed(&vm->bus.mmio.unclaimed, out);
	fputc('}', out);
	json_nesting(vm, out);
	trace_net_json(vm, out);
	json_final_regs(vm, out);
	fputs("}}\n", out);
}
