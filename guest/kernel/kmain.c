/*
 * guest/kernel/kmain.c - boot: set up the machine, then run the program.
 *
 * Boot is kept short on purpose.  Under PVM ring-0 code is emulated at about
 * a million instructions per second, and the goal is the first console byte
 * within 10 ms of vmscope's start: no loops over all 256 IDT entries, no
 * clearing of memory the ELF loader already zeroed, no boot banner, and no
 * interrupt hardware until something needs it (interrupts.c) - unless
 * vmscope asks for an interrupt-driven console (BOOT_FLAG_CONSOLE_IRQ),
 * which needs it from the first byte the program prints.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/console.h"
#include "guest/kernel/entry.h"
#include "guest/kernel/gdt.h"
#include "guest/kernel/idt.h"
#include "guest/kernel/interrupts.h"
#include "guest/kernel/program.h"
#include "guest/kernel/shutdown.h"
#include "guest/kernel/uart.h"
#include "guest/kernel/uart_irq.h"

void kmain(const struct boot_info *info)
{
	uart_init();
	if (info->magic != BOOT_INFO_MAGIC || info->version != BOOT_INFO_VERSION) {
		console_puts("kernel: no vmscope boot info at ");
		console_puthex((uint64_t)info);
		console_puts("\n");
		shutdown(1);
	}
	gdt_init();
	idt_init();
	if (info->flags & BOOT_FLAG_CONSOLE_IRQ) {
		interrupts_start();
		uart_irq_start();
	}
	start_program();
}
