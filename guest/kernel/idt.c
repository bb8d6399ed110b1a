/*
 * guest/kernel/idt.c - the interrupt descriptor table.
 *
 * Only the gates the kernel uses are filled in: the 32 exceptions, the 16
 * hardware interrupt vectors of the PICs (0x20-0x2f) and vector 0x80 for
 * system calls.  Every other vector stays not present, so a stray
 * interrupt becomes a #GP (or #DF) that the kernel reports.  Filling fewer
 * gates also keeps boot short: under PVM ring-0 code is emulated at about
 * a million instructions per second.
 *
 * Every gate is an interrupt gate, which clears IF on entry: the kernel
 * runs with interrupts off (see interrupts.c).
 *
 * Gate layout: Intel SDM Vol. 3A, 6.14.1 "64-Bit Mode IDT", Figure 6-8.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/abi/trapframe.h"
#include "guest/kernel/idt.h"
#include "guest/kernel/table_pointer.h"
#include "guest/kernel/trap.h"

#define GATE_TYPE_INTERRUPT 0x0e      /* 64-bit interrupt gate: clears IF */
#define GATE_DPL3           (3 << 5)  /* `int n` allowed from ring 3 */
#define GATE_P              0x80      /* present */

#define IDT_ENTRIES    256

struct idt_gate {
	uint16_t offset_low;   /* handler address 15:0 */
	uint16_t selector;     /* code segment the handler runs in */
	uint8_t ist;           /* interrupt stack table index: 0, use RSP0 */
	uint8_t type_attr;     /* type, DPL, present */
	uint16_t offset_mid;   /* handler address 31:16 */
	uint32_t offset_high;  /* handler address 63:32 */
	uint32_t reserved;
};

static struct idt_gate idt[IDT_ENTRIES];

static void set_gate(unsigned vector, void (*handler)(void), uint8_t dpl)
{
	uint64_t addr = (uint64_t)handler;

	idt[vector] = (struct idt_gate){
		.offset_low = addr & 0xffff,
		.selector = SEL_KERNEL_CODE,
		.type_attr = GATE_P | dpl | GATE_TYPE_INTERRUPT,
		.offset_mid = addr >> 16 & 0xffff,
		.offset_high = addr >> 32,
	};
}

void idt_init(void)
{
	struct table_pointer idtr = { sizeof idt - 1, (uint64_t)idt };

	for (unsigned v = 0; v < TRAP_NR_STUBS; v++)
		set_gate(v, trap_vectors[v], 0);
	set_gate(TRAP_SYSCALL, trap_vector_syscall, GATE_DPL3);
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}
