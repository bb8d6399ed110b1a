/*
 * guest/abi/machine.h - the machine vmscope builds, as the guest sees it.
 *
 * One table of facts both sides rely on: where RAM and the boot structures
 * live, which ports the devices answer on, and the state the vCPU is in at the
 * first instruction.  vmscope (core/boot.c) builds exactly this; the teaching
 * kernel (guest/kernel) assumes exactly this.
 *
 * Entry state (both backends):
 *   - 64-bit long mode: CR0.PE|PG, CR4.PAE, EFER.LME|LMA; interrupts off;
 *   - CR3 = BOOT_PML4: identity map of the first 4 GiB.  The first 2 MiB use
 *     4 KiB pages with page 0 not present (a null dereference faults);
 *     everything else uses 2 MiB pages.  Pages in [USER_BASE, RAM end) are
 *     user-accessible (U/S = 1); the rest are supervisor-only.  All writable.
 *   - a boot GDT at BOOT_GDT with the selectors below (the kernel installs its
 *     own GDT with the same selectors plus user segments and a TSS);
 *   - RIP = ELF entry point, RSP = BOOT_STACK_TOP, RDI = BOOT_INFO,
 *     RFLAGS = 0x2, every other general-purpose register 0.
 */
#ifndef GUEST_ABI_MACHINE_H
#define GUEST_ABI_MACHINE_H

/* Assembly sources include this file for the selectors and ports. */
#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* Guest-physical memory map */
#define BOOT_GDT        0x1000ULL   /* boot GDT, 3 descriptors */
#define BOOT_INFO       0x2000ULL   /* struct boot_info */
#define BOOT_PML4       0x10000ULL  /* page tables: PML4, PDPT, 4 PDs, 1 PT */
#define BOOT_PT_END     0x17000ULL
#define BOOT_STACK_TOP  0x80000ULL  /* initial kernel stack, grows down */
#define VGA_TEXT_BASE   0xb8000ULL
#define KERNEL_BASE     0x100000ULL /* lowest address an ELF segment may use */
#define USER_BASE       0x400000ULL /* user programs live from here up */
#define USER_STACK_TOP  0x1000000ULL
#define MMIO_WINDOW     0xd0000000ULL /* no RAM behind it: every access exits */
#define MAPPED_LIMIT    0x100000000ULL

/* Segment selectors (boot GDT and kernel GDT agree) */
#define SEL_KERNEL_CODE 0x08
#define SEL_KERNEL_DATA 0x10
#define SEL_USER_DATA   0x18  /* used with RPL 3: 0x1b */
#define SEL_USER_CODE   0x20  /* used with RPL 3: 0x23 */
#define SEL_TSS         0x28

/* Ports */
#define PORT_COM1       0x3f8 /* 16550 UART, 8 registers */
#define PORT_EXIT       0xf4  /* write a byte: the run ends with that status */
#define PORT_POST       0x80  /* POST diagnostic port: nothing answers */
#define PORT_PROBE      0x500 /* doctor's probe guests report here (32-bit
				 OUT, guest/probes/probe_abi.h); nothing
				 answers */

#define BOOT_INFO_MAGIC 0x564d5343u /* "VMSC" */

#ifndef __ASSEMBLER__
struct boot_info {
	uint32_t magic;
	uint32_t version;   /* 1 */
	uint64_t ram_size;  /* bytes of RAM from guest-physical 0 */
};
#endif

#endif /* GUEST_ABI_MACHINE_H */
