/*
 * core/unwind.c - the guest's call chain, from its frame pointers.
 *
 * Code built with frame pointers starts every function with
 *     push %rbp; mov %rsp, %rbp
 * so %rbp points at a two-word frame record: [rbp] is the caller's %rbp and
 * [rbp + 8] the return address into the caller.  Following the saved %rbp
 * values walks the chain outwards, one caller per record.
 *
 * The kernel's trap_entry calls trap() without touching %rbp, so the record
 * whose return address lies in trap_entry holds the interrupted code's %rbp,
 * and a struct trapframe sits just above it (guest/abi/trapframe.h).  There
 * the walk records a TRAP boundary and continues from the trap frame's rip
 * and rbp: out of the kernel and into the user program.
 *
 * The record at %rbp exists only between a function's prologue and its
 * epilogue; at the innermost function (and at the function a trap
 * interrupted) core/unwind_insn.c reads the code around RIP to find the
 * return address near %rsp instead.  In a trap stub or trap_entry itself
 * the trap frame is half built: core/unwind_trap.c reads the code to find
 * it.
 *
 * Every word comes from the guest, which may be buggy or hostile: each read
 * is checked (vspace_read), and the walk ends when a frame address fails to
 * increase, since a stack grows down and callers' records lie above their
 * callees'.  Across a trap boundary the stack changes (kernel stack to user
 * stack), so the first record after a boundary may lie anywhere.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/unwind.h"
#include "core/unwind_insn.h"
#include "core/unwind_trap.h"
#include "guest/abi/trapframe.h"

/* The two-byte encoding of `int $0x80`: opcode CD, immediate 80. */
static const uint8_t int80_insn[2] = { 0xcd, 0x80 };

struct walker {
	const struct vspace *vs;
	const struct symtab *syms;
	struct unwind_chain *chain;
};

static bool push(struct walker *w, const struct unwind_frame *frame)
{
	struct unwind_chain *chain = w->chain;

	if (chain->count == UNWIND_MAX_FRAMES) {
		chain->truncated = 1;
		return false;
	}
	chain->frames[chain->count++] = *frame;
	return true;
}

static bool push_function(struct walker *w, uint64_t pc,
			  const struct symbol *sym)
{
	struct unwind_frame frame = {
		.kind = UNWIND_FRAME, .pc = pc, .sym = sym,
	};

	return push(w, &frame);
}

/* The trap was a #UD at an `int $0x80` that the kernel stepped over. */
static bool follows_int80(struct walker *w, uint64_t rip)
{
	uint8_t before[2];

	return vspace_read(w->vs, rip - 2, before, sizeof(before)) == 0
	       && memcmp(before, int80_insn, sizeof(before)) == 0;
}

/*
 * Record the boundary of the trap frame tf; *at becomes the interrupted
 * code's registers.  False: stop.
 */
static bool cross_trap(struct walker *w, const struct trapframe *tf,
		       struct unwind_regs *at)
{
	struct unwind_frame trap = { .kind = UNWIND_TRAP };

	trap.vector = tf->vector;
	trap.from_rip = tf->rip;
	trap.emulated_int80 = tf->vector == TRAP_INVALID_OPCODE &&
			      follows_int80(w, tf->rip);
	at->rip = tf->rip;
	at->rsp = tf->rsp;
	at->rbp = tf->rbp;
	return push(w, &trap);
}

static bool read_trapframe(struct walker *w, uint64_t addr,
			   struct trapframe *tf)
{
	return vspace_read(w->vs, addr, tf, sizeof(*tf)) == 0;
}

/*
 * RIP in a trap stub or trap_entry (unwind_trap.h): the frame is being
 * built or taken apart, so its vector may not be on the stack yet and its
 * rbp field not written; the vector comes from the stub's code and %rbp
 * is still the interrupted code's.
 */
static bool on_trap_path(struct walker *w, struct unwind_regs *at,
			 bool *crossed)
{
	struct trapframe tf;
	uint64_t addr, vector;

	if (!unwind_trap_path(w->vs, w->syms, at->rip, at->rsp,
			      &addr, &vector))
		return false;
	*crossed = read_trapframe(w, addr, &tf);
	if (*crossed) {
		tf.vector = vector;
		tf.rbp = at->rbp;
		*crossed = cross_trap(w, &tf, at);
	}
	return true;
}

/* The return address lies in trap_entry: a trap frame sits above. */
static bool is_trap_entry(const struct symbol *sym)
{
	return sym && strcmp(sym->name, TRAPFRAME_ENTRY_SYMBOL) == 0;
}

/* A frame record: where it lies, the caller's %rbp, the return address. */
struct record {
	uint64_t at;
	uint64_t saved_rbp;
	uint64_t ret;
};

static bool read_record(struct walker *w, uint64_t rbp, struct record *r)
{
	uint64_t words[2];

	if (vspace_read(w->vs, rbp, words, sizeof(words)))
		return false;
	r->at = rbp;
	r->saved_rbp = words[0];
	r->ret = words[1];
	return true;
}

/*
 * The innermost function's record.  In its prologue or epilogue
 * (unwind_insn.h) the return address is on the stack near %rsp and %rbp
 * still holds the caller's %rbp: that makes a record as if the function
 * had pushed %rbp just below its return address.
 */
static bool first_record(struct walker *w, const struct unwind_regs *at,
			 const struct symbol *fn, struct record *r)
{
	uint64_t slot;

	if (!unwind_insn_ret_slot(w->vs, fn, at->rip, at->rsp, &slot))
		return at->rbp != 0 && read_record(w, at->rbp, r);
	r->at = slot - 8;
	r->saved_rbp = at->rbp;
	return vspace_read(w->vs, slot, &r->ret, sizeof(r->ret)) == 0;
}

/*
 * One side of a trap frame, from *at outwards.  A return address names
 * its caller at ret - 1: a call may be the last instruction of a function,
 * and then ret is already the next function.  True when the walk crossed
 * a trap frame: *at is then the interrupted code's registers.
 */
static bool walk_side(struct walker *w, struct unwind_regs *at)
{
	const struct symbol *fn = symtab_lookup(w->syms, at->rip);
	struct trapframe tf;
	struct record r;
	bool crossed;

	if (!push_function(w, at->rip, fn))
		return false;
	if (on_trap_path(w, at, &crossed))
		return crossed;
	if (!first_record(w, at, fn, &r))
		return false;
	for (;;) {
		const struct symbol *caller = symtab_lookup(w->syms, r.ret - 1);

		if (is_trap_entry(caller))
			return read_trapframe(w, r.at +
					      TRAPFRAME_OFFSET_FROM_RECORD, &tf)
			       && cross_trap(w, &tf, at);
		if (!push_function(w, r.ret, caller) || r.saved_rbp == 0 ||
		    r.saved_rbp <= r.at || !read_record(w, r.saved_rbp, &r))
			return false;
	}
}

int unwind_space(const struct vspace *vs, const struct symtab *syms,
		 const struct unwind_regs *regs, struct unwind_chain *chain)
{
	struct walker w = { .vs = vs, .syms = syms, .chain = chain };
	struct unwind_regs at = *regs;

	chain->count = 0;
	chain->truncated = 0;
	while (walk_side(&w, &at))
		;
	return 0;
}

/* Exception mnemonics, SDM Vol. 3A table 6-1; gaps are reserved vectors. */
static const char *const exception_names[32] = {
	[0] = "#DE", [1] = "#DB", [2] = "NMI", [3] = "#BP", [4] = "#OF",
	[5] = "#BR", [6] = "#UD", [7] = "#NM", [8] = "#DF", [10] = "#TS",
	[11] = "#NP", [12] = "#SS", [13] = "#GP", [14] = "#PF", [16] = "#MF",
	[17] = "#AC", [18] = "#MC", [19] = "#XM", [20] = "#VE", [21] = "#CP",
};

const char *unwind_trap_label(uint64_t vector, char *buf, size_t len)
{
	if (vector == TRAP_SYSCALL)
		snprintf(buf, len, "int 0x80");
	else if (vector < 32 && exception_names[vector])
		snprintf(buf, len, "%s", exception_names[vector]);
	else
		snprintf(buf, len, "vector 0x%" PRIx64, vector);
	return buf;
}

const char *unwind_boundary_label(const struct unwind_frame *trap, char *buf,
				  size_t len)
{
	if (trap->emulated_int80) {
		snprintf(buf, len, "int 0x80 (#UD, emulated)");
		return buf;
	}
	return unwind_trap_label(trap->vector, buf, len);
}

/* Append s to buf[len], cutting it short at the end; *pos tracks the NUL. */
static void append(char *buf, size_t len, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos + 1 >= len)
		return;
	if (n > len - 1 - *pos)
		n = len - 1 - *pos;
	memcpy(buf + *pos, s, n);
	*pos += n;
	buf[*pos] = '\0';
}

const char *unwind_frame_name(const struct unwind_frame *f, char *tmp,
			      size_t len)
{
	if (f->kind == UNWIND_TRAP)
		return unwind_boundary_label(f, tmp, len);
	if (f->sym)
		return f->sym->name;
	snprintf(tmp, len, "0x%" PRIx64, f->pc);
	return tmp;
}

const char *unwind_format(const struct unwind_chain *chain, char *buf,
			  size_t len)
{
	char tmp[32];
	size_t pos = 0, i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (chain->truncated)
		append(buf, len, &pos, "... > ");
	for (i = chain->count; i-- > 0;) {
		const struct unwind_frame *f = &chain->frames[i];

		if (i + 1 < chain->count) {
			bool trap = f->kind == UNWIND_TRAP ||
				    chain->frames[i + 1].kind == UNWIND_TRAP;

			append(buf, len, &pos, trap ? " | " : " > ");
		}
		append(buf, len, &pos, unwind_frame_name(f, tmp, sizeof(tmp)));
	}
	return buf;
}

int unwind_guest(const struct guest_mem *mem, const struct symtab *syms,
		 uint64_t cr3, const struct unwind_regs *regs,
		 struct unwind_chain *chain)
{
	struct vspace vs = vspace_flat(mem, cr3);

	return unwind_space(&vs, syms, regs, chain);
}
