/*
 * core/unwind.h - the guest's call chain at an exit, from its frame pointers.
 *
 * Walks %rbp frame records from the exiting instruction outwards (from
 * %rsp where RIP is in a prologue or epilogue); where a
 * return address lies in the kernel's trap_entry it crosses the trap frame
 * (guest/abi/trapframe.h) into the interrupted code and carries on.  Costs
 * no exits and asks nothing of the guest but its frame pointers.  The guest
 * controls every word read, so every read is checked and the walk is
 * bounded (UNWIND_MAX_FRAMES, strictly increasing frame addresses).
 */
#ifndef CORE_UNWIND_H
#define CORE_UNWIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "core/symbols.h"
#include "core/vspace.h"

#define UNWIND_MAX_FRAMES 32

enum unwind_kind {
	UNWIND_FRAME,     /* an ordinary function frame */
	UNWIND_TRAP,      /* a trap frame boundary: vector says which */
};

struct unwind_frame {
	enum unwind_kind kind;
	uint64_t pc;          /* FRAME: rip for the innermost frame and for the
				 frame a trap interrupted, else the return
				 address (the symbol is looked up at pc - 1,
				 since a call may end its function) */
	uint64_t vector;      /* TRAP: the trap frame's vector number */
	uint64_t from_rip;    /* TRAP: interrupted RIP */
	bool emulated_int80;  /* TRAP: a #UD at an `int $0x80` the kernel ran
				 as a system call (PVM delivers int n from
				 ring 3 as #UD): vector 6 and the two bytes
				 before from_rip are CD 80 */
	const struct symbol *sym; /* FRAME: NULL when unknown */
};

struct unwind_chain {
	struct unwind_frame frames[UNWIND_MAX_FRAMES];  /* innermost first */
	size_t count;
	int truncated;        /* 1 when the walk stopped at the bound */
};

/* The registers a walk starts from. */
struct unwind_regs {
	uint64_t rip, rsp, rbp;
};

/*
 * Unwind from regs, reading guest-virtual memory through cr3.  Stops at
 * rbp == 0, an unreadable word, a frame address that does not increase
 * (on one side of a trap frame), or UNWIND_MAX_FRAMES (truncated = 1).
 * Always records at least the frame holding rip.  Returns 0.
 */
int unwind_guest(const struct guest_mem *mem, const struct symtab *syms,
		 uint64_t cr3, const struct unwind_regs *regs,
		 struct unwind_chain *chain);
/* The same in any level's address space (core/vspace.h): L2's stack
 * through L2's page tables and L1's nested table, with L2's symbols. */
int unwind_space(const struct vspace *vs, const struct symtab *syms,
		 const struct unwind_regs *regs, struct unwind_chain *chain);
/*
 * Format outermost first: "main > printf > vfprintf > write | int 0x80 |
 * trap > syscall_entry > sys_write > tty_write > uart_putc"; unknown
 * functions print as hex, a truncated chain starts with "... > ".
 * Returns buf.
 */
const char *unwind_format(const struct unwind_chain *chain, char *buf,
			  size_t len);
/* One entry's text in the chain: its function, the boundary's label for
 * a TRAP entry, or the address in hex; tmp (len bytes) may hold it. */
const char *unwind_frame_name(const struct unwind_frame *f, char *tmp,
			      size_t len);
/* A vector's label: "int 0x80", "#UD", "#GP", "#PF", "vector 0x21"... */
const char *unwind_trap_label(uint64_t vector, char *buf, size_t len);
/* A TRAP entry's label: unwind_trap_label(), or "int 0x80 (#UD, emulated)"
 * when emulated_int80 is set. */
const char *unwind_boundary_label(const struct unwind_frame *trap, char *buf,
				  size_t len);

#endif /* CORE_UNWIND_H */
