/*
 * guest/abi/machine.h - the machine vmscope builds, as the guest sees it.
 *
 * One table of facts both sides rely on: where RAM and the boot structures
 * live (an image may load anywhere in RAM except page 0, the boot GDT, the
 * boot info, the boot page tables, the boot stack and the VGA window), which ports the devices answer on, and the state the vCPU is in at the
 * first instruction.  vmscope (core/boot.c) builds exactly this; the teaching
 * kernel (guest/kernel) assumes exactly this.
 *
 * Entry state (both backends):
 *   - 64-bit long mode: CR0.PE|PG, CR4.PAE, EFER.LME|LMA; interrupts off;
 *   - CR3 = BOOT_PML4: identity map of the first 4 GiB.  The first 2 MiB use
 *     4 KiB pages with page 0 not present (a null dereference faults);
 *     everything else uses 2 MiB pages.  Pages in [USER_BASE, RAM end) and
 *     the virtio window are user-accessible (U/S = 1); the rest are
 *     supervisor-only.  All writable.
 *   - a boot GDT at BOOT_GDT with the selectors below (the kernel installs its
 *     own GDT with the same selectors plus user segments and a TSS);
 *   - the VGA text screen blank: every cell VGA_BLANK_CELL;
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
#define BOOT_STACK_SIZE 0x10000ULL  /* ... of 64 KiB: no image loads there */
#define VGA_TEXT_BASE   0xb8000ULL
#define KERNEL_BASE     0x100000ULL /* where the teaching kernel is linked */
#define USER_BASE       0x400000ULL /* user programs live from here up */
#define USER_STACK_TOP  0x1000000ULL
#define MMIO_WINDOW     0xd0000000ULL /* no RAM behind it: every access exits */
#define VIRTIO_WINDOW   0xd0200000ULL /* virtio-MMIO devices, 2 MiB; the one
					 page of the MMIO window that ring 3
					 may access (a poll-mode driver in a
					 user program, as DPDK maps a NIC) */
#define VIRTIO_WINDOW_SIZE 0x200000ULL
#define VIRTIO_NET_MMIO VIRTIO_WINDOW /* virtio-net (--net), 0x200 bytes */
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
#define PORT_PIC_MASTER 0x20  /* 8259A master: +0 command, +1 data (IMR) */
#define PORT_PIC_SLAVE  0xa0  /* 8259A slave, on the master's IR2 */
#define PORT_PIT        0x40  /* 8254: counters 0-2 at +0..+2, control +3 */
#define PORT_I8042_DATA 0x60  /* keyboard controller: data */
#define PORT_I8042_CMD  0x64  /* ... status (read) / command (write) */
#define PORT_VGA_CRTC_INDEX 0x3d4 /* CRT controller: register index */
#define PORT_VGA_CRTC_DATA  0x3d5 /* ... and the register it selects */

/* Interrupt lines, as wired on a PC (PIC inputs; 8-15 are the slave's) */
#define IRQ_TIMER       0     /* PIT counter 0 */
#define IRQ_KEYBOARD    1     /* i8042 output buffer full */
#define IRQ_CASCADE     2     /* the slave's INT */
#define IRQ_COM1        4     /* 16550 UART */
#define IRQ_VIRTIO_NET  5     /* virtio-net (free on a PC: LPT2) */
#define IRQ_SPURIOUS_MASTER 7 /* what a master reports with no request */
#define IRQ_SPURIOUS_SLAVE  15

/* VGA text mode 3: 80x25 cells of (character, attribute) bytes at
 * VGA_TEXT_BASE; the window the PC decodes there is 32 KiB. */
#define VGA_TEXT_COLS   80
#define VGA_TEXT_ROWS   25
#define VGA_TEXT_WINDOW 0x8000ULL
#define VGA_BLANK_CELL  0x0720  /* ' ' in light grey on black: every cell at
				   entry, as a PC BIOS leaves the screen */

#define BOOT_INFO_MAGIC 0x564d5343u /* "VMSC" */
#define BOOT_INFO_VERSION 2
/* boot_info.flags */
#define BOOT_FLAG_CONSOLE_IRQ 0x1ULL /* console output interrupt-driven
					(UART THR-empty on IRQ 4), not polled */

#ifndef __ASSEMBLER__
struct boot_info {
	uint32_t magic;
	uint32_t version;   /* 2 */
	uint64_t ram_size;  /* bytes of RAM from guest-physical 0 */
	uint64_t flags;     /* BOOT_FLAG_*: the stages vmscope switched on */
	/* The TSC's rate in kHz, 0 when the backend cannot say.  A guest
	 * cannot measure it exactly itself, so the hypervisor tells it, as
	 * Jailhouse's communication region (tsc_khz) and KVM's kvmclock do. */
	uint64_t tsc_khz;
};
#endif

#endif /* GUEST_ABI_MACHINE_H */
