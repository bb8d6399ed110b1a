/*
 * guest/hv/hvhostile_events.c - events between the levels: an interrupt
 * L1 injects into L2 through the block, and an interrupt for L1 while L2
 * runs.
 *
 * L1 injects vector 0x30 (entry_intr_info, as VMX's VM-entry
 * interruption-information field): L0 delivers it through L2's IDT
 * before L2's first instruction, so the first thing L2 runs is the
 * handler, whose OUT to COM1 L1 sees - and under it, on L2's stack, the
 * frame of the interrupted first instruction.  After the handler's IRETQ
 * L2's own code runs.  (hvhostile_inject.c injects the other types, and
 * the events the entry refuses.)
 *
 * An interrupt for L1: L1 has its own UART raise IRQ 4 (the THR-empty
 * interrupt comes as soon as it is enabled) with its own IF clear, then
 * runs L2.  Intercepting external interrupts, L1 gets an exit 1 before
 * L2's first instruction, then takes the interrupt through its own IDT
 * when it sets IF; not intercepting them, L2 runs to its own exit and the
 * interrupt waits for L1.  Entered in an STI or a MOV SS shadow, L2 runs
 * its first instruction before the exit 1 (such a shadow holds external
 * interrupts even when L1 intercepts them: VMX's "not blocked for other
 * reasons"); entered with an event to inject, L2 takes the event first
 * and the exit finds it at the handler's first instruction.  An interrupt
 * L1 takes in the run that ends at its doorbell is that exit's injection,
 * not one of L2's exits after it.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"
#include "guest/kernel/idt.h"
#include "guest/kernel/io.h"
#include "guest/kernel/irq.h"
#include "guest/kernel/pic.h"
#include "guest/kernel/table_pointer.h"
#include "guest/kernel/uart_regs.h"

#define VECTOR      0x30
#define RFLAGS_IF   0x200ULL
#define RFLAGS_CF   0x1ULL
#define RFLAGS_ZF   0x40ULL
#define RAX         0
#define RSP         4

extern const uint8_t hvh_event_main[], hvh_event_handler[], hvh_event_end[];
extern const uint8_t hvh_l1_iretq[];

__asm__(".text\n"
	"hvh_event_main:\n\t"           /* L2's own code: 'M' to COM1 */
	"movl $0x4d, %eax\n\t"
	"movl $0x3f8, %edx\n\t"
	"outb %al, %dx\n\t"
	"hlt\n"
	"hvh_event_handler:\n\t"        /* vector 0x30: 0x30 to COM1 */
	"movl $0x30, %eax\n\t"
	"movl $0x3f8, %edx\n\t"
	"outb %al, %dx\n\t"
	"iretq\n"
	"hvh_event_end:\n"
	"hvh_l1_iretq:\n\t"           /* L1's own gate that only returns */
	"iretq\n");

static volatile unsigned com1_interrupts;

uint8_t *hvh_l2_bytes(uint64_t l2_gpa)
{
	return (uint8_t *)(uintptr_t)(hvh_l2.base + l2_gpa);
}

void hvh_load_l2_code(const uint8_t *start, const uint8_t *end)
{
	for (const uint8_t *p = start; p < end; p++)
		hvh_l2_bytes(HVH_L2_CODE)[p - start] = *p;
	for (unsigned i = 0; i < 512; i++)
		((uint64_t *)hvh_l2_bytes(HVH_L2_IDT))[i] = 0;
	hvh_good_block();
	hvh_block.rip = HVH_L2_CODE;
	hvh_block.rflags = 0x2 | RFLAGS_IF;
	hvh_block.idtr_base = HVH_L2_IDT;
	hvh_block.idtr_limit = 256 * 16 - 1;
}

/* A 64-bit interrupt gate into the boot GDT's code segment, in the IDT
 * at idt (L2's, or L1's own). */
static void write_gate(uint64_t *idt, unsigned vector, uint64_t handler)
{
	idt[2 * vector] = (handler & 0xffff) |
			  (uint64_t)SEL_KERNEL_CODE << 16 | 0x8eULL << 40 |
			  ((handler >> 16) & 0xffff) << 48;
	idt[2 * vector + 1] = handler >> 32;
}

void hvh_l2_gate(unsigned vector, uint64_t handler)
{
	write_gate((uint64_t *)hvh_l2_bytes(HVH_L2_IDT), vector, handler);
}

void hvh_event_program(unsigned vector)
{
	hvh_load_l2_code(hvh_event_main, hvh_event_end);
	hvh_l2_gate(vector, HVH_L2_CODE + (uint64_t)(hvh_event_handler -
						     hvh_event_main));
}

/* "exit 30, RAX 0x30" after a run that went in, or what L0 refused. */
static int ran(uint64_t flags)
{
	if (!(flags & (RFLAGS_CF | RFLAGS_ZF)))
		return 1;
	console_puts(flags & RFLAGS_CF ? ": CF\n" : ": ZF\n");
	return 0;
}

static void injection_cases(void)
{
	const uint64_t *frame;

	hvh_event_program(VECTOR);
	hvh_block.entry_intr_info = VECTOR | NESTED_INTR_VALID;
	hv_say("L1 injects vector 0x30");
	if (!ran(hvh_ring((uintptr_t)&hvh_block)))
		return;
	frame = (const uint64_t *)hvh_l2_bytes(hvh_block.gpr[RSP]);
	console_puts(": L2's handler ran first (exit ");
	console_putdec(hvh_block.exit_reason);
	console_puts(", RAX ");
	console_puthex(hvh_block.gpr[RAX]);
	console_puts("), its frame's RIP ");
	console_puthex(frame[0]);
	console_puts(", entry_intr_info now ");
	console_puthex(hvh_block.entry_intr_info);
	console_puts("\n");
	hvh_block.rip += hvh_block.exit_insn_len;
	hv_say("after the handler's IRETQ");
	if (!ran(hvh_ring((uintptr_t)&hvh_block)))
		return;
	console_puts(": L2's own code, RAX ");
	console_puthex(hvh_block.gpr[RAX]);
	console_puts("\n");
}

/* L1's own COM1 interrupt: count it, and end it (THR-empty off). */
static void com1_interrupt(void)
{
	com1_interrupts++;
	outb(PORT_COM1 + UART_IER, 0);
}

/* Let the interrupt waiting for L1 in, and say how many L1 has taken. */
static void take_it(void)
{
	__asm__ volatile("sti\n\tnop\n\tcli" : : : "memory");
	console_puts("; L1 then took it (");
	console_putdec(com1_interrupts);
	console_puts(" so far)\n");
}

static void l1_interrupt_case(const char *name, uint32_t intercepts,
			      uint32_t blocking, uint32_t event)
{
	hvh_event_program(VECTOR);
	hvh_block.intercepts |= intercepts;
	hvh_block.interruptibility = blocking;
	hvh_block.entry_intr_info = event;
	outb(PORT_COM1 + UART_IER, IER_ETBEI);   /* IRQ 4 for L1, IF = 0 */
	hv_say(name);
	if (!ran(hvh_ring((uintptr_t)&hvh_block)))
		return;
	console_puts(": exit ");
	console_putdec(hvh_block.exit_reason);
	console_puts(" at L2's RIP ");
	console_puthex(hvh_block.rip);
	take_it();
}

/*
 * vmscope's PIC injects into L1's runs only: L1 takes its COM1 interrupt
 * in the very run that ends at the doorbell - through an IDT of its own
 * whose one gate only returns, so nothing exits between the delivery and
 * the OUT - and that exit had the injection, L2's exits after it none
 * (the trace's inject lines, test_hostile_l1.sh).  L1 then ends the
 * interrupt itself and loads the kernel's IDT again.
 */
static uint64_t l1_idt[2 * 256] __attribute__((aligned(16)));

static void injected_then_doorbell(void)
{
	struct table_pointer idtr = { sizeof(l1_idt) - 1,
				      (uintptr_t)l1_idt };
	uint64_t flags;

	write_gate(l1_idt, PIC_VECTOR_MASTER + IRQ_COM1,
		   (uintptr_t)hvh_l1_iretq);
	hvh_event_program(VECTOR);
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
	outb(PORT_COM1 + UART_IER, IER_ETBEI);   /* IRQ 4 for L1, IF = 0 */
	/* the window opens after STI's shadow, the interrupt goes in, its
	 * IRETQ returns to the doorbell */
	__asm__ volatile("sti\n\tnop\n\toutl %k1, %w2\n\tcli\n\t"
			 "pushfq\n\tpopq %0"
			 : "=r"(flags)
			 : "a"((uint32_t)(uintptr_t)&hvh_block),
			   "Nd"((uint16_t)NESTED_PORT_RUN)
			 : "memory", "cc");
	outb(PORT_COM1 + UART_IER, 0);
	pic_eoi(IRQ_COM1);
	idt_init();
	hv_say("IRQ 4 into L1 in the run that rings the doorbell");
	if (!ran(flags))
		return;
	console_puts(": exit ");
	console_putdec(hvh_block.exit_reason);
	console_puts(", RAX ");
	console_puthex(hvh_block.gpr[RAX]);
	console_puts("\n");
}

void hvh_event_cases(void)
{
	injection_cases();
	pic_init();
	irq_register(IRQ_COM1, com1_interrupt);
	l1_interrupt_case("IRQ 4 for L1, external interrupts intercepted",
			  NESTED_INTERCEPT_EXTINT, 0, 0);
	l1_interrupt_case("IRQ 4 for L1, not intercepted", 0, 0, 0);
	l1_interrupt_case("IRQ 4 for L1, intercepted, L2 in an STI shadow",
			  NESTED_INTERCEPT_EXTINT, NESTED_BLOCK_BY_STI, 0);
	l1_interrupt_case("IRQ 4 for L1, intercepted, L2 in a MOV SS shadow",
			  NESTED_INTERCEPT_EXTINT, NESTED_BLOCK_BY_MOV_SS, 0);
	l1_interrupt_case("IRQ 4 for L1, intercepted, vector 0x30 injected",
			  NESTED_INTERCEPT_EXTINT, 0,
			  VECTOR | NESTED_INTR_VALID);
	injected_then_doorbell();
}
