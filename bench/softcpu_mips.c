/*
 * bench/softcpu_mips.c - how fast the software CPU runs guest code, and the
 * same loop under KVM:
 *
 *   BENCH softcpu_alu_mips      integer ALU loop (goal >= 500)
 *   BENCH softcpu_crc_mips      bitwise CRC-32 of 4 KiB (goal >= 400)
 *   BENCH softcpu_memcpy_mips   8-byte copy loop over 16 KiB (goal >= 300)
 *   BENCH softcpu_alu_bp_mips   the ALU loop with one instruction breakpoint
 *                               set elsewhere
 *   BENCH softcpu_bp_cost_ratio ALU time with the breakpoint / without
 *                               (goal <= 1.10)
 *   BENCH kvm_alu_mips          the ALU loop under KVM (ring 0: on a PVM host
 *                               that is KVM's instruction emulator)
 *
 * Millions of guest instructions per second of the vCPU thread's CPU time,
 * between the cpuloops guest's POST-port markers
 * (guest/cpuloops/cpuloops.c).  CPU time, not wall time: the machines these
 * run on are shared, and a core taken away by another process is not the
 * interpreter's doing.  The software CPU counts the instructions it
 * retires; under KVM the count is the loop's known size.
 *
 * Each soft CPU figure is the median of ROUNDS rounds, a run without and a
 * run with the breakpoint alternated, with the minimum and maximum printed:
 * one sample says little on a busy machine.  Each loop is sized to take
 * about 0.3 s at its goal.
 *
 * A figure must measure what its name says, so every round checks the
 * instructions retired per unit of work against the loop's code (objdump
 * -d build/guest/cpuloops.elf): at least 10 per ALU iteration, 70 per CRC
 * byte (8 turns of 8 instructions plus 6 per byte), 5 per copied word.  A
 * compiler that moves work out of a loop makes the benchmark fail.
 *
 * Usage: softcpu_mips [--check | --one alu|crc|memcpy COUNT]
 * --check runs each loop a few times and only checks the instruction
 * counts (tests/integration/test_softcpu_bench.sh, in `make check`);
 * --one runs one loop once (bench/peers.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/support/timing.h"
#include "core/guests.h"
#include "core/vm.h"
#include "cpu/soft.h"
#include "guest/abi/machine.h"
#include "kvm/kvm.h"

#define MARKERS 7                 /* POST codes 1..6 */
#define ROUNDS 5
/* Work per unit and the instructions it takes at least (see the top). */
#define ALU_INSNS_PER_ITERATION 10
#define CRC_BYTES 4096
#define CRC_INSNS_PER_ROUND (70 * CRC_BYTES)
#define COPY_WORDS 2048
#define COPY_INSNS_PER_ROUND (5 * COPY_WORDS)

enum loop { LOOP_ALU, LOOP_CRC, LOOP_COPY, LOOPS };

struct workload {
	uint64_t units[LOOPS];        /* iterations, rounds, rounds */
};

static const struct {
	const char *name, *what, *unit;
	uint64_t min_insns;           /* per unit of work */
	int marker;                   /* the POST code before the loop */
} loops[LOOPS] = {
	[LOOP_ALU] = { "alu", "ALU loop", "iteration",
		       ALU_INSNS_PER_ITERATION, 1 },
	[LOOP_CRC] = { "crc", "CRC-32", "round of 4 KiB",
		       CRC_INSNS_PER_ROUND, 3 },
	[LOOP_COPY] = { "memcpy", "copy loop", "round of 16 KiB",
			COPY_INSNS_PER_ROUND, 5 },
};

static const char *const unit_symbols[LOOPS] = {
	"alu_iterations", "crc_rounds", "memcpy_rounds",
};

struct markers {
	uint64_t cpu_ns[MARKERS];     /* the thread's CPU time at each marker */
	uint64_t insns[MARKERS];      /* retired so far (software CPU only) */
};

static uint64_t counter(struct vm *vm, const char *name)
{
	struct backend_counter c[32];
	int n = vm->backend->read_counters(vm, c, 32);

	for (int i = 0; i < n; i++)
		if (strcmp(c[i].name, name) == 0)
			return c[i].value;
	return 0;
}

static int poke(struct vm *vm, const char *symbol, uint64_t value)
{
	const struct symbol *s = symtab_find(&vm->syms, symbol);

	return s ? guest_mem_write(&vm->mem, s->addr, &value, sizeof(value))
		 : -1;
}

static void on_marker(struct vm *vm, const struct exit_record *e,
		      struct markers *m)
{
	uint64_t code;

	if (e->reason != EXIT_IO || e->u.io.port != PORT_POST)
		return;
	code = exit_io_value(&e->u.io, 0);
	if (code < MARKERS) {
		m->cpu_ns[code] = timing_thread_cpu_ns();
		m->insns[code] = counter(vm, "instructions");
	}
}

/* Run cpuloops once on ops with the workload; breakpoint: NULL or the
 * symbol to set an instruction breakpoint on. */
static int run_loops(const struct backend_ops *ops, const struct workload *w,
		     const char *breakpoint, struct markers *m)
{
	const struct builtin_guest *g = guests_find("cpuloops");
	struct vm_config cfg = {
		.backend = ops, .image = g->image,
		.image_size = (size_t)(g->image_end - g->image),
	};
	struct exit_record e = { 0 };
	struct vm vm;
	char err[200];
	int ret = 0;

	if (vm_create(&vm, &cfg, err, sizeof(err))) {
		fprintf(stderr, "softcpu_mips: %s\n", err);
		return -1;
	}
	for (int l = 0; l < LOOPS; l++)
		ret |= poke(&vm, unit_symbols[l], w->units[l]);
	if (!ret && breakpoint) {
		const struct symbol *bp = symtab_find(&vm.syms, breakpoint);

		ret = bp ? ops->set_breakpoints(&vm, &bp->addr, 1) : -1;
	}
	memset(m, 0, sizeof(*m));
	while (!ret && vm.state == VM_RUNNING && !vm_run_exit(&vm, &e))
		on_marker(&vm, &e, m);
	ret = ret || vm.state != VM_EXITED || vm.exit_status != 0;
	vm_destroy(&vm);
	return ret ? -1 : 0;
}

static double mips(const struct markers *m, int start, uint64_t insns)
{
	uint64_t ns = m->cpu_ns[start + 1] - m->cpu_ns[start];

	return ns ? (double)insns * 1e3 / (double)ns : 0.0;
}

struct samples {
	double v[ROUNDS];
	int n;
	double insns_per_unit;        /* retired, in the last round */
};

/* Add the soft CPU's figure for one loop to s; -1 when the loop retired
 * fewer instructions than its code takes (the work did not run). */
static int soft_sample(const struct markers *m, enum loop l,
		       const struct workload *w, struct samples *s)
{
	int start = loops[l].marker;
	uint64_t insns = m->insns[start + 1] - m->insns[start];

	if (insns < w->units[l] * loops[l].min_insns) {
		fprintf(stderr, "softcpu_mips: the %s retired %llu instructions "
			"for %llu units of work, expected >= %llu per unit\n",
			loops[l].what, (unsigned long long)insns,
			(unsigned long long)w->units[l],
			(unsigned long long)loops[l].min_insns);
		return -1;
	}
	s->v[s->n++] = mips(m, start, insns);
	s->insns_per_unit = (double)insns / (double)w->units[l];
	return 0;
}

static void print_figure(const char *name, const char *unit,
			 struct samples *s, const char *what)
{
	double lo = s->v[0], hi = s->v[0];

	for (int i = 1; i < s->n; i++) {
		lo = s->v[i] < lo ? s->v[i] : lo;
		hi = s->v[i] > hi ? s->v[i] : hi;
	}
	printf("BENCH %s %.2f %s\n", name, timing_median(s->v, (size_t)s->n),
	       unit);
	printf("  %s: median of %d rounds, min %.2f, max %.2f\n", what, s->n,
	       lo, hi);
}

static void print_load(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double load = 0;

	if (f && fscanf(f, "%lf", &load) == 1)
		printf("  machine load while measuring: %.2f (1-minute average)"
		       "\n", load);
	if (f)
		fclose(f);
}

/* ROUNDS rounds of the three loops, then the ALU loop with a breakpoint
 * set on a function it never reaches (shutdown), alternated. */
static int soft_rounds(struct samples s[LOOPS], struct samples *bp,
		       struct samples *bp_ratio)
{
	const struct workload soft = { { 15000000, 400, 9000 } };
	const struct workload alu_only = { { 15000000, 1, 1 } };
	struct markers m;

	for (int r = 0; r < ROUNDS; r++) {
		if (run_loops(&soft_backend_ops, &soft, NULL, &m))
			return -1;
		for (int l = 0; l < LOOPS; l++)
			if (soft_sample(&m, (enum loop)l, &soft, &s[l]))
				return -1;
		if (run_loops(&soft_backend_ops, &alu_only, "shutdown", &m) ||
		    soft_sample(&m, LOOP_ALU, &alu_only, bp))
			return -1;
		bp_ratio->v[bp_ratio->n++] = s[LOOP_ALU].v[r] / bp->v[r];
	}
	return 0;
}

/* --check: the instruction counts of one short run, no figures. */
static int check_counts(void)
{
	const struct workload small = { { 1000, 3, 3 } };
	struct samples s[LOOPS] = { 0 };
	struct markers m;

	if (run_loops(&soft_backend_ops, &small, NULL, &m))
		return 1;
	for (int l = 0; l < LOOPS; l++) {
		if (soft_sample(&m, (enum loop)l, &small, &s[l]))
			return 1;
		printf("softcpu_mips: %s: %.1f instructions retired per %s "
		       "(>= %llu)\n", loops[l].what, s[l].insns_per_unit,
		       loops[l].unit, (unsigned long long)loops[l].min_insns);
	}
	return 0;
}

/* --one LOOP COUNT: that loop alone, once, on the software CPU; prints
 * "mips M insns_per_unit I" for bench/peers.c, which sets the software CPU
 * beside QEMU and Bochs running the same loop. */
static int one_loop(const char *name, const char *count)
{
	struct workload w = { { 0, 0, 0 } };
	struct samples s = { 0 };
	struct markers m;
	int l = 0;

	while (l < LOOPS && strcmp(loops[l].name, name))
		l++;
	if (l == LOOPS)
		return 2;
	/* once at least: cpuloops fails a run whose CRC is 0, and its ALU
	 * loop counts down to zero after the first turn (0 would wrap) */
	w.units[LOOP_ALU] = 1;
	w.units[LOOP_CRC] = 1;
	w.units[l] = strtoull(count, NULL, 10);
	if (!w.units[l] || run_loops(&soft_backend_ops, &w, NULL, &m) ||
	    soft_sample(&m, (enum loop)l, &w, &s))
		return 1;
	printf("mips %.2f insns_per_unit %.2f\n", s.v[0], s.insns_per_unit);
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const goals[LOOPS] = {
		"ALU loop (goal >= 500)", "CRC-32 (goal >= 400)",
		"copy loop (goal >= 300)",
	};
	const struct workload kvm = { { 20000, 1, 1 } };
	struct samples s[LOOPS] = { 0 }, bp = { 0 }, bp_ratio = { 0 };
	struct markers m;
	char why[160], name[64];

	if (argc > 1 && strcmp(argv[1], "--check") == 0)
		return check_counts();
	if (argc == 4 && strcmp(argv[1], "--one") == 0)
		return one_loop(argv[2], argv[3]);
	if (soft_rounds(s, &bp, &bp_ratio))
		return 1;
	for (int l = 0; l < LOOPS; l++) {
		snprintf(name, sizeof(name), "softcpu_%s_mips", loops[l].name);
		print_figure(name, "MIPS", &s[l], goals[l]);
		printf("  %.1f instructions retired per %s\n",
		       s[l].insns_per_unit, loops[l].unit);
	}
	print_figure("softcpu_alu_bp_mips", "MIPS", &bp,
		     "ALU loop, a breakpoint set elsewhere");
	print_figure("softcpu_bp_cost_ratio", "x", &bp_ratio,
		     "ALU loop's time with the breakpoint / without, per "
		     "pair (goal <= 1.10)");
	printf("  software CPU, guest loops in ring 0, MIPS of the vCPU "
	       "thread's CPU time\n");
	print_load();
	if (!kvm_backend_available(why, sizeof(why))) {
		printf("  kvm_alu_mips not measured: %s\n", why);
		return 0;
	}
	if (run_loops(&kvm_backend_ops, &kvm, NULL, &m))
		return 1;
	printf("BENCH kvm_alu_mips %.1f MIPS\n",
	       mips(&m, 1, kvm.units[LOOP_ALU] * ALU_INSNS_PER_ITERATION));
	printf("  KVM, the same ALU loop in ring 0 (on a PVM host ring 0 runs "
	       "in KVM's instruction emulator)\n");
	return 0;
}
