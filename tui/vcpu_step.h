/*
 * tui/vcpu_step.h - the fine-grained stops: "run to the next layer" (`l`)
 * and "one instruction" (`i`).
 *
 * Both ask the backend to stop the guest on purpose: instruction
 * breakpoints at the layer functions' entries (set_breakpoints: a PC check
 * on the soft CPU, hardware debug registers on KVM) and single-stepping.
 * Each such stop is itself an exit (DEBUG(4)), and the stats count it: the
 * cost of observing.  Not every KVM honours them in every ring - PVM fires
 * hardware breakpoints and single-steps only in ring 0 - so the host probe
 * (kvm/probe.h) decides, and the note says why a stop cannot be made and
 * that the soft CPU can.
 *
 * Threading: vCPU thread only.
 */
#ifndef TUI_VCPU_STEP_H
#define TUI_VCPU_STEP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/unwind.h"
#include "core/vm.h"

/* Can this backend stop at an instruction breakpoint in ring 3 (user) or
 * ring 0?  The soft CPU always can; KVM as the host probe found. */
bool vcpu_step_bp_works(struct vm *vm, bool user);
/*
 * Arm breakpoints on the next layer functions below the deepest one on
 * chain (NULL: the guest has not exited yet), skipping the one at rip,
 * beside the n `b` breakpoints at keep (vcpu_breaks.h), which come first.
 * Returns 0 when the guest may run (note may still explain a limit: none
 * armed means "to the next exit"), or -errno with the reason in note.
 */
int vcpu_step_layer_begin(struct vm *vm, const struct unwind_chain *chain,
			  uint64_t rip, const uint64_t *keep, unsigned n,
			  char *note, size_t len);
/* Leave only the n `b` breakpoints at keep (KVM: the guest would stop at a
 * layer breakpoint again). */
void vcpu_step_layer_end(struct vm *vm, const uint64_t *keep, unsigned n);
/* Turn on single-stepping where the current ring allows it; 0 or -errno
 * with the reason in note. */
int vcpu_step_insn_begin(struct vm *vm, char *note, size_t len);
void vcpu_step_insn_end(struct vm *vm);

#endif /* TUI_VCPU_STEP_H */
