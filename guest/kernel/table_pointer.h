/*
 * guest/kernel/table_pointer.h - the operand of lgdt and lidt.
 *
 * Intel SDM Vol. 3A, 2.4.1 "Global Descriptor Table Register" and 2.4.3
 * "IDTR": a 16-bit limit (size in bytes minus one) followed by the 64-bit
 * linear base address, without padding between them.
 */
#ifndef GUEST_KERNEL_TABLE_POINTER_H
#define GUEST_KERNEL_TABLE_POINTER_H

#include <stdint.h>

struct table_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#endif /* GUEST_KERNEL_TABLE_POINTER_H */
