/*
 * guest/hv/hv_exits.c - what L1 intercepts, and its answers.
 *
 * L1 asks L0 for exits on L2's COM1 ports (its I/O bitmap), on HLT, on
 * CPUID and on a double fault; every other port goes to L0's own devices
 * directly (the exit port ends the whole run with L2's status), every
 * other exception to L2's own IDT.  Each exit arrives fault-like, as on
 * VMX: RIP at the instruction, its length in exit_insn_len; L1 does what
 * the instruction wanted and steps past it.
 *
 * L2's UART is L1's own small device model: a 16550 that is always ready
 * to send, whose transmitted bytes L1 prints on its own console, each line
 * marked "[L2] " - so a student sees which level printed what (unless L2
 * is a hypervisor itself, which marks its own lines and its guest's).
 * L2's run doorbell, when L2 is a hypervisor, is hv_nested.c's.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/hv/hv.h"
#include "guest/kernel/console.h"
#include "guest/kernel/uart_regs.h"

#define VEC_DF 8
#define RAX 0
#define LSR_TEMT_BIT 0x40   /* transmitter empty (uart_regs.h names THRE only) */

/* "L1 hv inside" as CPUID leaf 0's EBX, EDX, ECX */
#define HV_VENDOR_EBX 0x6820314cu   /* "L1 h" */
#define HV_VENDOR_EDX 0x6e692076u   /* "v in" */
#define HV_VENDOR_ECX 0x65646973u   /* "side" */

struct l2_uart {
	uint8_t lcr, ier, scr;
	int line_start;      /* the next byte begins a line: mark it */
};

static struct l2_uart uart = { .line_start = 1 };
static unsigned my_level = 1;
static int guest_marks_lines;

void hv_set_level(unsigned level, int marks_lines)
{
	my_level = level;
	guest_marks_lines = marks_lines;
}

/* "[L1] ": one write to the console, as one line's mark (levels 1-9). */
static void mark(unsigned level)
{
	char text[] = "[L1] ";

	text[2] = (char)('0' + level % 10);
	console_puts(text);
}

void hv_say(const char *text)
{
	mark(my_level);
	console_puts(text);
}

void hv_set_intercepts(struct nested_block *b, uint8_t *io_bitmap_a,
		       uint8_t *io_bitmap_b)
{
	for (unsigned port = PORT_COM1; port < PORT_COM1 + 8; port++)
		io_bitmap_a[port / 8] |= (uint8_t)(1u << (port % 8));
	b->io_bitmap_a = (uint64_t)(uintptr_t)io_bitmap_a;
	b->io_bitmap_b = (uint64_t)(uintptr_t)io_bitmap_b;
	b->intercepts = NESTED_INTERCEPT_IO | NESTED_INTERCEPT_HLT |
			NESTED_INTERCEPT_CPUID;
	b->exception_bitmap = 1u << VEC_DF;
}

static void uart_transmit(uint8_t byte)
{
	char s[2] = { (char)byte, 0 };

	if (uart.line_start && !guest_marks_lines)
		mark(my_level + 1);
	console_puts(s);
	uart.line_start = byte == '\n';
}

static void uart_out(unsigned reg, uint8_t value)
{
	int dlab = uart.lcr & LCR_DLAB;

	if (reg == UART_THR && !dlab)
		uart_transmit(value);
	else if (reg == UART_IER && !dlab)
		uart.ier = value;
	else if (reg == UART_LCR)
		uart.lcr = value;
	else if (reg == UART_SCR)
		uart.scr = value;
}

static uint8_t uart_in(unsigned reg)
{
	switch (reg) {
	case UART_LSR: return LSR_THRE | LSR_TEMT_BIT;
	case UART_LCR: return uart.lcr;
	case UART_SCR: return uart.scr;
	case UART_IER: return uart.lcr & LCR_DLAB ? 0 : uart.ier;
	case UART_IIR: return IIR_NO_INT;
	default: return 0;
	}
}

static int handle_io(const struct hv_guest *g, struct nested_block *b)
{
	uint64_t q = b->exit_qualification;
	unsigned port = (unsigned)(q >> NESTED_IO_PORT_SHIFT) & 0xffff;

	if ((port == NESTED_PORT_RUN || port == NESTED_PORT_INVALIDATE) &&
	    (q & (NESTED_IO_STRING | NESTED_IO_IN | NESTED_IO_SIZE_MASK)) == 3) {
		hv_nested_doorbell(g, b, (uint16_t)port);
		return 0;
	}
	if ((q & (NESTED_IO_STRING | NESTED_IO_SIZE_MASK)) != 0 ||
	    port < PORT_COM1 || port >= PORT_COM1 + 8) {
		hv_say("hv: L2 made a port access my UART does not know\n");
		return 1;
	}
	if (q & NESTED_IO_IN)
		b->gpr[RAX] = (b->gpr[RAX] & ~0xffULL) | uart_in(port - PORT_COM1);
	else
		uart_out(port - PORT_COM1, (uint8_t)b->gpr[RAX]);
	return 0;
}

/* Leaf 0 names this hypervisor; other leaves pass on what L1's CPU says. */
static void handle_cpuid(struct nested_block *b)
{
	uint32_t a = (uint32_t)b->gpr[RAX], bx, c = (uint32_t)b->gpr[1], d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(bx), "+c"(c), "=d"(d));
	if ((uint32_t)b->gpr[RAX] == 0) {
		bx = HV_VENDOR_EBX;
		d = HV_VENDOR_EDX;
		c = HV_VENDOR_ECX;
	}
	b->gpr[RAX] = a;
	b->gpr[3] = bx;     /* RBX */
	b->gpr[1] = c;      /* RCX */
	b->gpr[2] = d;      /* RDX */
}

static int report(const char *what, uint64_t value)
{
	hv_say("hv: ");
	console_puts(what);
	console_puthex(value);
	console_puts("\n");
	return 1;
}

/* Bit 12 of the IDT-vectoring information is undefined, and reserved in
 * entry_intr_info: it is left out (SDM Vol. 3C, "Resuming Guest Software
 * after Handling an Exception"). */
void hv_requeue_event(struct nested_block *b)
{
	uint32_t v = b->idt_vectoring_info;

	if (!(v & NESTED_INTR_VALID))
		return;
	b->entry_intr_info = v & ~NESTED_INTR_RESERVED;
	b->entry_intr_error = b->idt_vectoring_error;
	b->entry_insn_len = b->exit_insn_len;
}

int hv_handle_exit(const struct hv_guest *g, struct nested_block *b)
{
	switch (b->exit_reason) {
	case NESTED_EXIT_IO:
		if (handle_io(g, b))
			return 1;
		break;
	case NESTED_EXIT_CPUID:
		handle_cpuid(b);
		break;
	case NESTED_EXIT_HLT:
		hv_say("hv: L2 halted; nothing of mine can wake it\n");
		return 2;
	case NESTED_EXIT_EXCEPTION:
		return report("L2 took exception ",
			      b->exit_intr_info & NESTED_INTR_VECTOR_MASK);
	case NESTED_EXIT_NPF:
		return report("nested page fault at L2-physical ", b->exit_gpa);
	case NESTED_EXIT_TRIPLE_FAULT:
		return report("L2 triple-faulted at RIP ", b->rip);
	default:
		return report("an exit I do not know: reason ", b->exit_reason);
	}
	/* An instruction's exit: L2 goes on after it, out of any STI or MOV
	 * SS shadow the instruction ran in (KVM's skip_emulated_instruction()
	 * clears it too).  An exit that cuts a delivery short has none; its
	 * event goes in again. */
	if (b->idt_vectoring_info & NESTED_INTR_VALID) {
		hv_requeue_event(b);
	} else {
		b->rip += b->exit_insn_len;
		b->interruptibility &= ~(NESTED_BLOCK_BY_STI |
					 NESTED_BLOCK_BY_MOV_SS);
	}
	return 0;
}
