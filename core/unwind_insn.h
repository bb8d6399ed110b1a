/*
 * core/unwind_insn.h - where the return address is when %rbp does not
 * (yet, or any more) point at the function's frame record.
 *
 * Frame-pointer code keeps [rbp + 8] = return address only between its
 * prologue and its epilogue.  On a function's first instructions and on
 * its last ones the return address is found from %rsp instead, and %rbp
 * still (or again) holds the caller's %rbp.  The TUI's `l` and `i` and
 * `trace --step-insn` stop exactly there, so the unwinder asks this file,
 * which reads the guest's real instruction bytes around RIP:
 *
 *     fn:  [endbr64]          RIP here: return address at [rsp]
 *          push %rbp          RIP here: return address at [rsp]
 *          ...                RIP here: return address at [rsp + 8]
 *          mov  %rsp,%rbp     RIP here: return address at [rsp + 8]
 *          ...                RIP here: the frame record at %rbp
 *          pop  %rbp / leave  RIP here: the frame record at %rbp
 *          ...                RIP here: return address at [rsp]
 *          ret                RIP here: return address at [rsp]
 *
 * gcc may schedule other instructions between `push %rbp` and
 * `mov %rsp,%rbp`, and between `pop %rbp` and `ret`, but none that moves
 * %rsp or writes %rbp: that is the contract this relies on.
 */
#ifndef CORE_UNWIND_INSN_H
#define CORE_UNWIND_INSN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/symbols.h"
#include "core/vspace.h"

/*
 * The guest-virtual address of the return address of the function fn
 * (the symbol holding rip, or NULL) when RIP is in its prologue before
 * `mov %rsp,%rbp` has run or in its epilogue after `pop %rbp`/`leave`.
 * False when the frame record is at %rbp, or when the code cannot be read
 * or is not recognised (the caller then walks from %rbp as usual).
 */
bool unwind_insn_ret_slot(const struct vspace *vs,
			  const struct symbol *fn, uint64_t rip, uint64_t rsp,
			  uint64_t *slot);

#endif /* CORE_UNWIND_INSN_H */
