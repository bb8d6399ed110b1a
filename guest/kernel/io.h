/*
 * guest/kernel/io.h - port I/O and a few privileged instructions.
 *
 * Each helper is one instruction (sti_hlt: a pair that must stay together),
 * always inlined where it is used (at -O0 and with -fno-inline too), so the
 * `in`, `out` or `hlt` that causes a VM exit lies inside the driver
 * function a student reads (uart_putc, not some inb() helper) and the
 * exit's RIP symbolizes there - vmscope tells the keyboard wait by it
 * (guest/kernel/tty_line.c).
 *
 * outb, inb and sti_hlt also name __builtin_frame_address(0) as an unused
 * operand.  vmscope unwinds the guest's stack from %rbp at every exit, so
 * the function doing the `in` or `out` must have its frame record; but gcc
 * (12 at least) drops the frame pointer of a leaf function that needs no
 * stack space, even with -fno-omit-frame-pointer.  Using the frame address
 * keeps the frame.
 */
#ifndef GUEST_KERNEL_IO_H
#define GUEST_KERNEL_IO_H

#include <stdint.h>

__attribute__((always_inline))
static inline void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1"
			 : : "a"(value), "Nd"(port), "r"(__builtin_frame_address(0))
			 : "memory");
}

__attribute__((always_inline))
static inline uint8_t inb(uint16_t port)
{
	uint8_t value;

	__asm__ volatile("inb %1, %0"
			 : "=a"(value)
			 : "Nd"(port), "r"(__builtin_frame_address(0))
			 : "memory");
	return value;
}

/* Stop until an interrupt arrives; with interrupts off, for good. */
__attribute__((always_inline))
static inline void hlt(void)
{
	__asm__ volatile("hlt" : : : "memory");
}

__attribute__((always_inline))
static inline void cli(void)
{
	__asm__ volatile("cli" : : : "memory");
}

/*
 * Enable interrupts and stop until one arrives, as one pair: STI lets
 * interrupts in only after the instruction that follows it (the "STI
 * shadow", Intel SDM Vol. 2B "STI"), so an interrupt that is already
 * pending is taken at the HLT and wakes it - it cannot slip in between the
 * two and leave the CPU asleep.  Returns with interrupts enabled, after the
 * handler of the interrupt that woke it has run.
 */
__attribute__((always_inline))
static inline void sti_hlt(void)
{
	__asm__ volatile("sti\n\thlt"
			 : : "r"(__builtin_frame_address(0)) : "memory");
}

/* The time-stamp counter (no exit on either backend; its rate is in
 * boot_info.tsc_khz). */
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

#endif /* GUEST_KERNEL_IO_H */
