/*
 * guest/hv/hvhostile_string.c - L2's string I/O to a port L1 intercepts,
 * as VMX reports it to L1: the exit qualification says "string" and "REP"
 * (bits 4 and 5) for a REP OUTSB whatever one exit moved, and
 * exit_insn_len is the instruction's length, RIP at it, also between its
 * repetitions - VMX's VM-exit instruction length for an I/O instruction.
 * An L1 that emulates string I/O looks at RCX before it steps L2 past.
 *
 * L2's REP OUTSB to COM1, RCX 3, from the last byte of a page: the
 * software CPU moves what one page holds per exit, so the first exit
 * moves one byte and the second the two left.  L1 runs L2 again at the
 * REP OUTSB after the first (repetitions are left) and steps past it
 * after the second: L2's HLT.
 */
#include <stdint.h>

#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"

#define RCX 1
#define RDX 2
#define RSI 6

extern const uint8_t hvh_string_l2[], hvh_string_l2_end[];

__asm__(".text\n"
	"hvh_string_l2:\n\t"
	"rep outsb\n\t"
	"hlt\n"
	"hvh_string_l2_end:\n");

/* "[L1] name: exit R, RAX X, qualification Q, exit_insn_len N, RIP P" */
static void run(const char *name)
{
	if (!hvh_run_say(name))
		return;
	console_puts(", qualification ");
	console_puthex(hvh_block.exit_qualification);
	console_puts(", exit_insn_len ");
	console_puthex(hvh_block.exit_insn_len);
	console_puts(", RIP ");
	console_puthex(hvh_block.rip);
	console_puts("\n");
}

void hvh_string_cases(void)
{
	hvh_load_l2_code(hvh_string_l2, hvh_string_l2_end);
	hvh_block.gpr[RCX] = 3;
	hvh_block.gpr[RDX] = 0x3f8;
	hvh_block.gpr[RSI] = HVH_L2_CODE + 0xfff;
	run("L2's REP OUTSB to COM1, one byte before a page's end");
	run("... L1 runs it again: the two bytes left");
	hvh_block.rip += hvh_block.exit_insn_len;
	run("... L1 steps past it");
}
