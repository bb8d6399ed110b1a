/*
 * bench/nested_cost.c - what nesting costs, phase against phase in one run
 * (docs/NESTING.md, docs/BENCH.md):
 *
 *   BENCH nested_reflected_exit[_soft]_ratio  an L2 port write reflected
 *                  to L1 and resumed (L2's exit, L0's write-back, L1's
 *                  handler, its doorbell, L0's copy and checks, the entry)
 *                  over a single-level port write; goal 4
 *   BENCH nested_l0_exit[_soft]_ratio  an L2 port write L0's device takes
 *                  alone over a single-level one; goal 1.5
 *   BENCH nested_first_touch[_soft]_us  a page's first touch by L2 (a
 *                  shadow fault: an exit, a walk of L1's table, the
 *                  instruction again) less a touch of a shadowed page
 *   BENCH nested_l1_exits_per_reflection[_soft]  hello under the L1
 *                  mini-hypervisor: L1's exits per reflected L2 exit
 *
 * The L1 guest hvbench (guest/hv/hvbench.c) runs rounds of phases - one
 * kind of exit each, the same loop of port writes - and marks each
 * phase's start with a port write of its own; this program runs the VM in
 * its own thread and notes the thread's CPU time at each mark.  Each
 * round gives one ratio of two phases run back to back; the figure is the
 * median of the rounds, with their min-max.
 *
 * The first round's exits are counted by kind, phase by phase, with the
 * TLB misses of the soft CPU's L2 context: --check fails unless each phase
 * is made of the exits its name says and the reflected phase's entries
 * kept L2's TLB (tests/integration/test_nested_cost.sh).
 *
 * Usage: nested_cost kvm|soft [--check]
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench/support/timing.h"
#include "core/guests.h"
#include "core/nested.h"
#include "core/vm.h"
#include "cpu/soft.h"
#include "cpu/soft_nested.h"
#include "guest/abi/hvbench.h"
#include "kvm/kvm.h"

#define PHASES HVBENCH_PHASE_END

/* What a phase's exits were, counted in the first round: each phase is
 * to be made of the one kind of exit its name says. */
enum exit_kind { L1_EXIT, L2_REFLECTED, L2_L0_DEVICE, L2_SHADOW_FAULT,
		 L2_OTHER, KINDS };

/* The thread's CPU time at each phase's mark, per round. */
struct marks {
	double ns[HVBENCH_ROUNDS][PHASES + 1];
	int rounds;            /* rounds whose single phase began */
	int phase;             /* the phase running */
	unsigned long kinds[PHASES + 1][KINDS];
	uint64_t tlb_at_mark;  /* L2's TLB misses at the last mark */
	uint64_t l2_tlb_misses[PHASES + 1];  /* the first round's, per phase */
};

static const char *const figures[] = {
	"nested_reflected_exit%s_ratio", "nested_l0_exit%s_ratio",
	"nested_first_touch%s_us", "nested_l1_exits_per_reflection%s",
};

static int create(struct vm *vm, const struct backend_ops *ops,
		  const char *hypervisor, char *err, size_t errlen)
{
	const struct builtin_guest *hv = guests_find(hypervisor);
	const struct builtin_guest *g = guests_find("hello");
	struct vm_config cfg = {
		.backend = ops, .nested = 1, .guest_name = "hello",
		.image = g->image, .image_size = (size_t)(g->image_end - g->image),
		.hypervisor = hv->image,
		.hypervisor_size = (size_t)(hv->image_end - hv->image),
	};

	return vm_create(vm, &cfg, err, errlen);
}

static enum exit_kind kind(const struct exit_record *e)
{
	if (e->level == 0)
		return L1_EXIT;
	if (e->nest.verdict == NESTED_REFLECT)
		return L2_REFLECTED;
	if (e->nest.verdict == NESTED_L0_DEVICE)
		return L2_L0_DEVICE;
	if (e->nest.l2_reason == NESTED_EXIT_NPF)
		return L2_SHADOW_FAULT;
	return L2_OTHER;
}

/* The soft CPU's L2 context's TLB misses so far (0 on KVM). */
static uint64_t l2_tlb_misses(const struct vm *vm)
{
	struct softcpu_counters c;

	if (vm->backend != &soft_backend_ops || !soft_nested_counters(vm, &c))
		return 0;
	return c.tlb_misses;
}

/* A phase's mark: an OUT of L1's to HVBENCH_PORT_MARK.  Every other exit
 * of the first round is counted by kind. */
static void on_exit(const struct vm *vm, const struct exit_record *e,
		    struct marks *m)
{
	const struct exit_io *io = &e->u.io;
	uint64_t phase, misses;

	if (e->level != 0 || e->reason != EXIT_IO ||
	    io->port != HVBENCH_PORT_MARK || io->direction != IO_OUT) {
		if (m->rounds == 1)
			m->kinds[m->phase][kind(e)]++;
		return;
	}
	phase = exit_io_value(io, 0);
	if (phase < HVBENCH_PHASE_SINGLE || phase > PHASES)
		return;
	misses = l2_tlb_misses(vm);
	if (m->rounds == 1)
		m->l2_tlb_misses[m->phase] += misses - m->tlb_at_mark;
	m->tlb_at_mark = misses;
	if (phase == HVBENCH_PHASE_SINGLE && m->rounds < HVBENCH_ROUNDS)
		m->rounds++;
	m->phase = (int)phase;
	if (m->rounds > 0)
		m->ns[m->rounds - 1][phase] = (double)timing_thread_cpu_ns();
}

/* "single: 20000 L1 exits; reflected: ..." for the first round. */
static void print_kinds(const struct marks *m)
{
	static const char *const phase_name[PHASES] = {
		[HVBENCH_PHASE_SINGLE] = "single",
		[HVBENCH_PHASE_REFLECTED] = "reflected",
		[HVBENCH_PHASE_L0] = "l0",
		[HVBENCH_PHASE_TOUCH_NEW] = "touch",
		[HVBENCH_PHASE_TOUCH_AGAIN] = "touch again",
	};
	static const char *const kind_name[KINDS] = {
		"L1 exits", "L2 reflected", "L2 to L0's device",
		"L2 shadow faults", "other L2 exits",
	};

	printf("  the first round's exits, per phase:\n");
	for (int p = HVBENCH_PHASE_SINGLE; p < PHASES; p++) {
		printf("    %-12s", phase_name[p]);
		for (int k = 0; k < KINDS; k++)
			if (m->kinds[p][k])
				printf(" %lu %s", m->kinds[p][k], kind_name[k]);
		if (m->l2_tlb_misses[p])
			printf(" (%llu L2 TLB misses)",
			       (unsigned long long)m->l2_tlb_misses[p]);
		printf("\n");
	}
}

/* One count of the first round against what the phase must have. */
static int expect(const struct marks *m, int phase, int kind,
		  unsigned long lo, unsigned long hi, const char *what)
{
	unsigned long n = m->kinds[phase][kind];

	if (n >= lo && n <= hi)
		return 0;
	fprintf(stderr, "nested_cost: phase %d: %lu %s, not %lu-%lu\n", phase,
		n, what, lo, hi);
	return 1;
}

/*
 * --check: each phase is made of the one kind of exit its name says, and
 * on the soft CPU the reflected phase's entries into L2 kept L2's TLB
 * (one miss per entry if each flushed it).  0, or the failures' count.
 */
static int check(const struct marks *m, bool soft)
{
	const unsigned long n = HVBENCH_EXITS, few = HVBENCH_PAGES / 8;
	int bad = 0;

	bad += expect(m, HVBENCH_PHASE_SINGLE, L1_EXIT, n, n, "L1 exits");
	bad += expect(m, HVBENCH_PHASE_SINGLE, L2_REFLECTED, 0, 0,
		      "reflected L2 exits");
	/* each OUT and the DONE write reflected; as many doorbells */
	bad += expect(m, HVBENCH_PHASE_REFLECTED, L2_REFLECTED, n + 1, n + 1,
		      "reflected L2 exits");
	bad += expect(m, HVBENCH_PHASE_REFLECTED, L1_EXIT, n + 1, n + 1,
		      "L1 exits");
	bad += expect(m, HVBENCH_PHASE_REFLECTED, L2_L0_DEVICE, 0, 0,
		      "L2 exits to L0's device");
	bad += expect(m, HVBENCH_PHASE_L0, L2_L0_DEVICE, n, n,
		      "L2 exits to L0's device");
	bad += expect(m, HVBENCH_PHASE_L0, L2_REFLECTED, 1, 1,
		      "reflected L2 exits");
	bad += expect(m, HVBENCH_PHASE_TOUCH_NEW, L2_SHADOW_FAULT,
		      HVBENCH_PAGES, HVBENCH_PAGES + few, "shadow faults");
	bad += expect(m, HVBENCH_PHASE_TOUCH_AGAIN, L2_SHADOW_FAULT, 0, few,
		      "shadow faults");
	for (int p = HVBENCH_PHASE_SINGLE; p < PHASES; p++)
		bad += expect(m, p, L2_OTHER, 0, 0, "other L2 exits");
	if (soft && m->l2_tlb_misses[HVBENCH_PHASE_REFLECTED] > few) {
		fprintf(stderr, "nested_cost: the reflected phase's %lu entries "
			"into L2 took %llu L2 TLB misses: they flush L2's TLB\n",
			n + 1, (unsigned long long)
			m->l2_tlb_misses[HVBENCH_PHASE_REFLECTED]);
		bad++;
	}
	return bad;
}

/* Run vm to its end; 0 when the guest ended with status 0. */
static int run_to_end(struct vm *vm, struct marks *m)
{
	struct exit_record e = { 0 };

	while (vm->state == VM_RUNNING && vm_run_exit(vm, &e) == 0)
		if (m)
			on_exit(vm, &e, m);
	return vm->state == VM_EXITED && vm->exit_status == 0 ? 0 : -1;
}

/* The CPU time of phase p in round r: to the next phase's mark (the
 * next round's first, after the last phase). */
static double phase_ns(const struct marks *m, int r, int p)
{
	double end = p + 1 < PHASES ? m->ns[r][p + 1]
		     : r + 1 < m->rounds ? m->ns[r + 1][HVBENCH_PHASE_SINGLE]
					 : m->ns[r][PHASES];

	return end - m->ns[r][p];
}

static void report(const struct marks *m, const char *sfx)
{
	double refl[HVBENCH_ROUNDS], l0[HVBENCH_ROUNDS], touch[HVBENCH_ROUNDS];
	double single[HVBENCH_ROUNDS];
	char name[64];
	int n = m->rounds;
	/* The soft CPU faults once a page; KVM maps a 2 MiB range a fault:
	 * the cost is per fault the first touch took beyond the second's, as
	 * the first round counted them. */
	unsigned long first = m->kinds[HVBENCH_PHASE_TOUCH_NEW][L2_SHADOW_FAULT];
	unsigned long again =
		m->kinds[HVBENCH_PHASE_TOUCH_AGAIN][L2_SHADOW_FAULT];
	unsigned long faults = first > again ? first - again : 0;
	unsigned long per = faults ? faults : HVBENCH_PAGES;

	for (int r = 0; r < n; r++) {
		single[r] = phase_ns(m, r, HVBENCH_PHASE_SINGLE);
		refl[r] = phase_ns(m, r, HVBENCH_PHASE_REFLECTED) / single[r];
		l0[r] = phase_ns(m, r, HVBENCH_PHASE_L0) / single[r];
		touch[r] = (phase_ns(m, r, HVBENCH_PHASE_TOUCH_NEW) -
			    phase_ns(m, r, HVBENCH_PHASE_TOUCH_AGAIN)) /
			   (double)per / 1000.0;
	}
	snprintf(name, sizeof(name), figures[0], sfx);
	timing_print_ratio(name, "an L2 port write reflected to L1 and "
			   "resumed, over a single-level port write (CPU "
			   "time)", refl, n, 4.0);
	snprintf(name, sizeof(name), figures[1], sfx);
	timing_print_ratio(name, "an L2 port write L0's device takes alone, "
			   "over a single-level port write", l0, n, 1.5);
	struct timing_spread s = timing_spread(touch, (size_t)n);

	snprintf(name, sizeof(name), figures[2], sfx);
	printf("BENCH %s %.2f us\n", name, s.median);
	printf("  L2's first touch of %d pages less a touch of them shadowed, "
	       "per shadow fault (%lu faults): median of %d rounds "
	       "(min-max %.2f-%.2f)\n", HVBENCH_PAGES, faults, n, s.min,
	       s.max);
	printf("  for scale: a single-level port write costs %.2f us (median)"
	       "\n", timing_median(single, (size_t)n) / HVBENCH_EXITS / 1000.0);
	print_kinds(m);
}

/* Turtles' multiplication for hello under the L1 mini-hypervisor: a
 * count, not a time. */
static int l1_exits_per_reflection(const struct backend_ops *ops,
				   const char *sfx)
{
	struct vm vm;
	char err[200], name[64];

	if (create(&vm, ops, "hv", err, sizeof(err))) {
		fprintf(stderr, "nested_cost: hello under hv: %s\n", err);
		return -1;
	}
	if (run_to_end(&vm, NULL)) {
		fprintf(stderr, "nested_cost: hello under hv did not end with "
			"status 0: %s\n", vm.end_reason);
		vm_destroy(&vm);
		return -1;
	}
	snprintf(name, sizeof(name), figures[3], sfx);
	printf("BENCH %s %.2f exits\n", name, nested_l1_exits_per_reflection(&vm));
	printf("  hello as L2 under the L1 mini-hypervisor: L1's exits from a "
	       "reflection to its next run doorbell, per reflected L2 exit "
	       "(%llu reflected)\n",
	       (unsigned long long)vm.nested->counters.reflected);
	vm_destroy(&vm);
	return 0;
}

int main(int argc, char **argv)
{
	const struct backend_ops *ops;
	const char *sfx;
	struct marks m = { 0 };
	struct vm vm;
	char err[200], name[64];

	bool check_only = argc == 3 && strcmp(argv[2], "--check") == 0;

	if ((argc != 2 && !check_only) ||
	    (strcmp(argv[1], "kvm") && strcmp(argv[1], "soft"))) {
		fprintf(stderr, "usage: nested_cost kvm|soft [--check]\n");
		return 2;
	}
	ops = strcmp(argv[1], "kvm") == 0 ? &kvm_backend_ops : &soft_backend_ops;
	sfx = ops == &kvm_backend_ops ? "" : "_soft";
	if (create(&vm, ops, "hvbench", err, sizeof(err))) {
		for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
			snprintf(name, sizeof(name), figures[i], sfx);
			printf("bench: %s skipped: %s\n", name, err);
		}
		return 0;
	}
	if (run_to_end(&vm, &m) || m.rounds != HVBENCH_ROUNDS) {
		fprintf(stderr, "nested_cost: hvbench did not run its %d rounds "
			"(%d)\n", HVBENCH_ROUNDS, m.rounds);
		vm_destroy(&vm);
		return 1;
	}
	vm_destroy(&vm);
	report(&m, sfx);
	if (check_only)
		return check(&m, ops == &soft_backend_ops) ? 1 : 0;
	return l1_exits_per_reflection(ops, sfx);
}
