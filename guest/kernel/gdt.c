/*
 * guest/kernel/gdt.c - the kernel's GDT and TSS.
 *
 * In 64-bit mode segmentation is almost gone: base and limit are ignored for
 * code and data, but the GDT still says which privilege level runs (the DPL
 * of the code segment in CS) and where the TSS is.  The TSS no longer holds
 * a task's registers; it holds RSP0, the stack the CPU switches to when an
 * interrupt or exception arrives while ring 3 runs.
 *
 * Descriptor bits: Intel SDM Vol. 3A, 3.4.5 "Segment Descriptors" and
 * 8.2.3 "TSS Descriptor in 64-bit mode"; TSS layout: 8.7 "Task Management in
 * 64-bit Mode", Figure 8-11.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/entry.h"
#include "guest/kernel/gdt.h"
#include "guest/kernel/table_pointer.h"

#define DESC_LIMIT_LOW  0x000000000000ffffULL /* limit 15:0 (ignored in 64-bit) */
#define DESC_LIMIT_HIGH 0x000f000000000000ULL /* limit 19:16 */
#define DESC_TYPE_DATA  (0x2ULL << 40) /* data segment, read/write */
#define DESC_TYPE_CODE  (0xaULL << 40) /* code segment, execute/read */
#define DESC_TYPE_TSS   (0x9ULL << 40) /* system: available 64-bit TSS */
#define DESC_S          (1ULL << 44)   /* code or data, not a system descriptor */
#define DESC_DPL3       (3ULL << 45)   /* descriptor privilege level 3 (user) */
#define DESC_P          (1ULL << 47)   /* present */
#define DESC_L          (1ULL << 53)   /* 64-bit code segment */
#define DESC_DB         (1ULL << 54)   /* 32-bit default size (data: ignored) */
#define DESC_G          (1ULL << 55)   /* limit counts 4 KiB pages */

#define DESC_FLAT (DESC_LIMIT_LOW | DESC_LIMIT_HIGH | DESC_G | DESC_S | DESC_P)
#define DESC_CODE64 (DESC_FLAT | DESC_TYPE_CODE | DESC_L)
#define DESC_DATA (DESC_FLAT | DESC_TYPE_DATA | DESC_DB)

/* 64-bit TSS (Figure 8-11): packed, 104 bytes. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];      /* stack for a trap from ring 3 (rsp[0]), 1, 2 */
	uint64_t reserved1;
	uint64_t ist[7];      /* interrupt stack table: unused here */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;  /* past the limit: no I/O bitmap, ring 3 has no ports */
} __attribute__((packed));

static struct tss tss;

/* Indexed by selector / 8; the TSS descriptor takes two slots. */
static uint64_t gdt[7] = {
	[SEL_KERNEL_CODE / 8] = DESC_CODE64,
	[SEL_KERNEL_DATA / 8] = DESC_DATA,
	[SEL_USER_DATA / 8] = DESC_DATA | DESC_DPL3,
	[SEL_USER_CODE / 8] = DESC_CODE64 | DESC_DPL3,
	/* [SEL_TSS / 8] and the slot after it: filled by gdt_init */
};

/* The 16-byte TSS descriptor splits the address over both slots. */
static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof tss - 1;

	gdt[SEL_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
			   DESC_TYPE_TSS | DESC_P | (limit >> 16 & 0xf) << 48 |
			   (base >> 24 & 0xff) << 56;
	gdt[SEL_TSS / 8 + 1] = base >> 32;
}

/*
 * CS can only be changed by a far jump, call or return: push the new CS and
 * the address of the next instruction and "return" there.  The data segment
 * registers take a plain mov.
 */
static void reload_segments(void)
{
	__asm__ volatile("pushq %[cs]\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:"
			 : : [cs] "i"(SEL_KERNEL_CODE) : "rax", "memory");
	__asm__ volatile("movw %0, %%ds\n\t"
			 "movw %0, %%es\n\t"
			 "movw %0, %%ss\n\t"
			 "movw %1, %%fs\n\t"
			 "movw %1, %%gs"
			 : : "r"((uint16_t)SEL_KERNEL_DATA), "r"((uint16_t)0));
}

void gdt_init(void)
{
	struct table_pointer gdtr = { sizeof gdt - 1, (uint64_t)gdt };

	tss.rsp[0] = (uint64_t)kernel_stack_top;
	tss.iomap_base = sizeof tss;
	set_tss_descriptor();
	__asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
	reload_segments();
	__asm__ volatile("ltr %0" : : "r"((uint16_t)SEL_TSS) : "memory");
}
