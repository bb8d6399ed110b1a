/*
 * tui/vcpu_snapshot.c - filling the snapshot the UI reads (vcpu_thread.h).
 *
 * Runs on the vCPU thread while the guest is stopped between two exits,
 * so registers and guest memory hold still.  Names are copied as text:
 * the symbol table may be rebuilt (restart) while the UI still shows the
 * snapshot.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "tui/vcpu_snapshot.h"
#include "tui/vcpu_thread_priv.h"

/* Disassembly starts at the function's entry when RIP is near it, so the
 * lines before RIP decode as the compiler laid them out. */
#define CODE_BEFORE_MAX 48

static void snap_code(const struct level_state *ls, struct vcpu_snapshot *s)
{
	const struct symbol *sym;
	uint64_t rip = s->have_exit ? s->exit.u.exit.rip : s->regs.rip;
	uint64_t addr = rip;
	uint32_t max = SNAP_CODE_BYTES;

	sym = symtab_lookup(ls->syms, rip);
	if (sym && rip - sym->addr <= CODE_BEFORE_MAX)
		addr = sym->addr;
	snprintf(s->code_sym, sizeof(s->code_sym), "%s", sym ? sym->name : "");
	s->code_sym_addr = sym ? sym->addr : 0;
	/* the CPU panel prints it beside the register's value: the same
	 * address (after a HLT RIP is past the exit's instruction) */
	symtab_format(ls->syms, s->regs.rip, s->rip_sym, sizeof(s->rip_sym));
	s->code_addr = addr;
	/* up to the function's end: what follows is another function */
	if (sym && sym->size && sym->addr + sym->size > addr &&
	    sym->addr + sym->size - addr < max)
		max = (uint32_t)(sym->addr + sym->size - addr);
	s->code_len = (uint32_t)vspace_read_prefix(&ls->space, addr, s->code,
						   max);
}

static void snap_frames(struct vcpu_thread *t, struct vcpu_snapshot *s)
{
	uint8_t layer_of[UNWIND_MAX_FRAMES];
	const struct unwind_chain *c = t->chain;
	char tmp[SNAP_NAME];
	uint32_t n = 0;

	flow_chain_layers(c, layer_of);
	for (size_t i = c->count; i-- > 0; n++) {
		const struct unwind_frame *f = &c->frames[i];
		struct snap_frame *sf = &s->frames[n];

		sf->layer = layer_of[i];
		sf->trap = f->kind == UNWIND_TRAP;
		snprintf(sf->name, sizeof(sf->name), "%s",
			 unwind_frame_name(f, tmp, sizeof(tmp)));
	}
	s->nframes = n;
	memcpy(s->stack, t->view->text, t->view->len + 1);
}

static void snap_vm(struct vcpu_thread *t, struct vcpu_snapshot *s)
{
	struct vm *vm = &t->vm;
	struct level_state ls;

	s->state = vm->state;
	s->exit_status = vm->exit_status;
	snprintf(s->end_reason, sizeof(s->end_reason), "%s", vm->end_reason);
	s->backend = vm->backend->name;
	s->flavour = vm->backend->flavour(vm);
	s->have_exit = t->have_exit;
	if (t->have_exit)
		event_from_exit(&s->exit, &t->exit);
	/* the level whose code made the stop's exit: L2's registers and code
	 * at an exit of L2's */
	s->level = t->have_exit ? t->exit.level : 0;
	s->have_regs = !nested_level_state(vm, s->level, &ls);
	s->code_len = 0;
	if (s->have_regs) {
		s->regs = ls.regs;
		s->sregs = ls.sregs;
		snap_code(&ls, s);
	}
	snap_frames(t, s);
	s->stats = vm->stats;
	s->unclaimed_pio = vm->bus.pio.unclaimed;
	s->unclaimed_mmio = vm->bus.mmio.unclaimed;
	s->ncounters = vm->backend->read_counters(vm, s->counters,
						  SNAP_COUNTERS);
	if (s->ncounters < 0)
		s->ncounters = 0;
	nested_view_get(vm, &s->nest);
	vm_net_view(vm, &s->net);
	vm_pic_state(vm, &s->pic);
	s->have_pic = true;
}

void vcpu_snapshot_publish(struct vcpu_thread *t)
{
	struct vcpu_snapshot *s = &t->snap;

	pthread_mutex_lock(&t->lock);
	s->generation = t->generation;
	s->mode = t->mode;
	snprintf(s->note, sizeof(s->note), "%s", t->note);
	memcpy(s->brks, t->brks, sizeof(s->brks));
	s->nbrks = t->nbrks;
	s->layers = t->layers;
	snprintf(s->device, sizeof(s->device), "%s",
		 t->device ? t->device : "");
	memcpy(s->layer_hits, t->layer_hits, sizeof(s->layer_hits));
	s->breakpoint_hits = t->breakpoint_hits;
	s->debug_stops = t->numbers.stops;
	s->guest_exits = t->numbers.last.guest;
	s->stop = t->numbers.last.stop;
	s->t_ns = clock_now_ns();
	s->run_ns = t->run_ns;
	if (vcpu_mode_runs(t->mode))
		s->run_ns += s->t_ns - t->run_since;   /* the run so far */
	if (t->vm_alive) {
		snap_vm(t, s);
	} else {
		s->have_regs = s->have_exit = s->have_pic = false;
		s->nframes = 0;
		s->state = VM_CRASHED;
	}
	s->version++;
	pthread_cond_broadcast(&t->snap_cond);
	pthread_mutex_unlock(&t->lock);
}
