/*
 * core/nested_run.c - L0's side of the doorbells: copy, validate, run L2,
 * decide, write back.
 *
 * The life of one L2 run (docs/NESTING.md draws it):
 *   1. L1 writes its control block's address to NESTED_PORT_RUN: an exit
 *      of L1's (level 0) that core/vm.c hands to nested_take_exit();
 *   2. the block's address is checked (VMfailInvalid: CF=1), the block is
 *      copied once into n->shadow, and only the copy is checked
 *      (VMfailValid: ZF=1, the failed check in the block) and used - L1's
 *      I/O bitmaps are copied with it;
 *   3. vm_run_exit() now runs L2 (nested_run_l2(): the backend's way),
 *      and each exit of L2's (level 1) comes back here, where the rule of
 *      core/nested_reflect.c decides: handled in L0 (L2 goes on), or
 *      reflected to L1;
 *   4. at a reflection L0 writes L2's state and the exit fields - only
 *      those - into L1's block and L1 goes on after its OUT.
 * The invalidate doorbell drops the shadow address space.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nested.h"
#include "core/vm.h"
#include "core/vm_irq.h"
#include "core/x86_insn.h"
#include "devices/uart16550.h"
#include "guest/abi/machine.h"

#define RFLAGS_ZF (1ULL << 6)
#define VEC_GP    13   /* the general-protection exception */

bool nested_backend_can(const struct backend_ops *ops, char *why,
			size_t len)
{
	char probe[200];

	if (!ops->nested) {
		snprintf(why, len, "the %s backend cannot run an L2 yet",
			 ops->name);
		return false;
	}
	if (ops->nested->available &&
	    !ops->nested->available(probe, sizeof(probe))) {
		snprintf(why, len, "the %s backend cannot run an L2 on this "
			 "host: %s", ops->name, probe);
		return false;
	}
	return true;
}

int nested_setup(struct vm *vm, const struct vm_config *cfg, char *err,
		 size_t errlen)
{
	struct nested_l0 *n;
	char why[256];
	int ret;

	if (!nested_backend_can(vm->backend, why, sizeof(why))) {
		snprintf(err, errlen, "--nested: %s (docs/NESTING.md)", why);
		return -EOPNOTSUPP;
	}
	if (cfg->nested < 1 || cfg->nested > 2) {
		snprintf(err, errlen, "--nested %u: 1 or 2 levels are built "
			 "(docs/NESTING.md)", cfg->nested);
		return -EOPNOTSUPP;
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->depth = cfg->nested;
	n->run_level = 1;
	nested_shadows_init(&n->shadows);
	n->map = &n->shadows.set[0];
	symtab_init(&n->l2_syms);
	symtab_init(&n->l3_syms);
	vm->nested = n;
	vm->image_bytes = cfg->hypervisor;
	vm->image_size = cfg->hypervisor_size;
	ret = nested_images_setup(n, cfg, vm->mem.size, err, errlen);
	if (ret)
		nested_free(vm);
	return ret;
}

void nested_reset(struct vm *vm)
{
	struct nested_l0 *n = vm->nested;

	if (!n)
		return;
	n->active = false;
	n->load_state = false;
	n->awaiting_l1 = false;
	n->run_level = 1;
	n->guest_doorbell = false;
	n->l3_block_gpa = 0;
	nested_shadows_init(&n->shadows);
	n->map = &n->shadows.set[0];
	memset(n->com1, 0, sizeof(n->com1));
}

void nested_free(struct vm *vm)
{
	if (!vm->nested)
		return;
	vm->backend->nested->drop(vm, vm->nested);
	symtab_free(&vm->nested->l2_syms);
	symtab_free(&vm->nested->l3_syms);
	free(vm->nested);
	vm->nested = NULL;
}

const struct symtab *nested_symbols(const struct vm *vm, uint32_t level)
{
	if (level == 1 && vm->nested)
		return &vm->nested->l2_syms;
	if (level == 2 && vm->nested)
		return &vm->nested->l3_syms;
	return &vm->syms;
}

bool nested_l2_active(const struct vm *vm)
{
	return vm->nested && vm->nested->active;
}

uint32_t nested_next_level(const struct vm *vm)
{
	return nested_l2_active(vm) ? vm->nested->run_level : 0;
}

int nested_set_breakpoints(struct vm *vm, uint32_t level,
			   const uint64_t *addrs, unsigned n)
{
	struct nested_l0 *l0 = vm->nested;
	struct nested_breaks *b;

	if (!l0 || level < 1 || level > l0->depth || n > BACKEND_BREAKPOINTS)
		return -EINVAL;
	b = &l0->breaks[level - 1];
	memcpy(b->addrs, addrs, n * sizeof(addrs[0]));
	b->n = n;
	return 0;
}

/* The blocking at the boundary L2 starts this run at: the block's at an
 * entry - no STI or MOV SS shadow when the entry injects an event (SDM
 * Vol. 3C, 27.6.1), which goes in before any exit between instructions -
 * else where L2's CPU stands. */
static uint32_t entry_blocking(const struct nested_l0 *n)
{
	uint32_t b = n->l2_interruptibility;

	if (!n->load_state)
		return n->l2_blocking_now;
	if (n->shadow.entry_intr_info & NESTED_INTR_VALID)
		b = (b & ~(NESTED_BLOCK_BY_STI | NESTED_BLOCK_BY_MOV_SS)) |
		    NESTED_HELD_BY_EVENT;
	return b;
}

int nested_run_l2(struct vm *vm, struct exit_record *exit, uint64_t now)
{
	struct nested_l0 *n = vm->nested;
	int err;

	exit->level = n->run_level;
	memset(&exit->nest, 0, sizeof(exit->nest));
	/* L1's devices keep their time while L2 runs (its PIT, its keys) */
	vm_irq_service_at(vm, now);
	n->l1_irq = nested_l1_waiting_irq(vm);
	if (!n->insn_waiting &&
	    nested_make_boundary_exit(n, exit, entry_blocking(n)))
		return 0;
	n->at_boundary = false;
	if (waker_enter_run(&vm->waker))
		vm->backend->kick(vm);
	err = vm->backend->nested->run(vm, n, exit);
	waker_leave_run(&vm->waker);
	if (n->load_state)   /* the entry delivered L1's event: VMX clears it */
		n->shadow.entry_intr_info = 0;
	n->load_state = false;
	n->insn_waiting = false;
	if (!err && n->at_boundary)
		nested_make_boundary_exit(n, exit, n->l2_blocking_now);
	return err;
}

/* --- the block and the vCPU state ------------------------------------- */

static void seg_from_block(struct vcpu_segment *s,
			   const struct nested_segment *b)
{
	*s = (struct vcpu_segment){
		.base = b->base, .limit = b->limit, .selector = b->selector,
		.type = b->attrib & 0xf, .s = !!(b->attrib & NESTED_SEG_S),
		.dpl = (b->attrib >> NESTED_SEG_DPL_SHIFT) & 3,
		.present = !!(b->attrib & NESTED_SEG_P),
		.avl = !!(b->attrib & NESTED_SEG_AVL),
		.l = !!(b->attrib & NESTED_SEG_L),
		.db = !!(b->attrib & NESTED_SEG_DB),
		.g = !!(b->attrib & NESTED_SEG_G),
	};
}

static void seg_to_block(struct nested_segment *b,
			 const struct vcpu_segment *s)
{
	b->base = s->base;
	b->limit = s->limit;
	b->selector = s->selector;
	b->attrib = (uint16_t)((s->type & 0xf) | (s->s ? NESTED_SEG_S : 0) |
			       (unsigned)(s->dpl & 3) << NESTED_SEG_DPL_SHIFT |
			       (s->present ? NESTED_SEG_P : 0) |
			       (s->avl ? NESTED_SEG_AVL : 0) |
			       (s->l ? NESTED_SEG_L : 0) |
			       (s->db ? NESTED_SEG_DB : 0) |
			       (s->g ? NESTED_SEG_G : 0));
}

/* The block's general registers are in ModRM order; vcpu_regs is not.
 * A constant table of offsets: this runs twice per reflected exit. */
static uint64_t *regs_slot(struct vcpu_regs *r, unsigned i)
{
	static const size_t offset[16] = {
		offsetof(struct vcpu_regs, rax), offsetof(struct vcpu_regs, rcx),
		offsetof(struct vcpu_regs, rdx), offsetof(struct vcpu_regs, rbx),
		offsetof(struct vcpu_regs, rsp), offsetof(struct vcpu_regs, rbp),
		offsetof(struct vcpu_regs, rsi), offsetof(struct vcpu_regs, rdi),
		offsetof(struct vcpu_regs, r8), offsetof(struct vcpu_regs, r9),
		offsetof(struct vcpu_regs, r10), offsetof(struct vcpu_regs, r11),
		offsetof(struct vcpu_regs, r12), offsetof(struct vcpu_regs, r13),
		offsetof(struct vcpu_regs, r14), offsetof(struct vcpu_regs, r15),
	};

	return (uint64_t *)((char *)r + offset[i]);
}

static void state_from_block(struct nested_l0 *n)
{
	const struct nested_block *b = &n->shadow;
	struct vcpu_sregs *s = &n->l2_sregs;

	for (unsigned i = 0; i < 16; i++)
		*regs_slot(&n->l2_regs, i) = b->gpr[i];
	n->l2_regs.rip = b->rip;
	n->l2_regs.rflags = b->rflags;
	n->l2_interruptibility = b->interruptibility;
	memset(s, 0, sizeof(*s));
	seg_from_block(&s->cs, &b->cs);
	seg_from_block(&s->ds, &b->ds);
	seg_from_block(&s->es, &b->es);
	seg_from_block(&s->ss, &b->ss);
	seg_from_block(&s->fs, &b->fs);
	seg_from_block(&s->gs, &b->gs);
	seg_from_block(&s->tr, &b->tr);
	seg_from_block(&s->ldt, &b->ldtr);
	s->gdt = (struct vcpu_table){ b->gdtr_base, (uint16_t)b->gdtr_limit };
	s->idt = (struct vcpu_table){ b->idtr_base, (uint16_t)b->idtr_limit };
	s->cr0 = b->cr0;
	s->cr2 = b->cr2;
	s->cr3 = b->cr3;
	s->cr4 = b->cr4;
	s->efer = b->efer;
}

static void state_to_block(struct nested_l0 *n)
{
	struct nested_block *b = &n->shadow;
	const struct vcpu_sregs *s = &n->l2_sregs;

	for (unsigned i = 0; i < 16; i++)
		b->gpr[i] = *regs_slot(&n->l2_regs, i);
	b->rip = n->l2_regs.rip;
	b->rflags = n->l2_regs.rflags;
	b->interruptibility = n->l2_interruptibility;
	seg_to_block(&b->cs, &s->cs);
	seg_to_block(&b->ds, &s->ds);
	seg_to_block(&b->es, &s->es);
	seg_to_block(&b->ss, &s->ss);
	seg_to_block(&b->fs, &s->fs);
	seg_to_block(&b->gs, &s->gs);
	seg_to_block(&b->tr, &s->tr);
	seg_to_block(&b->ldtr, &s->ldt);
	b->gdtr_base = s->gdt.base;
	b->gdtr_limit = s->gdt.limit;
	b->idtr_base = s->idt.base;
	b->idtr_limit = s->idt.limit;
	b->cr0 = s->cr0;
	b->cr2 = s->cr2;
	b->cr3 = s->cr3;
	b->cr4 = s->cr4;
	b->efer = s->efer;
}

/* Copy the bytes [from, to) of the shadow into L1's block: the result
 * fields only, never the header or the controls L1 wrote. */
static void write_back(struct vm *vm, const struct nested_l0 *n,
		       size_t from, size_t to)
{
	guest_mem_write(&vm->mem, n->block_gpa + from,
			(const uint8_t *)&n->shadow + from, to - from);
}

/* VMX's conventions for the outcome of VMLAUNCH: CF, ZF, or neither. */
static void set_l1_flags(struct vm *vm, uint64_t flags)
{
	struct vcpu_regs r;

	if (vm->backend->get_regs(vm, &r))
		return;
	r.rflags = (r.rflags & ~(RFLAGS_CF | RFLAGS_ZF)) | flags;
	vm->backend->set_regs(vm, &r);
}

/* --- the doorbells ------------------------------------------------------ */

/* The controls the rule obeys, from the checked copy.  The I/O bitmaps'
 * bytes are not copied here: read_io_bitmap() reads the ones an exit
 * needs, at the exit. */
static void copy_controls(struct nested_l0 *n)
{
	n->controls.intercepts = n->shadow.intercepts;
	n->controls.exception_bitmap = n->shadow.exception_bitmap;
}

static void entry_failed(struct vm *vm, struct nested_l0 *n,
			 enum nested_failure f)
{
	n->counters.entry_failures++;
	n->shadow.exit_reason = NESTED_EXIT_ENTRY_FAILED;
	n->shadow.entry_failure = f;
	write_back(vm, n, offsetof(struct nested_block, exit_reason),
		   offsetof(struct nested_block, exit_qualification));
	set_l1_flags(vm, RFLAGS_ZF);
}

/* One more of a level's runs or exits: L2's counter, or L3's (level 2:
 * --nested 2's innermost guest). */
static void count_level(uint64_t *l2_count, uint64_t *l3_count,
			uint32_t level)
{
	(*(level == 2 ? l3_count : l2_count))++;
}

static void run_doorbell(struct vm *vm, struct nested_l0 *n, uint64_t gpa)
{
	enum nested_failure f;

	if (!nested_block_gpa_ok(gpa, vm->mem.size)) {
		n->counters.bad_blocks++;
		set_l1_flags(vm, RFLAGS_CF);
		return;
	}
	/* The one read of L1's block for this run: everything after uses
	 * the copy. */
	guest_mem_read(&vm->mem, gpa, &n->shadow, sizeof(n->shadow));
	n->block_gpa = gpa;
	f = nested_validate(&n->shadow, gpa, vm->mem.size);
	if (f != NESTED_FAIL_NONE) {
		entry_failed(vm, n, f);
		return;
	}
	copy_controls(n);
	state_from_block(n);
	n->map = nested_shadow_enter(&n->shadows, n->shadow.nested_root,
				     &n->counters);
	n->load_state = true;
	n->active = true;
	count_level(&n->counters.runs, &n->counters.l3_runs, n->run_level);
	set_l1_flags(vm, 0);
}

static void invalidate_doorbell(struct vm *vm, struct nested_l0 *n)
{
	nested_shadow_invalidate(&n->shadows, &n->counters);
	if (vm->backend->nested->invalidate)
		vm->backend->nested->invalidate(vm, n);
}

static bool is_doorbell(const struct exit_record *exit)
{
	const struct exit_io *io = &exit->u.io;

	return exit->reason == EXIT_IO && io->direction == IO_OUT &&
	       io->count == 1 &&
	       (io->port == NESTED_PORT_RUN ||
		io->port == NESTED_PORT_INVALIDATE);
}

/* Which level L1's run doorbell with the block at gpa runs: L3 from the
 * block L1 rang right after L2's own run doorbell reached it (hv's
 * block02: guest/hv/hv_nested.c), L2 from any other.  Never deeper than
 * the --nested depth the user asked for: l2_runs_a_guest() arms the L3
 * block only at --nested 2. */
static void note_run_level(struct nested_l0 *n, uint64_t gpa)
{
	if (n->guest_doorbell)
		n->l3_block_gpa = gpa;
	n->guest_doorbell = false;
	n->run_level = gpa && gpa == n->l3_block_gpa ? 2 : 1;
}

/* A reflected exit of L2's that is L2 running a guest of its own: its run
 * doorbell.  Only where the user asked for L3 (--nested 2): at --nested 1
 * L2 is the user's image, and an OUT of it to the run port is just an OUT
 * L1 intercepts - taking it for a doorbell would let L2 label its own
 * runs L3, and hide their counts. */
static bool l2_runs_a_guest(const struct nested_l0 *n,
			    const struct exit_record *exit)
{
	return n->depth > 1 && n->run_level == 1 && exit->level == 1 &&
	       is_doorbell(exit) && exit->u.io.port == NESTED_PORT_RUN;
}

/* An exit of L1's own code: only a doorbell is the nesting stage's. */
static bool take_l1_exit(struct vm *vm, struct nested_l0 *n,
			 const struct exit_record *exit)
{
	const struct exit_io *io = &exit->u.io;

	if (n->awaiting_l1)
		n->counters.l1_exits_in_reflection++;
	if (!is_doorbell(exit))
		return false;
	n->awaiting_l1 = false;
	if (exit->cpl != 0) {
		/* The CPU's I/O permission check already gives ring 3 a
		 * #GP unless L1 granted it IOPL 3; then L0 gives it one,
		 * at the OUT, as VMX's VMLAUNCH does at CPL > 0. */
		n->counters.refused++;
		if (vm->backend->nested->fault_l1(vm, exit, VEC_GP |
				NESTED_INTR_HW_EXCEPTION |
				NESTED_INTR_HAS_ERROR | NESTED_INTR_VALID, 0))
			vm_stop(vm, "L0 could not give L1 the #GP for its "
				"doorbell from ring 3");
		return true;
	}
	if (io->size != 4) {
		n->counters.refused++;
		set_l1_flags(vm, RFLAGS_CF);
		return true;
	}
	if (io->port == NESTED_PORT_RUN) {
		note_run_level(n, exit_io_value(io, 0));
		run_doorbell(vm, n, exit_io_value(io, 0));
	} else
		invalidate_doorbell(vm, n);
	return true;
}

/* --- exits of L2's code ------------------------------------------------- */

/* The bits of VMX's I/O exit qualification an I/O exit's instruction
 * bytes give: NESTED_IO_STRING for INS and OUTS, with NESTED_IO_REP when
 * REP prefixed; NESTED_IO_IMM for IN and OUT with the port an immediate
 * (opcodes 0xe4-0xe7; 0xec-0xef take it from DX). */
static uint32_t io_form(const struct exit_record *exit)
{
	struct x86_insn insn;

	if (!x86_insn_decode(exit->insn, exit->insn_len, &insn) ||
	    insn.map != 0)
		return 0;
	if ((insn.opcode & 0xfc) == 0x6c)
		return NESTED_IO_STRING | (insn.rep ? NESTED_IO_REP : 0);
	if ((insn.opcode & 0xfc) == 0xe4)
		return NESTED_IO_IMM;
	return 0;
}

/* VMX's I/O exit qualification (SDM Vol. 3C, "Exit Qualification for
 * I/O Instructions"): size - 1, IN, string (INS/OUTS), REP prefixed,
 * operand encoding (immediate or DX), the port. */
static uint64_t io_qualification(const struct exit_record *exit)
{
	const struct exit_io *io = &exit->u.io;

	return (uint64_t)(io->size - 1) |
	       (io->direction == IO_IN ? NESTED_IO_IN : 0) | io_form(exit) |
	       (uint64_t)io->port << NESTED_IO_PORT_SHIFT;
}

static void fill_exit_fields(struct nested_l0 *n,
			     const struct exit_record *exit)
{
	struct nested_block *b = &n->shadow;

	b->exit_reason = exit->nest.l2_reason;
	b->entry_failure = NESTED_FAIL_NONE;
	b->exit_qualification = 0;
	b->exit_gpa = 0;
	b->exit_intr_info = 0;
	b->exit_intr_error = 0;
	b->idt_vectoring_info = exit->nest.vect_info;
	b->idt_vectoring_error = exit->nest.vect_error;
	b->exit_insn_len = exit->nest.insn_len;
	switch (exit->nest.l2_reason) {
	case NESTED_EXIT_IO:
		b->exit_qualification = io_qualification(exit);
		break;
	case NESTED_EXIT_NPF:
		b->exit_gpa = exit->nest.gpa;
		b->exit_qualification = exit->nest.qualification;
		break;
	case NESTED_EXIT_EXCEPTION:   /* a #PF's address, as VMX's */
		b->exit_intr_info = exit->nest.intr_info;
		b->exit_intr_error = exit->nest.intr_error;
		b->exit_qualification = exit->nest.qualification;
		break;
	default:
		break;
	}
}

static void reflect(struct vm *vm, struct nested_l0 *n,
		    const struct exit_record *exit)
{
	count_level(&n->counters.reflected, &n->counters.l3_reflected,
		    exit->level);
	if (exit->nest.l2_reason == NESTED_EXIT_NPF)
		n->counters.npf_reflected++;
	state_to_block(n);
	fill_exit_fields(n, exit);
	write_back(vm, n, offsetof(struct nested_block, gpr),
		   offsetof(struct nested_block, intercepts));
	write_back(vm, n, offsetof(struct nested_block, exit_reason),
		   sizeof(struct nested_block));
	n->active = false;
	n->awaiting_l1 = true;
}

static void rule_exit(const struct exit_record *exit, struct nested_exit *e)
{
	*e = (struct nested_exit){ .reason = exit->nest.l2_reason };
	if (e->reason == NESTED_EXIT_IO) {
		e->port = exit->u.io.port;
		e->size = exit->u.io.size;
	}
	e->vector = (uint8_t)(exit->nest.intr_info & NESTED_INTR_VECTOR_MASK);
	e->gpa = exit->nest.gpa;
	e->walk = exit->nest.walk;
	e->irq = exit->nest.irq;
}

/* An EPT violation: L0's shadow lacked the page.  Walk L1's nested table
 * now (a shadow fault): a page it maps joins the shadow and L2 runs the
 * instruction again; why it does not goes to the rule, for L1. */
static void shadow_fault(struct vm *vm, struct nested_l0 *n,
			 struct exit_record *exit)
{
	uint64_t l1_gpa;

	exit->nest.walk = nested_shadow_map(
		n->map, &vm->mem, exit->nest.gpa,
		exit->nest.qualification & NESTED_NPF_WRITE, &l1_gpa,
		&n->counters);
}

/*
 * The bytes of L1's I/O bitmaps that hold an exit's ports, read from L1's
 * RAM at the exit into L0's copy (n->controls.io_bitmap, at their own
 * offsets), as KVM reads them at an L2 I/O exit (nested_vmx_exit_handled_io(),
 * nested_svm_intercept_ioio()) rather than copying 8 KiB at every entry.
 * The bitmaps' addresses are the checked copy's: page-aligned pages inside
 * L1's RAM.  What L1 - or an L2 a careless L1 let write them - stores
 * there decides only whether L1 sees the exit: L0 intercepts every port
 * whatever the bitmap says.
 */
static void read_io_bitmap(struct vm *vm, struct nested_l0 *n,
			   const struct nested_exit *e)
{
	if (!(n->controls.intercepts & NESTED_INTERCEPT_IO))
		return;
	for (unsigned i = 0; i < e->size; i++) {
		unsigned p = (e->port + i) & 0xffff;
		uint64_t page = p < 0x8000 ? n->shadow.io_bitmap_a
					   : n->shadow.io_bitmap_b;

		guest_mem_read(&vm->mem, page + (p & 0x7fff) / 8,
			       &n->controls.io_bitmap[p / 8], 1);
	}
}

/*
 * L0's device takes L2's I/O instruction, and L2 goes on after it: the
 * exit reported it at the instruction, before it ran (as VMX reports it
 * to L1), but an exit L0 makes before L2's next instruction
 * (nested_make_boundary_exit(), and the block at its reflection) must
 * find L2 past it - RIP after it, the blocking L2 stands in after it, no
 * STI or MOV SS shadow the instruction began under.  An IN's data, and a
 * string instruction's element with its RSI, RDI and RCX, reach L2's
 * registers only when L2's CPU completes the instruction as it runs
 * again: that run comes first (n->insn_waiting), and L0 takes L2's state
 * from it (a REP INS/OUTS with repetitions left is still at RIP then).
 */
static void past_l0_insn(struct nested_l0 *n, const struct exit_record *exit)
{
	bool string = io_form(exit) & NESTED_IO_STRING;

	if (!string)
		n->l2_regs.rip = exit->nest.next_rip;
	n->l2_interruptibility = n->l2_blocking_now &
				 NESTED_INTERRUPTIBILITY_ALL;
	n->insn_waiting = exit->u.io.direction == IO_IN || string;
}

/*
 * An I/O exit of L2's reflected to L1 reaches the UART L1 models for L2,
 * not L0's, which names no register (exit_io.reg).  Whether its byte is
 * text follows the PC16550D's rule with L2's LCR as its reflected writes
 * set it (n->com1): with DLAB set 0x3f8 is the divisor latch's low byte,
 * a number - and a number too while no write to LCR has passed L0.
 */
static void reflected_io_text(struct nested_l0 *n, struct exit_record *exit)
{
	struct exit_io *io = &exit->u.io;
	struct nested_com1 *com1 = &n->com1[exit->level - 1];

	io->reg = NULL;
	io->text = false;
	if (io->size != 1)
		return;
	if (io->port == PORT_COM1 + UART_LCR && io->direction == IO_OUT) {
		com1->lcr = (uint8_t)exit_io_value(io, 0);
		com1->lcr_seen = true;
	}
	io->text = io->port == PORT_COM1 + UART_THR && com1->lcr_seen &&
		   !(com1->lcr & UART_LCR_DLAB);
}

static bool take_l2_exit(struct vm *vm, struct nested_l0 *n,
			 struct exit_record *exit)
{
	struct nested_exit e;
	enum nested_verdict v;

	if (exit->nest.l2_reason == NESTED_EXIT_NONE)
		return false;   /* a kick, a stop, an error: L0's, as for L1 */
	count_level(&n->counters.l2_exits, &n->counters.l3_exits,
		    exit->level);
	if (exit->nest.l2_reason == NESTED_EXIT_NPF)
		shadow_fault(vm, n, exit);
	rule_exit(exit, &e);
	if (e.reason == NESTED_EXIT_IO)
		read_io_bitmap(vm, n, &e);
	v = nested_decide_memo(&n->rule_memo, &n->controls, &e,
			       exit->nest.rule, sizeof(exit->nest.rule));
	exit->nest.verdict = v;
	/* the backend had no KVM reason for it: none reaches user space
	 * where KVM is L0, so the reason is vmscope's, the verdict's */
	if (exit->reason == EXIT_UNKNOWN)
		exit->reason = v == NESTED_REFLECT ? EXIT_REFLECTED_TO_L1
						   : EXIT_HANDLED_IN_L0;
	if (v == NESTED_REFLECT) {
		/* L2 runs a guest of its own: L1's next run is that guest */
		n->guest_doorbell = l2_runs_a_guest(n, exit);
		if (exit->reason == EXIT_IO)
			reflected_io_text(n, exit);
		reflect(vm, n, exit);
		return true;
	}
	count_level(&n->counters.handled_l0, &n->counters.l3_handled_l0,
		    exit->level);
	if (v == NESTED_L0_DEVICE) {
		past_l0_insn(n, exit);
		return false;   /* the ordinary dispatch: L0's bus */
	}
	if (e.reason == NESTED_EXIT_HLT)
		vm_stop(vm, "L2 halted, and L1 does not intercept HLT: "
			"nothing can wake L2");
	return true;
}

bool nested_take_exit(struct vm *vm, struct exit_record *exit)
{
	struct nested_l0 *n = vm->nested;

	if (!n)
		return false;
	if (exit->level == 0)
		return take_l1_exit(vm, n, exit);
	return take_l2_exit(vm, n, exit);
}
