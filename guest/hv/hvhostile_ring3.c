/*
 * guest/hv/hvhostile_ring3.c - the hostile L1 rings the run doorbell from
 * its own ring 3.
 *
 * Only CPL 0 of L1 may run an L2 (docs/NESTING.md).  Two lines of defence
 * stand in the way, and each case meets one:
 *   - IOPL 0 (how the teaching kernel runs ring 3): the CPU's own I/O
 *     permission check raises #GP at the OUT; L0 never sees an exit;
 *   - IOPL 3 (an L1 that hands its ring 3 every port): the OUT exits, L0
 *     sees CPL 3 in the exit, refuses it (counted as refused) and gives
 *     L1 a #GP(0) at the OUT itself, as VMX's VMLAUNCH faults at CPL > 0:
 *     the HLT after it never runs.
 * Neither case runs L2, and both come back at the OUT with #GP(0).
 *
 * The round trip: hvh_enter_ring3 saves the callee-saved registers and
 * RSP, and "returns" to ring 3 with IRETQ (as guest/kernel/user_entry.c
 * does); the #GP gate, borrowed for the case, notes where ring 3 faulted
 * and its error code, puts RSP back and returns from
 * hvh_enter_ring3 as if it had been an ordinary call.  For the cases the
 * CPU uses an IDT of the case's own, with that one gate.  The ring-3 code is
 * copied to a user page (ring 3 cannot fetch from the kernel's pages).
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"
#include "guest/kernel/idt.h"

#define RING3_CODE   0xe00000ULL   /* a user page below L2's RAM */
#define RING3_FLAGS  0x2ULL        /* IF = 0, IOPL 0 */
#define RFLAGS_IOPL3 0x3000ULL
#define NO_EXIT      0xffffu     /* no exit reason: L2 did not run */
#define VEC_GP       13

/* Ring 3's code: the doorbell, then a HLT (which ring 3 may not run
 * either: a #GP there would say the OUT went by). */
extern const uint8_t hvh_ring3_code[], hvh_ring3_end[];
/* Run the copy at rip in ring 3 with rflags, RAX = rax, RDX = rdx; comes
 * back at the first #GP. */
void hvh_enter_ring3(uint64_t rip, uint64_t rflags, uint64_t rax,
		     uint64_t rdx);
/* The #GP handler for the case's length. */
void hvh_ring3_gp(void);

uint64_t hvh_ring0_rsp, hvh_gp_rip, hvh_gp_error;

__asm__(".text\n"
	"hvh_ring3_code:\n\t"
	"outl %eax, %dx\n\t"
	"hlt\n"
	"hvh_ring3_end:\n"
	".globl hvh_enter_ring3\n"
	"hvh_enter_ring3:\n\t"
	"pushq %rbx\n\tpushq %rbp\n\tpushq %r12\n\t"
	"pushq %r13\n\tpushq %r14\n\tpushq %r15\n\t"
	"movq %rsp, hvh_ring0_rsp(%rip)\n\t"
	"movq %rdx, %rax\n\t"
	"movq %rcx, %rdx\n\t"
	"pushq $0x1b\n\t"               /* SS: user data, RPL 3 */
	"pushq $0x1000000\n\t"          /* RSP: USER_STACK_TOP */
	"pushq %rsi\n\t"                /* RFLAGS */
	"pushq $0x23\n\t"               /* CS: user code, RPL 3 */
	"pushq %rdi\n\t"                /* RIP */
	"iretq\n"
	".globl hvh_ring3_gp\n"
	"hvh_ring3_gp:\n\t"             /* error code, RIP, CS, RFLAGS, RSP, SS */
	"movq (%rsp), %rax\n\t"
	"movq %rax, hvh_gp_error(%rip)\n\t"
	"movq 8(%rsp), %rax\n\t"
	"movq %rax, hvh_gp_rip(%rip)\n\t"
	"movq hvh_ring0_rsp(%rip), %rsp\n\t"
	"popq %r15\n\tpopq %r14\n\tpopq %r13\n\t"
	"popq %r12\n\tpopq %rbp\n\tpopq %rbx\n\t"
	"ret\n");

/* The case's own IDT: a 64-bit interrupt gate (SDM Vol. 3A, figure 6-8)
 * for #GP and nothing else.  idt_init() puts the kernel's back. */
struct gate {
	uint64_t lo, hi;
};

static struct gate case_idt[VEC_GP + 1];

static void load_case_idt(void)
{
	uint64_t a = (uint64_t)(uintptr_t)hvh_ring3_gp;
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } idtr = {
		sizeof(case_idt) - 1, (uint64_t)(uintptr_t)case_idt,
	};

	case_idt[VEC_GP].lo = (a & 0xffff) | (uint64_t)SEL_KERNEL_CODE << 16 |
			      0x8eULL << 40 |     /* present, DPL 0, interrupt */
			      ((a >> 16) & 0xffff) << 48;
	case_idt[VEC_GP].hi = a >> 32;
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

/* Where ring 3 came back: the OUT (offset 0) or the HLT after it. */
static const char *where(void)
{
	return hvh_gp_rip == RING3_CODE ? " at the OUT" : " at the HLT";
}

/* "#GP(0x0) at the OUT; no run": the fault, where, and whether L2 ran
 * (a run would have written an exit reason into the block). */
static void ring3_case(const char *name, uint64_t rflags)
{
	hvh_gp_rip = 0;
	hvh_block.exit_reason = NO_EXIT;
	hvh_enter_ring3(RING3_CODE, rflags, (uintptr_t)&hvh_block,
			NESTED_PORT_RUN);
	hv_say(name);
	console_puts(": #GP(");
	console_puthex(hvh_gp_error);
	console_puts(")");
	console_puts(where());
	console_puts(hvh_block.exit_reason == NO_EXIT ? "; no run\n"
						       : "; L2 ran\n");
}

void hvh_ring3_cases(void)
{
	uint8_t *code = (uint8_t *)(uintptr_t)RING3_CODE;

	for (const uint8_t *p = hvh_ring3_code; p < hvh_ring3_end; p++)
		code[p - hvh_ring3_code] = *p;
	hvh_good_block();
	load_case_idt();
	ring3_case("doorbell from ring 3, IOPL 0", RING3_FLAGS);
	ring3_case("doorbell from ring 3, IOPL 3", RING3_FLAGS | RFLAGS_IOPL3);
	idt_init();
}
