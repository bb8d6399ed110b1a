/*
 * guest/cpuloops/cpuloops.c - CPU-bound loops for the speed benchmarks.
 *
 * A ring-0 program (it provides start_program()).  It runs three loops,
 * each between two writes to the POST port, so the benchmark can time it
 * from the exits alone:
 *
 *   marker 1 .. 2   ALU: ALU_INSNS_PER_ITERATION integer instructions per
 *                   iteration, alu_iterations times
 *   marker 3 .. 4   CRC-32 (bitwise, no table) of a 4 KiB buffer,
 *                   crc_rounds times
 *   marker 5 .. 6   copying 16 KiB with 8-byte loads and stores,
 *                   memcpy_rounds times
 *
 * then ends the run with status 0.  The iteration counts are variables so
 * that bench/softcpu_mips.c can set them in guest memory (by symbol) before
 * the guest starts: each backend gets a workload that takes about a second.
 * Under PVM, ring-0 code runs in KVM's instruction emulator, so KVM gets
 * far fewer iterations than the software CPU: that difference is the lesson.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/program.h"
#include "guest/kernel/shutdown.h"

#define ALU_INSNS_PER_ITERATION 10
#define CRC_BYTES 4096
#define COPY_WORDS 2048            /* 16 KiB */

volatile uint64_t alu_iterations = 1000;
volatile uint64_t crc_rounds = 1;
volatile uint64_t memcpy_rounds = 1;

static uint8_t crc_buffer[CRC_BYTES];
static uint64_t copy_from[COPY_WORDS], copy_to[COPY_WORDS];

/* Exactly ALU_INSNS_PER_ITERATION instructions per turn, jnz included. */
static void alu_loop(uint64_t iterations)
{
	uint64_t a = 1, b = 2, c = 3;

	__asm__ volatile("1:\n\t"
			 "add %[b], %[a]\n\t"
			 "xor %[c], %[b]\n\t"
			 "sub %[a], %[c]\n\t"
			 "and $0x7fffffff, %[a]\n\t"
			 "or $1, %[b]\n\t"
			 "shl $1, %[c]\n\t"
			 "inc %[a]\n\t"
			 "cmp %[a], %[b]\n\t"
			 "dec %[n]\n\t"
			 "jnz 1b"
			 : [a] "+r"(a), [b] "+r"(b), [c] "+r"(c),
			   [n] "+r"(iterations)
			 :
			 : "cc");
}

/*
 * noipa, not just noinline: crc32() reads only its arguments and the buffer
 * no one writes, so gcc infers it is pure and, when it may look inside,
 * calls it once before the rounds loop instead of once per round - the
 * benchmark would time a loop of additions.  noipa makes every call a call
 * (check: objdump -d build/guest/cpuloops.elf, the call to crc32 is inside
 * the loop between the markers 3 and 4).
 */
static __attribute__((noipa)) uint32_t crc32(const uint8_t *p, uint32_t n)
{
	uint32_t crc = 0xffffffffu;

	for (uint32_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static __attribute__((noipa)) void copy_words(uint64_t *dst,
					     const uint64_t *src, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		dst[i] = src[i];
}

void start_program(void)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i < CRC_BYTES; i++)
		crc_buffer[i] = (uint8_t)(i * 7);
	outb(PORT_POST, 1);
	alu_loop(alu_iterations);
	outb(PORT_POST, 2);
	outb(PORT_POST, 3);
	for (uint64_t r = 0; r < crc_rounds; r++)
		sum += crc32(crc_buffer, CRC_BYTES);
	outb(PORT_POST, 4);
	outb(PORT_POST, 5);
	for (uint64_t r = 0; r < memcpy_rounds; r++)
		copy_words(copy_to, copy_from, COPY_WORDS);
	outb(PORT_POST, 6);
	shutdown(sum == 0 ? 1 : 0);
}
