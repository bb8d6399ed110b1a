/*
 * guest/hv/hvhostile_string.c - L2's string I/O to a port L1 intercepts,
 * as VMX reports it to L1 (SDM Vol. 3C, "Instructions That Cause VM
 * Exits", "Exit Qualification for I/O Instructions"): the exit comes
 * before the instruction runs - RIP at it, RSI, RDI and RCX as they were,
 * also between a REP's repetitions - the qualification says "string" and
 * "REP" (bits 4 and 5), and exit_insn_len is the instruction's length.
 * The instruction is L1's to emulate, as a VMX hypervisor does: L1 moves
 * one element, steps RSI or RDI and counts RCX down itself, and steps L2
 * past the instruction once RCX is 0; until then L2 runs it again and
 * exits again, one element per exit.
 *
 * L2's REP OUTSB to COM1, RCX 3, from the last byte of a page ("abc", the
 * first byte before the page's end); then a REP INSB from COM1's line
 * status register, RCX 2, which L1 answers with its UART's "ready"
 * (0x60) and stores at L2's RDI.  Each exit's line shows the registers
 * L1 found; the last, L2's HLT, what L1 left.
 *
 * Bit 6 of the qualification, the operand encoding, says where the port
 * came from: 1 for the instruction's immediate (OUT 0x80, AL; IN AL,
 * 0x80), 0 for DX (OUT DX, AL) - port 0x80 each time, which L1's I/O
 * bitmap has for this case only.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"

#define RCX 1
#define RDX 2
#define RSI 6
#define RDI 7
#define OUTS_FROM (HVH_L2_CODE + 0xfff)
#define INS_TO    (HVH_L2_CODE + 0x2000)
#define LSR_READY 0x60     /* THRE and TEMT: what hv's UART answers */

extern const uint8_t hvh_outsb_l2[], hvh_outsb_l2_end[];
extern const uint8_t hvh_insb_l2[], hvh_insb_l2_end[];
extern const uint8_t hvh_port_l2[], hvh_port_l2_end[];

__asm__(".text\n"
	"hvh_outsb_l2:\n\t"
	"rep outsb\n\t"
	"hlt\n"
	"hvh_outsb_l2_end:\n"
	"hvh_insb_l2:\n\t"
	"rep insb\n\t"
	"hlt\n"
	"hvh_insb_l2_end:\n"
	"hvh_port_l2:\n\t"
	"outb %al, $0x80\n\t"
	"outb %al, %dx\n\t"
	"inb $0x80, %al\n\t"
	"hlt\n"
	"hvh_port_l2_end:\n");

/* "[L1] name: exit R, RAX X, qualification Q, exit_insn_len N, RIP P,
 * RSI S, RDI D, RCX C" */
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
	console_puts(", RSI ");
	console_puthex(hvh_block.gpr[RSI]);
	console_puts(", RDI ");
	console_puthex(hvh_block.gpr[RDI]);
	console_puts(", RCX ");
	console_puthex(hvh_block.gpr[RCX]);
	console_puts("\n");
}

/* One element done by L1 (DF is clear: the pointer goes up): RCX down,
 * and past the instruction when it reaches 0. */
static void element_done(unsigned pointer)
{
	hvh_block.gpr[pointer]++;
	if (--hvh_block.gpr[RCX] == 0)
		hvh_block.rip += hvh_block.exit_insn_len;
}

/* The byte L2's OUTSB sends, from L2's RSI (L2-virtual is L2-physical
 * here): "[L1] ... L1 sends 0x61". */
static void emulate_outsb(void)
{
	uint8_t byte = *hvh_l2_bytes(hvh_block.gpr[RSI]);

	hv_say("... L1 sends ");
	console_puthex(byte);
	console_puts("\n");
	element_done(RSI);
}

static void emulate_insb(void)
{
	*hvh_l2_bytes(hvh_block.gpr[RDI]) = LSR_READY;
	element_done(RDI);
}

static void outsb_case(void)
{
	static const char text[] = "abc";

	hvh_load_l2_code(hvh_outsb_l2, hvh_outsb_l2_end);
	for (unsigned i = 0; i < 3; i++)
		*hvh_l2_bytes(OUTS_FROM + i) = (uint8_t)text[i];
	hvh_block.gpr[RCX] = 3;
	hvh_block.gpr[RDX] = 0x3f8;
	hvh_block.gpr[RSI] = OUTS_FROM;
	run("L2's REP OUTSB to COM1, one byte before a page's end");
	emulate_outsb();
	run("... L2 runs it again: the next element");
	emulate_outsb();
	run("... and again: the last");
	emulate_outsb();
	run("... L1 stepped past it");
}

static void insb_case(void)
{
	uint8_t *to = hvh_l2_bytes(INS_TO);

	hvh_load_l2_code(hvh_insb_l2, hvh_insb_l2_end);
	hvh_block.gpr[RCX] = 2;
	hvh_block.gpr[RDX] = 0x3fd;
	hvh_block.gpr[RDI] = INS_TO;
	to[0] = to[1] = 0;
	run("L2's REP INSB from COM1's LSR");
	emulate_insb();
	run("... L2 runs it again");
	emulate_insb();
	run("... L1 stepped past it");
	hv_say("... L2's buffer: ");
	console_puthex(to[0]);
	console_puts(" ");
	console_puthex(to[1]);
	console_puts("\n");
}

/* "[L1] name: exit R, RAX X, qualification Q, exit_insn_len N" for each
 * of L2's three accesses to port 0x80, L1 stepping L2 past each. */
static void operand_case(void)
{
	static const char *const name[] = {
		"L2's OUT 0x80, AL: the port an immediate",
		"... OUT DX, AL with DX 0x80",
		"... IN AL, 0x80",
	};
	uint8_t *bitmap;

	hvh_load_l2_code(hvh_port_l2, hvh_port_l2_end);
	bitmap = (uint8_t *)(uintptr_t)hvh_block.io_bitmap_a;
	bitmap[PORT_POST / 8] |= (uint8_t)(1u << (PORT_POST % 8));
	hvh_block.gpr[RDX] = PORT_POST;
	for (unsigned i = 0; i < sizeof(name) / sizeof(name[0]); i++) {
		if (!hvh_run_say(name[i]))
			break;
		console_puts(", qualification ");
		console_puthex(hvh_block.exit_qualification);
		console_puts(", exit_insn_len ");
		console_puthex(hvh_block.exit_insn_len);
		console_puts("\n");
		hvh_block.rip += hvh_block.exit_insn_len;
	}
	bitmap[PORT_POST / 8] &= (uint8_t)~(1u << (PORT_POST % 8));
}

void hvh_string_cases(void)
{
	outsb_case();
	insb_case();
	operand_case();
}
