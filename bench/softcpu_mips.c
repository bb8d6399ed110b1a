/*
 * bench/softcpu_mips.c - how fast the software CPU runs guest code, and the
 * same loop under KVM, in one run:
 *
 *   BENCH softcpu_alu_mips      integer ALU loop (goal >= 150)
 *   BENCH softcpu_alu_bp_mips   the same with one instruction breakpoint set
 *                               elsewhere (goal >= 100)
 *   BENCH softcpu_crc_mips      bitwise CRC-32
 *   BENCH softcpu_memcpy_mips   8-byte copy loop
 *   BENCH kvm_alu_mips          the ALU loop under KVM (ring 0: on a PVM host
 *                               that is KVM's instruction emulator)
 *
 * Millions of guest instructions per second, timed between the cpuloops
 * guest's POST-port markers (guest/cpuloops/cpuloops.c).  The software CPU
 * counts the instructions it retires; under KVM the count is the loop's
 * known size.  Each workload is sized to run for about a second.
 *
 * Usage: softcpu_mips
 */
#include <stdio.h>
#include <string.h>

#include "core/guests.h"
#include "core/vm.h"
#include "cpu/soft.h"
#include "guest/abi/machine.h"
#include "kvm/kvm.h"

#define MARKERS 7                 /* POST codes 1..6 */
#define ALU_INSNS_PER_ITERATION 10  /* as guest/cpuloops/cpuloops.c */

struct workload {
	uint64_t alu_iterations, crc_rounds, memcpy_rounds;
};

struct markers {
	uint64_t t_ns[MARKERS];
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
		m->t_ns[code] = e->t_ns;
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
	int ret;

	if (vm_create(&vm, &cfg, err, sizeof(err))) {
		fprintf(stderr, "softcpu_mips: %s\n", err);
		return -1;
	}
	ret = poke(&vm, "alu_iterations", w->alu_iterations) |
	      poke(&vm, "crc_rounds", w->crc_rounds) |
	      poke(&vm, "memcpy_rounds", w->memcpy_rounds);
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
	uint64_t ns = m->t_ns[start + 1] - m->t_ns[start];

	return ns ? (double)insns * 1e3 / (double)ns : 0.0;
}

static double soft_mips(const struct markers *m, int start)
{
	return mips(m, start, m->insns[start + 1] - m->insns[start]);
}

int main(void)
{
	const struct workload soft = { 20000000, 40, 1000 };
	const struct workload kvm = { 20000, 1, 1 };
	struct markers m;
	char why[160];

	if (run_loops(&soft_backend_ops, &soft, NULL, &m))
		return 1;
	printf("BENCH softcpu_alu_mips %.1f MIPS\n", soft_mips(&m, 1));
	printf("BENCH softcpu_crc_mips %.1f MIPS\n", soft_mips(&m, 3));
	printf("BENCH softcpu_memcpy_mips %.1f MIPS\n", soft_mips(&m, 5));
	if (run_loops(&soft_backend_ops, &soft, "shutdown", &m))
		return 1;
	printf("BENCH softcpu_alu_bp_mips %.1f MIPS\n", soft_mips(&m, 1));
	printf("  software CPU, guest loops in ring 0 (goals: alu >= 150, "
	       "alu with a breakpoint elsewhere >= 100)\n");
	if (!kvm_backend_available(why, sizeof(why))) {
		printf("  kvm_alu_mips not measured: %s\n", why);
		return 0;
	}
	if (run_loops(&kvm_backend_ops, &kvm, NULL, &m))
		return 1;
	printf("BENCH kvm_alu_mips %.1f MIPS\n",
	       mips(&m, 1, kvm.alu_iterations * ALU_INSNS_PER_ITERATION));
	printf("  KVM, the same ALU loop in ring 0 (on a PVM host ring 0 runs "
	       "in KVM's instruction emulator)\n");
	return 0;
}
