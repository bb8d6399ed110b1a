/*
 * core/vm_clock.c - the machine's time, the host's or the software CPU's
 * instructions (see core/vm_clock.h for the rule and who reads it).
 */
#include "core/clock.h"
#include "core/vm.h"
#include "core/vm_clock.h"

void vm_clock_init(struct vm_clock *c, enum vm_clock_source source)
{
	*c = (struct vm_clock){ .source = source, .due_ns = UINT64_MAX,
				.bound_ns = UINT64_MAX };
}

uint64_t vm_clock_at(const struct vm_clock *c, uint64_t work)
{
	return work * VM_CLOCK_NS_PER_INSN + c->skipped_ns;
}

/* How far ahead of now the deadline is, modulo 2^64 as the clock runs:
 * the difference read as signed, so a deadline just past the wrap is
 * ahead of a time just before it, and one just before it is behind a
 * time that has wrapped (<= 0: due already). */
static int64_t ahead(uint64_t due, uint64_t now)
{
	return (int64_t)(due - now);
}

/* The nearer of the two deadlines, seen from now (UINT64_MAX: none). */
static uint64_t next_due(const struct vm_clock *c, uint64_t now)
{
	if (c->bound_ns == UINT64_MAX)
		return c->due_ns;
	if (c->due_ns == UINT64_MAX ||
	    ahead(c->bound_ns, now) < ahead(c->due_ns, now))
		return c->bound_ns;
	return c->due_ns;
}

uint64_t vm_clock_work_until_due(const struct vm_clock *c, uint64_t work)
{
	uint64_t now = vm_clock_at(c, work), due = next_due(c, now);
	int64_t left = ahead(due, now);

	if (due == UINT64_MAX)
		return 0;
	if (left <= 0)
		return 1;
	/* rounded up: the run ends at the deadline or just past it */
	return ((uint64_t)left + VM_CLOCK_NS_PER_INSN - 1) /
	       VM_CLOCK_NS_PER_INSN;
}

bool vm_clock_jump_to_due(struct vm_clock *c, uint64_t work)
{
	uint64_t now = vm_clock_at(c, work), due = next_due(c, now);
	int64_t left = ahead(due, now);

	if (due == UINT64_MAX)
		return false;
	if (left > 0)
		c->skipped_ns += (uint64_t)left;
	return true;
}

bool vm_clock_virtual(const struct vm *vm)
{
	return vm->clock.source == VM_CLOCK_INSN;
}

/* The CPU's work so far; none before the backend exists (the devices
 * are reset, and read the clock, before it is created). */
static uint64_t work_done(struct vm *vm)
{
	return vm->backend_state ? vm->backend->insn_count(vm) : 0;
}

uint64_t vm_now_ns(struct vm *vm)
{
	if (!vm_clock_virtual(vm))
		return clock_now_ns();
	return vm_clock_at(&vm->clock, work_done(vm));
}

uint64_t vm_clock_alarm(struct vm *vm, uint64_t due)
{
	if (!vm_clock_virtual(vm))
		return due;
	vm->clock.due_ns = due;
	return UINT64_MAX;
}

uint64_t vm_clock_budget(struct vm *vm)
{
	if (!vm_clock_virtual(vm))
		return 0;
	return vm_clock_work_until_due(&vm->clock, work_done(vm));
}

bool vm_clock_skip(struct vm *vm)
{
	struct vm_clock *c = &vm->clock;

	if (!vm_clock_virtual(vm) || !vm_clock_jump_to_due(c, work_done(vm)))
		return false;
	if (c->bound_ns != UINT64_MAX &&
	    ahead(c->bound_ns, vm_clock_at(c, work_done(vm))) <= 0)
		atomic_store(&vm->attention, true);
	return true;
}

void vm_clock_set_bound(struct vm *vm, uint64_t at)
{
	vm->clock.bound_ns = at;
}
