/*
 * guest/kernel/entry.h - what entry.S defines and calls.
 */
#ifndef GUEST_KERNEL_ENTRY_H
#define GUEST_KERNEL_ENTRY_H

#include "guest/abi/machine.h"

/*
 * Top of the kernel stack (in .bss): _start runs kmain on it, and the TSS
 * hands it to the CPU for every trap from ring 3.  kmain never returns, so
 * once the user program runs the whole stack is free for traps.
 */
extern char kernel_stack_top[];

/* The kernel's C entry point, called by _start with vmscope's boot info. */
__attribute__((noreturn)) void kmain(const struct boot_info *info);

#endif /* GUEST_KERNEL_ENTRY_H */
