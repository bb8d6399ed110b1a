/*
 * guest/hv/hvhostile_shadow.c - blocking by STI and by MOV SS, as VMX
 * keeps them in the guest interruptibility state (bits 0 and 1).
 *
 * An STI that sets IF, and a MOV to SS, hold events off for one more
 * instruction (SDM Vol. 3A, 6.8.3).  An exit of that instruction comes
 * before it is done, so the block says the shadow is still in force:
 * L2's `cli; sti; out` exits at the OUT with interruptibility 0x1 (0x2
 * after `mov %ecx, %ss`).  A single-step trap is no exit of the
 * instruction: it comes after the STI, RIP at the OUT, in the shadow the
 * STI began (0x1).  An L1 that emulates the OUT and steps past it
 * clears both bits, as KVM does when it skips an instruction; an entry
 * with a bit set holds L0's events for L2's first instruction
 * (hvhostile_events.c: an interrupt for L1; hvhostile_nmi.c: the NMI
 * window).  Then each of VMX's entry checks on them, and an NMI injected
 * into an STI shadow, which goes in: an entry that injects an event
 * leaves no shadow behind.
 */
#include <stdint.h>

#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"

#define RFLAGS_IF  0x200ULL
#define RFLAGS_TF  0x100ULL
#define VEC_DB     1
#define SHADOWS    (NESTED_BLOCK_BY_STI | NESTED_BLOCK_BY_MOV_SS)

extern const uint8_t hvh_shadow_sti[], hvh_shadow_sti_insn[],
	hvh_shadow_mov_ss[], hvh_shadow_end[];

__asm__(".text\n"
	"hvh_shadow_sti:\n\t"           /* the OUT in STI's shadow, then not */
	"movl $0x3f8, %edx\n\t"
	"movl $0x53, %eax\n\t"
	"cli\n"
	"hvh_shadow_sti_insn:\n\t"
	"sti\n\t"
	"outb %al, %dx\n\t"
	"movl $0x4e, %eax\n\t"
	"outb %al, %dx\n\t"
	"hlt\n"
	"hvh_shadow_mov_ss:\n\t"        /* the OUT in MOV SS's shadow */
	"movl $0x3f8, %edx\n\t"
	"movl $0x4d, %eax\n\t"
	"movl %ss, %ecx\n\t"
	"movl %ecx, %ss\n\t"
	"outb %al, %dx\n\t"
	"hlt\n"
	"hvh_shadow_end:\n");

int hvh_run_blocking(const char *name)
{
	const struct nested_block *b = &hvh_block;

	if (!hvh_run_say(name))
		return 0;
	if (b->exit_reason == NESTED_EXIT_EXCEPTION) {
		console_puts(", exit_intr_info ");
		console_puthex(b->exit_intr_info);
		console_puts(", error ");
		console_puthex(b->exit_intr_error);
	}
	if (b->exit_reason == NESTED_EXIT_NPF) {
		console_puts(", at L2-physical ");
		console_puthex(b->exit_gpa);
		console_puts(", qualification ");
		console_puthex(b->exit_qualification);
	}
	console_puts(", RIP ");
	console_puthex(b->rip);
	console_puts(", interruptibility ");
	console_puthex(b->interruptibility);
	console_puts("\n");
	return 1;
}

/* L2's program at its entry point (one of the labels above). */
static void program(const uint8_t *entry)
{
	hvh_load_l2_code(hvh_shadow_sti, hvh_shadow_end);
	hvh_block.rip = HVH_L2_CODE + (uint64_t)(entry - hvh_shadow_sti);
}

static void exit_cases(void)
{
	program(hvh_shadow_sti);
	hvh_run_blocking("L2's CLI, STI, then an OUT: the OUT exits in "
			 "STI's shadow");
	hvh_block.rip += hvh_block.exit_insn_len;
	hvh_block.interruptibility &= ~SHADOWS;
	hvh_run_blocking("... L1 steps past it and clears the shadow, as KVM "
			 "does: the next OUT");
	program(hvh_shadow_mov_ss);
	hvh_run_blocking("L2's MOV SS, then an OUT: the OUT exits in MOV SS's "
			 "shadow");
	program(hvh_shadow_sti_insn);
	hvh_block.rflags = 0x2 | RFLAGS_TF;
	hvh_block.exception_bitmap = 1u << VEC_DB;
	hvh_run_blocking("L2's STI with TF, #DB intercepted: the trap after "
			 "the STI, in its shadow");
}

/* One entry each VMX refuses, then the NMI an STI shadow lets in. */
static void check_cases(void)
{
	static const struct {
		const char *name;
		uint32_t blocking;
		uint64_t rflags;
		uint32_t event;
	} refused[] = {
		{ "blocking by SMI", 1u << 2, RFLAGS_IF, 0 },
		{ "blocking by STI and by MOV SS", SHADOWS, RFLAGS_IF, 0 },
		{ "blocking by STI with IF clear", NESTED_BLOCK_BY_STI, 0, 0 },
		{ "an interrupt injected in an STI shadow", NESTED_BLOCK_BY_STI,
		  RFLAGS_IF, 0x30 | NESTED_INTR_EXTERNAL },
		{ "an interrupt injected in a MOV SS shadow",
		  NESTED_BLOCK_BY_MOV_SS, RFLAGS_IF,
		  0x30 | NESTED_INTR_EXTERNAL },
		{ "an NMI injected in a MOV SS shadow", NESTED_BLOCK_BY_MOV_SS,
		  RFLAGS_IF, 2 | NESTED_INTR_NMI },
	};

	for (unsigned i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		program(hvh_shadow_sti);
		hvh_block.interruptibility = refused[i].blocking;
		hvh_block.rflags = 0x2 | refused[i].rflags;
		if (refused[i].event)
			hvh_block.entry_intr_info = refused[i].event |
						    NESTED_INTR_VALID;
		hvh_run_blocking(refused[i].name);
	}
	hvh_event_program(2);
	hvh_block.interruptibility = NESTED_BLOCK_BY_STI;
	hvh_block.entry_intr_info = 2 | NESTED_INTR_NMI | NESTED_INTR_VALID;
	hvh_run_blocking("an NMI injected in an STI shadow goes in, the "
			 "shadow dropped");
}

void hvh_shadow_cases(void)
{
	exit_cases();
	check_cases();
}
