/*
 * guest/kernel/trap.c - what the kernel does with each trap.
 *
 * Three kinds of traps arrive here: system calls (`int $0x80`), hardware
 * interrupts from the PICs (vectors 0x20-0x2f) and exceptions.  A system
 * call runs and returns to the program; an interrupt goes to its driver's
 * handler (irq.c) and returns to whatever it interrupted.  An exception
 * is a bug in this tiny system - there are no signals and no demand
 * paging - so the kernel reports it on the console and ends the run with
 * status 1.
 */
#include <stdint.h>

#include "guest/abi/trapframe.h"
#include "guest/kernel/console.h"
#include "guest/kernel/irq.h"
#include "guest/kernel/pic.h"
#include "guest/kernel/shutdown.h"
#include "guest/kernel/syscall.h"
#include "guest/kernel/trap.h"

#define INT80_OPCODE0 0xcd   /* `int imm8` */
#define INT80_OPCODE1 0x80   /* its immediate: the vector */
#define INT80_LENGTH  2
#define RPL_MASK      3      /* the low bits of a selector: the ring */

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range exceeded", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack-segment fault",
	"#GP general protection", "#PF page fault", "reserved",
	"#MF x87 floating-point error", "#AC alignment check",
	"#MC machine check", "#XM SIMD floating-point", "#VE virtualization",
	"#CP control protection", "reserved", "reserved", "reserved",
	"reserved", "reserved", "reserved", "#HV hypervisor injection",
	"#VC VMM communication", "#SX security", "reserved",
};

/*
 * Trap-and-emulate for PVM.  On hardware KVM (and on vmscope's software CPU)
 * `int $0x80` in ring 3 goes through the DPL-3 gate of vector 0x80 like on
 * any PC.  Under PVM, the paravirtualized KVM on these machines, ring-3 code
 * runs natively in a host user process where `int n` is not allowed, so the
 * instruction arrives here as #UD with RIP pointing at it.  If the faulting
 * bytes are exactly `int $0x80` and the program was in ring 3, the kernel
 * does what the gate would have done: skip the instruction and run the
 * system call.  The bytes are readable: the CPU fetched both of them to
 * decode the instruction, and the kernel sees all of memory.
 */
static int is_int80_from_user(const struct trapframe *tf)
{
	const volatile uint8_t *insn = (const volatile uint8_t *)tf->rip;

	return (tf->cs & RPL_MASK) == 3 && insn[0] == INT80_OPCODE0 &&
	       insn[1] == INT80_OPCODE1;
}

/* Print "exception <n> (<name>) error=0x.. rip=0x.. [cr2=0x..]" and stop. */
static __attribute__((noreturn)) void report_exception(const struct trapframe *tf)
{
	console_puts("exception ");
	console_putdec(tf->vector);
	console_puts(" (");
	console_puts(tf->vector < 32 ? exception_names[tf->vector] : "unknown");
	console_puts(") error=");
	console_puthex(tf->error_code);
	console_puts(" rip=");
	console_puthex(tf->rip);
	if (tf->vector == TRAP_PAGE_FAULT) {
		uint64_t cr2;

		__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
		console_puts(" cr2=");
		console_puthex(cr2);
	}
	console_puts("\n");
	shutdown(1);
}

void trap(struct trapframe *tf)
{
	if (tf->vector >= PIC_VECTOR_MASTER &&
	    tf->vector < PIC_VECTOR_MASTER + PIC_NR_IRQS) {
		irq_dispatch(tf->vector - PIC_VECTOR_MASTER);
		return;
	}
	if (tf->vector == TRAP_SYSCALL) {
		syscall_entry(tf);
		return;
	}
	if (tf->vector == TRAP_INVALID_OPCODE && is_int80_from_user(tf)) {
		tf->rip += INT80_LENGTH;
		syscall_entry(tf);
		return;
	}
	report_exception(tf);
}
