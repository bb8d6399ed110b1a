/*
 * tui/vcpu_breaks.c - the `b` breakpoints on the vCPU thread (see
 * vcpu_breaks.h).
 */
#include <stdio.h>
#include <string.h>

#include "tui/vcpu_breaks.h"
#include "tui/vcpu_step.h"
#include "tui/vcpu_thread_priv.h"

const struct symtab *vcpu_breaks_symbols(struct vm *vm,
					 const struct stop_cond *c, char *err,
					 size_t len)
{
	if (c->level > 0 && !vm->nested) {
		snprintf(err, len, "L%u: names a level of --nested; this "
			 "guest runs alone", c->level + 1);
		return NULL;
	}
	if (c->level > 0 && c->level > vm->nested->depth) {
		snprintf(err, len, "L%u: this machine runs L1 to L%u",
			 c->level + 1, vm->nested->depth + 1);
		return NULL;
	}
	return nested_symbols(vm, c->level);
}

/* The instruction breakpoints in the code of one level. */
static unsigned insn_breaks(const struct vcpu_thread *t, uint32_t level)
{
	uint64_t addrs[BACKEND_BREAKPOINTS];

	return vcpu_breaks_addrs(t, level, addrs);
}

/* A function's address from its level's symbols; false when it has none
 * (the note says so). */
static bool resolve(struct vcpu_thread *t, struct stop_cond *c)
{
	const struct symtab *syms;
	const struct symbol *sym;
	char why[120];

	syms = vcpu_breaks_symbols(&t->vm, c, why, sizeof(why));
	if (!syms) {
		snprintf(t->note, sizeof(t->note), "b: %s", why);
		return false;
	}
	if (c->kind != STOP_FUNC)
		return true;
	sym = symtab_find(syms, c->func);
	if (!sym && !t->vm.nested)
		snprintf(t->note, sizeof(t->note), "b: no function '%s' in "
			 "this guest's symbols", c->func);
	else if (!sym)
		snprintf(t->note, sizeof(t->note), "b: no function '%s' in "
			 "L%u's symbols (L1:NAME is L1's, L2:NAME L2's%s)",
			 c->func, c->level + 1, t->vm.nested->depth > 1 ?
			 ", L3:NAME L3's" : "");
	if (!sym)
		return false;
	c->addr = sym->addr;
	return true;
}

/* Can the backend stop at an instruction of that level?  The note says
 * why not. */
static bool insn_stops_work(struct vcpu_thread *t, uint32_t level)
{
	if (level > 0 && !vcpu_step_nested_bp_works(&t->vm)) {
		snprintf(t->note, sizeof(t->note), "b: breakpoints in L%u's "
			 "code need --backend soft (on KVM, L2 runs in a VM "
			 "of its own vmscope does not debug yet)", level + 1);
		return false;
	}
	if (level > 0 || vcpu_step_bp_works(&t->vm, false))
		return true;
	snprintf(t->note, sizeof(t->note), "b: this host's hw breakpoints do "
		 "not fire (vmscope doctor); --backend soft can stop at a "
		 "function or address");
	return false;
}

static void note_list(struct vcpu_thread *t, const char *what)
{
	char list[160];

	snprintf(t->note, sizeof(t->note), "%s; breakpoints: %s", what,
		 stop_cond_list(t->brks, t->nbrks, list, sizeof(list)));
}

void vcpu_breaks_add(struct vcpu_thread *t, const struct stop_cond *c)
{
	struct stop_cond add = *c;
	char a[STOP_FUNC_NAME + 40], b[STOP_FUNC_NAME + 24];

	/* under --nested every function and address says whose code it is */
	if (t->vm.nested && stop_cond_is_insn(&add))
		add.level_named = true;
	for (unsigned i = 0; i < t->nbrks; i++)
		if (!strcmp(stop_cond_format(&t->brks[i], a, sizeof(a)),
			    stop_cond_format(&add, b, sizeof(b)))) {
			note_list(t, "already set");
			return;
		}
	if (t->nbrks == VCPU_BREAKS) {
		note_list(t, "b: no room for more (clear N makes some)");
		return;
	}
	if (stop_cond_is_insn(&add)) {
		if (insn_breaks(t, add.level) == BACKEND_BREAKPOINTS) {
			note_list(t, "b: the CPU has 4 debug address registers,"
				  " all in use");
			return;
		}
		if (!insn_stops_work(t, add.level) || !resolve(t, &add))
			return;
	}
	t->brks[t->nbrks++] = add;
	vcpu_breaks_arm(t);
	snprintf(a, sizeof(a), "break on %s",
		 stop_cond_format(&add, b, sizeof(b)));
	note_list(t, a);
}

void vcpu_breaks_clear(struct vcpu_thread *t, unsigned index)
{
	if (index > t->nbrks) {
		note_list(t, "b: no such breakpoint");
		return;
	}
	if (index == 0) {
		t->nbrks = 0;
	} else {
		memmove(&t->brks[index - 1], &t->brks[index],
			(t->nbrks - index) * sizeof(t->brks[0]));
		t->nbrks--;
	}
	vcpu_breaks_arm(t);
	note_list(t, "cleared");
}

unsigned vcpu_breaks_addrs(const struct vcpu_thread *t, uint32_t level,
			   uint64_t addrs[BACKEND_BREAKPOINTS])
{
	unsigned n = 0;

	for (unsigned i = 0; i < t->nbrks && n < BACKEND_BREAKPOINTS; i++)
		if (stop_cond_is_insn(&t->brks[i]) &&
		    t->brks[i].level == level)
			addrs[n++] = t->brks[i].addr;
	return n;
}

void vcpu_breaks_arm(struct vcpu_thread *t)
{
	uint64_t addrs[BACKEND_BREAKPOINTS];

	/* a layer step in progress keeps its own set until it ends */
	if (!t->vm_alive || t->mode == VCPU_STEP_LAYER)
		return;
	for (uint32_t level = 0; level <= (t->vm.nested ?
					   t->vm.nested->depth : 0); level++)
		vcpu_step_arm(&t->vm, level, addrs,
			      vcpu_breaks_addrs(t, level, addrs));
}

bool vcpu_breaks_hit(struct vcpu_thread *t)
{
	char cond[STOP_FUNC_NAME + 24];
	struct exit_record exit = t->exit;

	exit.seq = t->numbers.last.guest;   /* exits:N is the guest's exit N */
	for (unsigned i = 0; i < t->nbrks; i++)
		if (stop_cond_match(&t->brks[i], &exit)) {
			snprintf(t->note, sizeof(t->note), "break: %s",
				 stop_cond_format(&t->brks[i], cond,
						  sizeof(cond)));
			return true;
		}
	return false;
}
