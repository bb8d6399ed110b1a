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
 * that the soft CPU can.  Under --nested, breakpoints belong to a level:
 * L1's are the backend's, L2's are L2-virtual addresses checked in L2's
 * own CPU context (the software CPU only, so far).
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
/* Can this backend stop at an instruction breakpoint in the code of L2
 * (or L3)?  The soft CPU can (it checks them in that level's context);
 * KVM's L2 runs in a VM of its own whose debug registers vmscope does not
 * set yet. */
bool vcpu_step_nested_bp_works(struct vm *vm);
/* Arm the n instruction breakpoints at addrs in the code of one level (as
 * an exit record counts it: 0 the guest vmscope runs, 1 L2, 2 L3),
 * replacing that level's set.  0 or -errno. */
int vcpu_step_arm(struct vm *vm, uint32_t level, const uint64_t *addrs,
		  unsigned n);
/*
 * Arm breakpoints on the next layer functions of level's code below the
 * deepest one on chain (that level's chain; NULL: unknown, as before the
 * first exit), skipping the one at rip, beside the n `b` breakpoints of
 * that level at keep (vcpu_breaks.h), which come first.  The functions are
 * looked up in the level's symbols: L2's are hello's when hello runs as
 * L2.  Returns 0 when the guest may run (note may still explain a limit:
 * none armed means "to the next exit"), or -errno with the reason in note.
 * The step ends by arming the `b` breakpoints alone again
 * (vcpu_breaks_arm).
 */
int vcpu_step_layer_begin(struct vm *vm, uint32_t level,
			  const struct unwind_chain *chain, uint64_t rip,
			  const uint64_t *keep, unsigned n, char *note,
			  size_t len);
/* Turn on single-stepping where the current ring allows it; 0 or -errno
 * with the reason in note. */
int vcpu_step_insn_begin(struct vm *vm, char *note, size_t len);
void vcpu_step_insn_end(struct vm *vm);

#endif /* TUI_VCPU_STEP_H */
