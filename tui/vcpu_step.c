/*
 * tui/vcpu_step.c - layer breakpoints and single-stepping (see
 * vcpu_step.h), with the host probe's verdict on what this KVM can do.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kvm/probe.h"
#include "core/flow.h"
#include "core/nested.h"
#include "tui/vcpu_step.h"

static bool is_soft(struct vm *vm)
{
	return vm->backend->flavour(vm) == HOST_SOFT;
}

bool vcpu_step_bp_works(struct vm *vm, bool user)
{
	char why[200];

	if (is_soft(vm))
		return true;
	return probe_require(user ? "hw_breakpoints_ring3"
				  : "hw_breakpoints_ring0", why, sizeof(why));
}

bool vcpu_step_nested_bp_works(struct vm *vm)
{
	return vm->nested && is_soft(vm);
}

int vcpu_step_arm(struct vm *vm, uint32_t level, const uint64_t *addrs,
		  unsigned n)
{
	if (level > 0)
		return nested_set_breakpoints(vm, level, addrs, n);
	return vm->backend->set_breakpoints(vm, addrs, n);
}

/* Notes fit the key bar: the probe's full finding is vmscope doctor's. */
static void note_skipped(char *note, size_t len)
{
	snprintf(note, len, "l: this host's hw breakpoints skip ring 3 "
		 "(vmscope doctor): no stops in user program/libc; "
		 "--backend soft has them");
}

int vcpu_step_layer_begin(struct vm *vm, uint32_t level,
			  const struct unwind_chain *chain, uint64_t rip,
			  const uint64_t *keep, unsigned nkeep, char *note,
			  size_t len)
{
	const struct symtab *syms = nested_symbols(vm, level);
	uint64_t addrs[BACKEND_BREAKPOINTS];
	unsigned n = 0;
	int first = chain ? flow_deepest_entry(chain) + 1 : 0;
	bool skipped = false;
	int err;

	note[0] = '\0';
	while (n < nkeep && n < BACKEND_BREAKPOINTS) {
		addrs[n] = keep[n];
		n++;
	}
	if (level == 0 && !vcpu_step_bp_works(vm, false)) {
		snprintf(note, len, "l: this host's hw breakpoints do not fire "
			 "(vmscope doctor); --backend soft can stop at layers");
		return -ENOTSUP;
	}
	for (unsigned i = (unsigned)first; i < flow_entry_count &&
	     n < BACKEND_BREAKPOINTS; i++) {
		const struct flow_entry *e = &flow_entries[i];
		const struct symbol *sym = symtab_find(syms, e->func);

		if (!sym || sym->addr == rip)
			continue;
		if (level == 0 && flow_layer_is_user(e->layer) &&
		    !vcpu_step_bp_works(vm, true)) {
			skipped = true;
			continue;
		}
		addrs[n++] = sym->addr;
	}
	if (skipped)
		note_skipped(note, len);
	else if (n == nkeep)
		snprintf(note, len, "l: no layer function below this one: "
			 "running to the next exit");
	err = vcpu_step_arm(vm, level, addrs, n);
	if (err)
		snprintf(note, len, "l: the %s backend refused breakpoints: "
			 "%s", vm->backend->name, strerror(-err));
	return err;
}

int vcpu_step_insn_begin(struct vm *vm, char *note, size_t len)
{
	struct vcpu_sregs sregs;
	char why[200];
	unsigned cpl;
	int err;

	note[0] = '\0';
	err = vm->backend->get_sregs(vm, &sregs);
	if (err) {
		snprintf(note, len, "i: cannot read the vCPU: %s",
			 strerror(-err));
		return err;
	}
	cpl = sregs.cs.selector & 3;
	if (!is_soft(vm) &&
	    !probe_require(cpl == 3 ? "single_step_ring3" : "single_step_ring0",
			   why, sizeof(why))) {
		snprintf(note, len, "i: this host cannot single-step ring %u "
			 "(vmscope doctor); --backend soft can", cpl);
		return -ENOTSUP;
	}
	err = vm->backend->set_single_step(vm, true);
	if (err)
		snprintf(note, len, "i: the %s backend cannot single-step: %s",
			 vm->backend->name, strerror(-err));
	return err;
}

void vcpu_step_insn_end(struct vm *vm)
{
	vm->backend->set_single_step(vm, false);
}
