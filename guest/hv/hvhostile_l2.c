/*
 * guest/hv/hvhostile_l2.c - two careless L1s, and the small L2 programs
 * that find them out.
 *
 * The block mapped into L2.  L1 maps the 2 MiB of its own RAM that hold
 * the control block into L2's address space (at L2-physical 16 MiB), and
 * runs a scribbler: L2 zeroes the whole block, then writes a byte to
 * COM1.  Had L0 read the block again while L2 ran, it would find no
 * intercepts at all and hand the byte to its own UART; it reads only its
 * checked copy, so the OUT is reflected to L1 as L1 asked at the doorbell,
 * and L0 writes L2's state and the exit back over the zeros.  The header
 * and the controls stay zero - what L2 wrote - so L1's next doorbell with
 * that block fails its first check.
 *
 * The nested table rewritten without invalidating.  A reader L2 loads the
 * quadword at L2-physical 16 MiB and shows it to L1 with an OUT to COM1,
 * again and again.  L1 points that 2 MiB at another page and runs L2
 * again without the invalidate doorbell: L0's shadow still maps the old
 * page (as a TLB would), until L1 invalidates.  Then L1 points it outside
 * its RAM: without an invalidate L2 still reads the old page - never the
 * outside - and after it L2 stops with an EPT violation.
 *
 * The doorbell overwritten while L2 runs.  L1 rings from a stub in L2's
 * RAM, `out dx, eax; ret`, and the L2 it runs stores a NOP over the
 * stub's OUT, then halts.  L1 resumes past its OUT all the same - the
 * exit's instruction length, as KVM completes an OUT without reading
 * its bytes again - returns through the stub's RET, and its next IN is
 * its own: from a port no device claims, 0xff.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"
#include "guest/kernel/io.h"

#define L2_CODE    0x1800000ULL  /* the small L2 programs: L2-physical */
#define L2_WINDOW  0x1000000ULL  /* the 2 MiB L1 remaps: L2-physical */
#define PAGE_2M    0x200000ULL
#define NPT_LEAF   0x83ULL       /* present, writable, 2 MiB page */
#define OUTSIDE    (1ULL << 40)  /* no RAM there */
#define RAX        0
#define RDI        7
#define MARK_OLD   0x1111111111111111ULL
#define MARK_NEW   0x2222222222222222ULL
#define RFLAGS_ZF  0x40ULL
#define L2_STUB    0x1810000ULL  /* L1's doorbell stub, in L2's RAM */
#define OUT_DX_EAX 0xef
#define RET        0xc3
#define PORT_NONE  0x2fa         /* no device claims it */

/* The L2 programs (ring 0 of L2, 64-bit, RDI set by L1). */
extern const uint8_t hvh_scribbler[], hvh_scribbler_end[];
extern const uint8_t hvh_reader[], hvh_reader_end[];
extern const uint8_t hvh_stub_nop[], hvh_stub_nop_end[];

__asm__(".text\n"
	"hvh_scribbler:\n\t"            /* zero the page at RDI: the block */
	"xorl %eax, %eax\n\t"
	"movl $512, %ecx\n\t"
	"rep stosq\n\t"
	"movl $0x41, %eax\n\t"          /* then 'A' to COM1 */
	"movl $0x3f8, %edx\n\t"
	"outb %al, %dx\n\t"
	"hlt\n"
	"hvh_scribbler_end:\n"
	"hvh_reader:\n\t"               /* show L1 the quadword at RDI */
	"movq (%rdi), %rax\n\t"
	"movl $0x3f8, %edx\n\t"
	"outb %al, %dx\n\t"
	"jmp hvh_reader\n"
	"hvh_reader_end:\n"
	"hvh_stub_nop:\n\t"             /* a NOP over L1's doorbell OUT */
	"movb $0x90, 0x1810000\n\t"
	"hlt\n"
	"hvh_stub_nop_end:\n");

static uint8_t *l2_bytes(uint64_t l2_gpa)
{
	return (uint8_t *)(uintptr_t)(hvh_l2.base + l2_gpa);
}

/* A fresh world running one of the programs above, RDI = rdi. */
static void load_program(const uint8_t *from, const uint8_t *to, uint64_t rdi)
{
	uint8_t *code = l2_bytes(L2_CODE);

	for (const uint8_t *p = from; p < to; p++)
		code[p - from] = *p;
	hvh_good_block();
	hvh_block.rip = L2_CODE;
	hvh_block.gpr[RDI] = rdi;
}

/* The nested table's 2 MiB leaf for L2-physical l2_gpa (one PD, built by
 * hv_build_nested_table: PML4[0] -> PDPT[0] -> PD). */
static uint64_t *npt_leaf(uint64_t l2_gpa)
{
	const uint64_t *pml4 = (const uint64_t *)(uintptr_t)hvh_block.nested_root;
	const uint64_t *pdpt = (const uint64_t *)(uintptr_t)(pml4[0] & ~0xfffULL);
	uint64_t *pd = (uint64_t *)(uintptr_t)(pdpt[0] & ~0xfffULL);

	return &pd[l2_gpa / PAGE_2M];
}

static void scribbler_case(void)
{
	uint64_t block = (uintptr_t)&hvh_block;
	uint64_t flags;

	load_program(hvh_scribbler, hvh_scribbler_end,
		     L2_WINDOW + block % PAGE_2M);
	*npt_leaf(L2_WINDOW) = (block & ~(PAGE_2M - 1)) | NPT_LEAF;
	flags = hvh_ring(block);
	hv_say("L2 zeroed the block it was given");
	if (flags & (RFLAGS_ZF | 1)) {
		console_puts(": L2 did not run\n");
		return;
	}
	console_puts(": exit ");
	console_putdec(hvh_block.exit_reason);
	console_puts(" at port ");
	console_puthex(hvh_block.exit_qualification >> NESTED_IO_PORT_SHIFT);
	console_puts(", RAX ");
	console_puthex(hvh_block.gpr[RAX]);
	console_puts("; magic ");
	console_puthex(hvh_block.magic);
	console_puts(", intercepts ");
	console_puthex(hvh_block.intercepts);
	console_puts("\n");
	hvh_outcome("the zeroed block rung again", block);
}

/* Step L2 past its OUT and run it again: what it read. */
static void read_again(const char *name)
{
	uint64_t flags;

	hvh_block.rip += hvh_block.exit_insn_len;
	flags = hvh_ring((uintptr_t)&hvh_block);
	hv_say(name);
	if (flags & (RFLAGS_ZF | 1) || hvh_block.exit_reason != NESTED_EXIT_IO) {
		console_puts(": exit ");
		console_putdec(hvh_block.exit_reason);
		console_puts(" at L2-physical ");
		console_puthex(hvh_block.exit_gpa);
		console_puts("\n");
		return;
	}
	console_puts(": L2 read ");
	console_puthex(hvh_block.gpr[RAX]);
	console_puts("\n");
}

static void stale_table_case(void)
{
	*(uint64_t *)l2_bytes(L2_WINDOW) = MARK_OLD;
	*(uint64_t *)l2_bytes(L2_WINDOW + PAGE_2M) = MARK_NEW;
	load_program(hvh_reader, hvh_reader_end, L2_WINDOW);
	hvh_block.exit_insn_len = 0;
	read_again("the reader's first run");
	*npt_leaf(L2_WINDOW) = (hvh_l2.base + L2_WINDOW + PAGE_2M) | NPT_LEAF;
	read_again("table rewritten, no invalidate (the old page, as a TLB)");
	hvh_invalidate();
	read_again("after the invalidate doorbell");
	*npt_leaf(L2_WINDOW) = OUTSIDE | NPT_LEAF;
	read_again("table pointing outside RAM, no invalidate");
	hvh_invalidate();
	read_again("after the invalidate doorbell");
}

static void doorbell_overwritten_case(void)
{
	uint8_t *stub = l2_bytes(L2_STUB);
	uint8_t in;

	hvh_load_l2_code(hvh_stub_nop, hvh_stub_nop_end);
	hvh_block.intercepts |= NESTED_INTERCEPT_HLT;
	stub[0] = OUT_DX_EAX;
	stub[1] = RET;
	__asm__ volatile("call *%2"
			 : : "a"((uint32_t)(uintptr_t)&hvh_block),
			   "d"((uint16_t)NESTED_PORT_RUN), "r"(stub)
			 : "memory", "cc");
	in = inb(PORT_NONE);
	hv_say("L2 stored a NOP over L1's doorbell OUT: exit ");
	console_putdec(hvh_block.exit_reason);
	console_puts(", the stub's byte ");
	console_puthex(stub[0]);
	console_puts("; L1's IN from port 0x2fa then read ");
	console_puthex(in);
	console_puts("\n");
}

void hvh_l2_cases(void)
{
	scribbler_case();
	stale_table_case();
	doorbell_overwritten_case();
}
