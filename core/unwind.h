/*
 * core/unwind.h - the guest's call chain at an exit, from its frame pointers.
 *
 * Walks %rbp frame records from the exiting instruction outwards; where a
 * return address lies in the kernel's trap_entry it crosses the trap frame
 * (guest/abi/trapframe.h) into the interrupted code and carries on.  Costs
 * no exits and asks nothing of the guest but its frame pointers.  The guest
 * controls every word read, so every read is checked and the walk is
 * bounded (UNWIND_MAX_FRAMES, strictly increasing frame addresses).
 */
#ifndef CORE_UNWIND_H
#define CORE_UNWIND_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "core/symbols.h"

#define UNWIND_MAX_FRAMES 32

enum unwind_kind {
	UNWIND_FRAME,     /* an ordinary function frame */
	UNWIND_TRAP,      /* a trap frame boundary: vector says which */
};

struct unwind_frame {
	enum unwind_kind kind;
	uint64_t pc;          /* FRAME: address inside the function */
	uint64_t vector;      /* TRAP: the trap frame's vector number */
	uint64_t from_rip;    /* TRAP: interrupted RIP */
	const struct symbol *sym; /* FRAME: NULL when unknown */
};

struct unwind_chain {
	struct unwind_frame frames[UNWIND_MAX_FRAMES];  /* innermost first */
	size_t count;
	int truncated;        /* 1 when the walk stopped at the bound */
};

int unwind_guest(const struct guest_mem *mem, const struct symtab *syms,
		 uint64_t cr3, uint64_t rip, uint64_t rbp,
		 struct unwind_chain *chain);
/*
 * Format outermost first: "main > printf > vfprintf > write | int 0x80 |
 * syscall_entry > sys_write > tty_write > uart_putc".  Returns buf.
 */
const char *unwind_format(const struct unwind_chain *chain, char *buf,
			  size_t len);
/* The boundary's label: "int 0x80", "#UD (int 0x80 emulated)", "#PF"... */
const char *unwind_trap_label(uint64_t vector, char *buf, size_t len);

#endif /* CORE_UNWIND_H */
