/*
 * core/vm_irq.h - what happens between two runs: devices that keep time
 * or take input get their turn, and the PIC's interrupt goes in (core/vm.c's
 * helpers; front ends use core/vm.h).
 */
#ifndef CORE_VM_IRQ_H
#define CORE_VM_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

/* Let the PIT catch up with the machine's time (vm_now_ns()), hand the
 * next waiting key to an idle i8042, and set the alarm for whatever is due
 * next. */
void vm_irq_service(struct vm *vm);
/* The same at now (vm_now_ns()'s clock), a time the caller has just
 * read: the run loop reads the clock once before each run, not twice. */
void vm_irq_service_at(struct vm *vm, uint64_t now);
/* Inject the PIC's interrupt if the vCPU can take it, else ask for an
 * interrupt window - and ask for one after an injection too while the PIC
 * still has a request; vm->injected says what went in.  0 or -errno. */
int vm_irq_before_run(struct vm *vm);
/* A device's interrupt output (struct vm_line) drives its PIC input: in
 * vmscope's 8259, or in the backend's chip (--irqchip kernel). */
void vm_line_set(void *line, int level);
/* Once the backend's chip exists: every line at the level devices drive. */
void vm_irq_sync_lines(struct vm *vm);
/* The 8259's registers (chip 0 master, 1 slave) wherever it runs: what a
 * register view shows and what vmscope decides with. */
void vm_pic_regs(struct vm *vm, unsigned chip, struct pic_regs *out);
/* Can a device still wake a HLT (see core/vm_irq.c)? */
bool vm_irq_can_wake(struct vm *vm);
/* Is the vCPU halted where vmscope saw no HLT exit (the backend's chip),
 * with nothing that can wake it: interrupts off (see core/vm_irq.c)?
 * Such a HLT makes no exit, so with the chip in the backend the alarm
 * brings the vCPU thread back to look at least every HALT_LOOK_NS (an
 * INTR exit every 100 ms at most). */
bool vm_irq_halted_for_good(struct vm *vm);
#define VM_IRQ_HALT_LOOK_NS 100000000ULL
/* A HLT with interrupts on: sleep until the PIC raises INTR, a stop is
 * requested or the machine is to be reset, which clears vm->halted; or
 * until vm_attention(), which leaves it set.  With --clock insn a deadline
 * is not slept to: time jumps to it (vm_clock_skip()). */
void vm_irq_wait_halted(struct vm *vm);

#endif /* CORE_VM_IRQ_H */
