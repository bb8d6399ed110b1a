/*
 * guest/hv/hvhostile_inject.c - L1 injects exceptions, an NMI and software
 * interrupts into L2 through the block, as a VMX hypervisor does with the
 * VM-entry interruption-information field (VMCB EVENTINJ on SVM).
 *
 * L2's program is one instruction L2 never gets to run first, and a
 * handler per vector that writes its vector to COM1: that OUT is the
 * exit L1 sees, with L2's RSP at the frame the CPU pushed.  L1 prints
 * the frame - the error code when the exception has one, RIP, CS,
 * RFLAGS, RSP, SS - and where it lies: the architecture's frame, on the
 * stack aligned to 16.  A software interrupt's frame holds RIP past the
 * instruction it stands for (entry_insn_len).
 *
 * Then deliveries that fault, as on the CPU (SDM Vol. 3A, table 6-5): a
 * #GP injected into an IDT without a #GP gate faults again (#GP on the
 * gate) and becomes a #DF, which L2's #DF handler takes - or which, in
 * L1's exception bitmap, is an exit to L1 (as is the nested #GP, when
 * the bitmap has #GP: the injected event itself never exits); without a
 * #DF gate too, or for an injected #DF without a gate, L2 shuts down: a
 * triple-fault exit to L1 (2).
 *
 * Last, each rule of the entry's check (core/nested_validate.c): ZF and
 * the check's number.
 */
#include <stdint.h>

#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"

#define RAX       0
#define RSP       4
#define RFLAGS_CF 0x1ULL
#define RFLAGS_ZF 0x40ULL
#define VEC_DF    8
#define VEC_GP    13
#define VEC_PF    14

extern const uint8_t hvh_inject_main[], hvh_inject_ud2[], hvh_inject_read0[],
	hvh_inject_int3[], hvh_inject_end[];
extern const uint8_t hvh_inject_v1[], hvh_inject_v2[], hvh_inject_v3[],
	hvh_inject_v6[], hvh_inject_v8[], hvh_inject_v13[], hvh_inject_v14[],
	hvh_inject_v80[];

__asm__(".text\n"
	"hvh_inject_main:\n\t"          /* never first: the event is */
	"movl $0x4d, %eax\n\t"
	"hlt\n"
	"hvh_inject_ud2:\n\t"           /* L2's own #UD, when RIP is here */
	"ud2\n"
	"hvh_inject_read0:\n\t"         /* L2's own #PF: page 0 is absent */
	"movq 0x10, %rax\n"
	"hvh_inject_v1:\n\t"  "movb $0x1, %al\n\t"  "jmp 1f\n"
	"hvh_inject_v2:\n\t"  "movb $0x2, %al\n\t"  "jmp 1f\n"
	"hvh_inject_v3:\n\t"  "movb $0x3, %al\n\t"  "jmp 1f\n"
	"hvh_inject_v6:\n\t"  "movb $0x6, %al\n\t"  "jmp 1f\n"
	"hvh_inject_v8:\n\t"  "movb $0x8, %al\n\t"  "jmp 1f\n"
	"hvh_inject_v13:\n\t" "movb $0xd, %al\n\t"  "jmp 1f\n"
	"hvh_inject_v14:\n\t" "movq %cr2, %rax\n\t" "jmp 1f\n"  /* RAX: CR2 */
	"hvh_inject_v80:\n\t" "movb $0x80, %al\n"
	"1:\n\t"
	"movl $0x3f8, %edx\n\t"
	"outb %al, %dx\n\t"
	"hlt\n"
	"hvh_inject_int3:\n\t"         /* L2's own INT3 */
	"int3\n"
	"hvh_inject_end:\n");

static const struct {
	unsigned vector;
	const uint8_t *handler;
} gates[] = {
	{ 1, hvh_inject_v1 }, { 2, hvh_inject_v2 }, { 3, hvh_inject_v3 },
	{ 6, hvh_inject_v6 }, { VEC_DF, hvh_inject_v8 },
	{ VEC_GP, hvh_inject_v13 }, { 14, hvh_inject_v14 },
	{ 0x80, hvh_inject_v80 },
};

uint64_t hvh_inject_ud2_rip(void)
{
	return HVH_L2_CODE + (uint64_t)(hvh_inject_ud2 - hvh_inject_main);
}

uint64_t hvh_inject_int3_rip(void)
{
	return HVH_L2_CODE + (uint64_t)(hvh_inject_int3 - hvh_inject_main);
}

uint64_t hvh_inject_read0_rip(void)
{
	return HVH_L2_CODE + (uint64_t)(hvh_inject_read0 - hvh_inject_main);
}

void hvh_inject_program(uint32_t missing)
{
	hvh_load_l2_code(hvh_inject_main, hvh_inject_end);
	for (unsigned i = 0; i < sizeof(gates) / sizeof(gates[0]); i++)
		if (gates[i].vector >= 32 || !((missing >> gates[i].vector) & 1))
			hvh_l2_gate(gates[i].vector,
				    HVH_L2_CODE + (uint64_t)(gates[i].handler -
							     hvh_inject_main));
	hvh_block.exception_bitmap = 0;
}

void hvh_inject(uint32_t type, unsigned vector, uint32_t error,
		uint32_t insn_len)
{
	hvh_block.entry_intr_info = type | vector | NESTED_INTR_VALID |
		(type == NESTED_INTR_HW_EXCEPTION &&
		 (vector == VEC_DF || vector == VEC_GP || vector == VEC_PF)
			 ? NESTED_INTR_HAS_ERROR : 0);
	hvh_block.entry_intr_error = error;
	hvh_block.entry_insn_len = insn_len;
}

/* "exit 48 at L2-physical 0x1bfffd0, exit_intr_info 0x0, error 0x0,
 * idt_vectoring_info 0x80000b0d, error 0x18, insn_len 0x0": an exit of
 * L2's that is not a handler's OUT. */
static void report_exit(void)
{
	const struct nested_block *b = &hvh_block;

	console_puts(": exit ");
	console_putdec(b->exit_reason);
	if (b->exit_reason == NESTED_EXIT_NPF) {
		console_puts(" at L2-physical ");
		console_puthex(b->exit_gpa);
	}
	console_puts(", exit_intr_info ");
	console_puthex(b->exit_intr_info);
	console_puts(", error ");
	console_puthex(b->exit_intr_error);
	console_puts(", idt_vectoring_info ");
	console_puthex(b->idt_vectoring_info);
	console_puts(", error ");
	console_puthex(b->idt_vectoring_error);
	console_puts(", insn_len ");
	console_puthex(b->exit_insn_len);
	console_puts("\n");
}

void hvh_inject_report(const char *name)
{
	uint64_t flags = hvh_ring((uintptr_t)&hvh_block);
	const uint64_t *frame;
	unsigned words;

	hv_say(name);
	if (flags & (RFLAGS_CF | RFLAGS_ZF)) {
		console_puts(flags & RFLAGS_CF ? ": CF\n" : ": ZF\n");
		return;
	}
	if (hvh_block.exit_reason != NESTED_EXIT_IO) {
		report_exit();
		return;
	}
	frame = (const uint64_t *)hvh_l2_bytes(hvh_block.gpr[RSP]);
	/* the frame starts at a 16-aligned top less 8 a word: five words
	 * leave bit 3 set, six (with an error code) clear */
	words = hvh_block.gpr[RSP] & 8 ? 5 : 6;
	console_puts(": handler ");
	console_puthex(hvh_block.gpr[RAX] & 0xff);
	console_puts(" ran, frame at ");
	console_puthex(hvh_block.gpr[RSP]);
	console_puts(":");
	for (unsigned i = 0; i < words; i++) {
		console_puts(" ");
		console_puthex(frame[i]);
	}
	console_puts("\n");
}

static void delivered_cases(void)
{
	hvh_inject_program(0);
	hvh_inject(NESTED_INTR_HW_EXCEPTION, VEC_GP, 0x18, 0);
	hvh_inject_report("L1 injects #GP(0x18)");
	hvh_inject_program(0);
	hvh_inject(NESTED_INTR_HW_EXCEPTION, 6, 0, 0);
	hvh_inject_report("L1 injects #UD");
	hvh_inject_program(0);
	hvh_block.rflags = 0x2;
	hvh_inject(NESTED_INTR_NMI, 2, 0, 0);
	hvh_inject_report("L1 injects an NMI, L2's IF clear");
	hvh_inject_program(0);
	hvh_inject(NESTED_INTR_SW_INT, 0x80, 0, 2);
	hvh_inject_report("L1 injects INT 0x80, 2 bytes");
	hvh_inject_program(0);
	hvh_inject(NESTED_INTR_SW_EXCEPTION, 3, 0, 1);
	hvh_inject_report("L1 injects INT3, 1 byte");
	hvh_inject_program(0);
	hvh_inject(NESTED_INTR_PRIV_SW_EXCEPTION, 1, 0, 1);
	hvh_inject_report("L1 injects INT1, 1 byte");
}

static void faulting_cases(void)
{
	static const uint32_t gp = 1u << VEC_GP, df = 1u << VEC_DF;

	hvh_inject_program(gp);
	hvh_inject(NESTED_INTR_HW_EXCEPTION, VEC_GP, 0, 0);
	hvh_inject_report("#GP injected, no #GP gate");
	hvh_inject_program(gp);
	hvh_block.exception_bitmap = df;
	hvh_inject(NESTED_INTR_HW_EXCEPTION, VEC_GP, 0, 0);
	hvh_inject_report("... #DF in L1's exception bitmap");
	hvh_inject_program(gp);
	hvh_block.exception_bitmap = gp;
	hvh_inject(NESTED_INTR_HW_EXCEPTION, VEC_GP, 0, 0);
	hvh_inject_report("... #GP in L1's exception bitmap");
	hvh_inject_program(gp | df);
	hvh_inject(NESTED_INTR_HW_EXCEPTION, VEC_GP, 0, 0);
	hvh_inject_report("#GP injected, no #GP gate, no #DF gate");
	hvh_inject_program(df);
	hvh_inject(NESTED_INTR_HW_EXCEPTION, VEC_DF, 0, 0);
	hvh_inject_report("#DF injected, no #DF gate");
	hvh_inject_program(0);
	hvh_block.rip = hvh_inject_int3_rip();
	hvh_block.exception_bitmap = 1u << 3;
	hvh_inject_report("L2's own INT3, #BP in L1's exception bitmap");
	hvh_block.exception_bitmap = 0;
	hvh_inject_report("... L2's own INT3, not intercepted");
}

/* Events the entry refuses: each breaks one rule. */
static const struct {
	const char *name;
	uint32_t info, error, insn_len;
	uint64_t rflags;
} refused[] = {
	{ "an event with bit 12 set", 0x30 | (1u << 12), 0, 0, 0x202 },
	{ "an event of type 1", 0x30 | (1u << 8), 0, 0, 0x202 },
	{ "an event of type 7", (7u << 8), 0, 0, 0x202 },
	{ "an NMI with vector 0x30", NESTED_INTR_NMI | 0x30, 0, 0, 0x202 },
	{ "a hardware exception with vector 32",
	  NESTED_INTR_HW_EXCEPTION | 32, 0, 0, 0x202 },
	{ "#GP without its error code", NESTED_INTR_HW_EXCEPTION | VEC_GP,
	  0, 0, 0x202 },
	{ "#UD with an error code",
	  NESTED_INTR_HW_EXCEPTION | 6 | NESTED_INTR_HAS_ERROR, 0, 0, 0x202 },
	{ "an interrupt with an error code", 0x30 | NESTED_INTR_HAS_ERROR,
	  0, 0, 0x202 },
	{ "#GP with error code 0x10000",
	  NESTED_INTR_HW_EXCEPTION | VEC_GP | NESTED_INTR_HAS_ERROR, 0x10000,
	  0, 0x202 },
	{ "INT 0x80 of 0 bytes", NESTED_INTR_SW_INT | 0x80, 0, 0, 0x202 },
	{ "INT3 of 16 bytes", NESTED_INTR_SW_EXCEPTION | 3, 0, 16, 0x202 },
	{ "an interrupt for L2 with IF clear", 0x30, 0, 0, 0x2 },
};

static void refused_cases(void)
{
	for (unsigned i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		hvh_inject_program(0);
		hvh_block.rflags = refused[i].rflags;
		hvh_block.entry_intr_info = refused[i].info | NESTED_INTR_VALID;
		hvh_block.entry_intr_error = refused[i].error;
		hvh_block.entry_insn_len = refused[i].insn_len;
		hvh_outcome(refused[i].name, (uintptr_t)&hvh_block);
	}
}

void hvh_inject_cases(void)
{
	delivered_cases();
	faulting_cases();
	refused_cases();
}
