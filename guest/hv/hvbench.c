/*
 * guest/hv/hvbench.c - an L1 for `make bench`: what nesting costs, phase
 * by phase (guest/abi/hvbench.h; bench/nested_cost.c measures).
 *
 * Linked in place of hv_main.c (hvbench.elf), started with `--nested 1
 * --hypervisor hvbench`.  The guest image vmscope hands it is not used:
 * L2 runs small loops L1 copies into L2's RAM, so that each phase repeats
 * one kind of exit and nothing else:
 *   single     L1's own loop of OUTs to PORT_POST: single-level exits;
 *   reflected  the same loop in L2, PORT_POST in L1's I/O bitmap: each OUT
 *              reflected to L1, which steps past it and rings the run
 *              doorbell again - L1's whole round trip;
 *   l0         the same loop in L2, PORT_POST not in L1's bitmap: L0's
 *              device alone, L1 not involved;
 *   touch      L2 reads one byte of each of PAGES pages: after the
 *              invalidate doorbell every page is a shadow fault; again,
 *              none is.
 * L1's loop and L2's are the same three instructions.
 */
#include <stdint.h>

#include "guest/abi/hvbench.h"
#include "guest/abi/machine.h"
#include "guest/hv/hv.h"
#include "guest/kernel/io.h"
#include "guest/kernel/program.h"
#include "guest/kernel/shutdown.h"

#define PAGE_SIZE  4096
#define L2_CODE    0x1800000ULL     /* L2-physical */
#define L2_TOUCHED 0x1000000ULL     /* the pages the touch phases read */
#define RCX        1
#define RDI        7
#define RFLAGS_CF_ZF 0x41ULL

static struct nested_block block __attribute__((aligned(PAGE_SIZE)));
static uint8_t io_bitmap_a[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t io_bitmap_b[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct hv_guest l2;

/* L2's programs: RCX the count, RDI the first page; then DONE. */
extern const uint8_t hvb_outs[], hvb_touch[], hvb_end[];

__asm__(".text\n"
	"hvb_outs:\n\t"
	"1: outb %al, $0x80\n\t"
	"decl %ecx\n\t"
	"jnz 1b\n\t"
	"outb %al, $0x81\n"
	"hvb_touch:\n\t"
	"2: movb (%rdi), %al\n\t"
	"addq $4096, %rdi\n\t"
	"decl %ecx\n\t"
	"jnz 2b\n\t"
	"outb %al, $0x81\n"
	"hvb_end:\n");

static void mark(enum hvbench_phase phase)
{
	outb(HVBENCH_PORT_MARK, (uint8_t)phase);
}

static void set_port(unsigned port, int on)
{
	uint8_t bit = (uint8_t)(1u << (port % 8));

	io_bitmap_a[port / 8] = on ? io_bitmap_a[port / 8] | bit
				   : io_bitmap_a[port / 8] & ~bit;
}

/* Run L2 from program with RCX = count, RDI = rdi until it writes DONE;
 * each OUT to PORT_POST that reaches L1 is stepped past.  0, or 1. */
static int run(const uint8_t *program, uint64_t count, uint64_t rdi)
{
	block.rip = L2_CODE + (uint64_t)(program - hvb_outs);
	block.gpr[RCX] = count;
	block.gpr[RDI] = rdi;
	for (;;) {
		uint64_t flags, port;

		__asm__ volatile("outl %k1, %w2\n\tpushfq\n\tpopq %0"
				 : "=r"(flags)
				 : "a"((uint32_t)(uintptr_t)&block),
				   "Nd"((uint16_t)NESTED_PORT_RUN)
				 : "memory", "cc");
		if ((flags & RFLAGS_CF_ZF) || block.exit_reason != NESTED_EXIT_IO)
			return 1;
		port = block.exit_qualification >> NESTED_IO_PORT_SHIFT;
		block.rip += block.exit_insn_len;
		if (port == HVBENCH_PORT_DONE)
			return 0;
	}
}

static void single_level(void)
{
	uint32_t n = HVBENCH_EXITS;

	__asm__ volatile("1: outb %%al, $0x80\n\t"
			 "decl %0\n\t"
			 "jnz 1b"
			 : "+c"(n) : "a"(0) : "memory", "cc");
}

static int round_of_phases(void)
{
	mark(HVBENCH_PHASE_SINGLE);
	single_level();
	mark(HVBENCH_PHASE_REFLECTED);
	set_port(PORT_POST, 1);
	if (run(hvb_outs, HVBENCH_EXITS, 0))
		return 1;
	mark(HVBENCH_PHASE_L0);
	set_port(PORT_POST, 0);
	if (run(hvb_outs, HVBENCH_EXITS, 0))
		return 1;
	__asm__ volatile("outl %k0, %w1" : : "a"((uint32_t)(uintptr_t)&block),
			 "Nd"((uint16_t)NESTED_PORT_INVALIDATE) : "memory");
	mark(HVBENCH_PHASE_TOUCH_NEW);
	if (run(hvb_touch, HVBENCH_PAGES, L2_TOUCHED))
		return 1;
	mark(HVBENCH_PHASE_TOUCH_AGAIN);
	return run(hvb_touch, HVBENCH_PAGES, L2_TOUCHED);
}

void start_program(void)
{
	const struct boot_info *info = (const void *)BOOT_INFO;
	uint8_t *code;

	l2.base = info->ram_size / 2;
	l2.size = info->ram_size / 2;
	code = (uint8_t *)(uintptr_t)(l2.base + L2_CODE);
	for (const uint8_t *p = hvb_outs; p < hvb_end; p++)
		code[p - hvb_outs] = *p;
	block.magic = NESTED_BLOCK_MAGIC;
	block.revision = NESTED_BLOCK_REVISION;
	block.nested_root = hv_build_nested_table(&l2);
	hv_set_intercepts(&block, io_bitmap_a, io_bitmap_b);
	set_port(HVBENCH_PORT_DONE, 1);
	hv_boot_l2(&l2, &block);
	for (unsigned r = 0; r < HVBENCH_ROUNDS; r++)
		if (round_of_phases())
			shutdown(1);
	mark(HVBENCH_PHASE_END);
	shutdown(0);
}
