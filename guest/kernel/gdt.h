/*
 * guest/kernel/gdt.h - the kernel's segment descriptors and its TSS.
 */
#ifndef GUEST_KERNEL_GDT_H
#define GUEST_KERNEL_GDT_H

/*
 * Install the kernel GDT (the selectors of guest/abi/machine.h plus the
 * user segments and the TSS), reload every segment register and the task
 * register.  From then on a trap from ring 3 switches to kernel_stack_top.
 */
void gdt_init(void);

#endif /* GUEST_KERNEL_GDT_H */
