/*
 * core/nested_view.c - the nesting stage as a front end shows it (see
 * nested_view.h): L0's state copied, L1's block read from its RAM, the
 * block's fields by name, and the state of the level an exit came from.
 */
#include <errno.h>
#include <string.h>

#include "core/nested_view.h"
#include "core/vm.h"

int nested_level_state(struct vm *vm, uint32_t level,
		       struct level_state *out)
{
	const struct nested_l0 *n = vm->nested;
	int err;

	if (level == 0) {
		err = vm->backend->get_regs(vm, &out->regs);
		if (!err)
			err = vm->backend->get_sregs(vm, &out->sregs);
		out->space = vspace_flat(&vm->mem, out->sregs.cr3);
		out->syms = &vm->syms;
		return err;
	}
	if (!n || !n->backend_l2)
		return -ENOENT;
	out->regs = n->l2_regs;
	out->sregs = n->l2_sregs;
	out->space = (struct vspace){
		.mem = &vm->mem, .cr3 = n->l2_sregs.cr3, .nested = true,
		.nested_root = n->shadow.nested_root,
	};
	out->syms = nested_symbols(vm, level);
	return 0;
}

void nested_view_get(const struct vm *vm, struct nested_view *out)
{
	const struct nested_l0 *n = vm->nested;

	memset(out, 0, sizeof(*out));
	if (!n)
		return;
	out->on = true;
	out->depth = n->depth;
	out->l2_active = n->active;
	out->run_level = n->run_level;
	out->counters = n->counters;
	out->have_block = n->block_gpa != 0;
	if (!out->have_block)
		return;
	out->block_gpa = n->block_gpa;
	out->shadow = n->shadow;
	/* the doorbell checked that the page lies inside L1's RAM */
	guest_mem_read(&vm->mem, n->block_gpa, &out->l1, sizeof(out->l1));
}

/* A field by its member of struct nested_block. */
#define FIELD(label, member, shown) \
	{ label, offsetof(struct nested_block, member), \
	  sizeof(((struct nested_block *)0)->member), shown }
#define SEGMENT(s) \
	FIELD(#s ".selector", s.selector, false), \
	FIELD(#s ".attrib", s.attrib, false), \
	FIELD(#s ".limit", s.limit, false), \
	FIELD(#s ".base", s.base, false)

const struct nested_field nested_fields[] = {
	FIELD("rax", gpr[0], true), FIELD("rcx", gpr[1], false),
	FIELD("rdx", gpr[2], false), FIELD("rbx", gpr[3], false),
	FIELD("rsp", gpr[4], true), FIELD("rbp", gpr[5], false),
	FIELD("rsi", gpr[6], false), FIELD("rdi", gpr[7], false),
	FIELD("r8", gpr[8], false), FIELD("r9", gpr[9], false),
	FIELD("r10", gpr[10], false), FIELD("r11", gpr[11], false),
	FIELD("r12", gpr[12], false), FIELD("r13", gpr[13], false),
	FIELD("r14", gpr[14], false), FIELD("r15", gpr[15], false),
	FIELD("rip", rip, true), FIELD("rflags", rflags, false),
	FIELD("cr0", cr0, false), FIELD("cr3", cr3, true),
	FIELD("cr4", cr4, false), FIELD("efer", efer, false),
	FIELD("cr2", cr2, false),
	SEGMENT(cs), SEGMENT(ds), SEGMENT(es), SEGMENT(ss),
	SEGMENT(fs), SEGMENT(gs), SEGMENT(tr), SEGMENT(ldtr),
	FIELD("gdtr_base", gdtr_base, false),
	FIELD("idtr_base", idtr_base, false),
	FIELD("gdtr_limit", gdtr_limit, false),
	FIELD("idtr_limit", idtr_limit, false),
	FIELD("interruptibility", interruptibility, false),
	FIELD("reserved_state", reserved_state, false),
	FIELD("intercepts", intercepts, false),
	FIELD("exception_bitmap", exception_bitmap, false),
	FIELD("io_bitmap_a", io_bitmap_a, false),
	FIELD("io_bitmap_b", io_bitmap_b, false),
	FIELD("nested_root", nested_root, true),
	FIELD("exit_reason", exit_reason, true),
	FIELD("entry_failure", entry_failure, false),
	FIELD("exit_qualification", exit_qualification, true),
	FIELD("exit_gpa", exit_gpa, false),
	FIELD("exit_insn_len", exit_insn_len, true),
	FIELD("exit_intr_info", exit_intr_info, false),
	FIELD("exit_intr_error", exit_intr_error, false),
	FIELD("idt_vectoring_info", idt_vectoring_info, false),
	FIELD("idt_vectoring_error", idt_vectoring_error, false),
	FIELD("entry_intr_info", entry_intr_info, false),
	FIELD("entry_intr_error", entry_intr_error, false),
	FIELD("entry_insn_len", entry_insn_len, false),
};

const size_t nested_field_count =
	sizeof(nested_fields) / sizeof(nested_fields[0]);

uint64_t nested_field_value(const struct nested_field *f,
			    const struct nested_block *b)
{
	const uint8_t *at = (const uint8_t *)b + f->offset;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (f->size) {
	case 2:
		memcpy(&v16, at, sizeof(v16));
		return v16;
	case 4:
		memcpy(&v32, at, sizeof(v32));
		return v32;
	default:
		memcpy(&v64, at, sizeof(v64));
		return v64;
	}
}
