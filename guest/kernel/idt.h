/*
 * guest/kernel/idt.h - the interrupt descriptor table.
 */
#ifndef GUEST_KERNEL_IDT_H
#define GUEST_KERNEL_IDT_H

/*
 * Install gates for the 32 exception vectors and the 16 IRQ vectors
 * (kernel only) and for TRAP_SYSCALL, `int $0x80` (callable from ring 3).  Every gate leads to
 * trap_entry and from there to trap().
 */
void idt_init(void);

#endif /* GUEST_KERNEL_IDT_H */
