/*
 * core/unwind_trap.h - RIP on the kernel's way into trap() or back out of
 * it: where the trap frame is.
 *
 * From the CPU's delivery of a trap to trap_entry's `call trap` (a
 * per-vector stub pushes an error code and the vector and jumps to
 * trap_entry, which pushes the registers), and from trap()'s return to the
 * `iretq`, no frame record leads back to the interrupted code: the
 * unwinder asks this file instead (guest/abi/trapframe.h describes the
 * frame these instructions build and take apart).
 */
#ifndef CORE_UNWIND_TRAP_H
#define CORE_UNWIND_TRAP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/symbols.h"
#include "core/vspace.h"

/*
 * RIP is on that path: *tf is the guest-virtual address the struct
 * trapframe has (or will have once the pushes are done) and *vector its
 * vector number (read from the stub's push when it is not on the stack
 * yet).  False when RIP is anywhere else, or the code or the stack cannot
 * be read.  The interrupted code's %rbp is the register's value all along
 * this path: trap_entry never writes %rbp before trap() returns, and
 * trap() preserves it.
 */
bool unwind_trap_path(const struct vspace *vs, const struct symtab *syms,
		      uint64_t rip, uint64_t rsp,
		      uint64_t *tf, uint64_t *vector);

#endif /* CORE_UNWIND_TRAP_H */
