/*
 * cpu/regs.c - sign extension for the operand sizes (the register
 * accessors themselves are inline in cpu/cpu.h, on the hot path).
 */
#include "cpu/cpu.h"

uint64_t cpu_sign_extend(uint64_t value, unsigned size)
{
	switch (size) {
	case 1: return (uint64_t)(int64_t)(int8_t)value;
	case 2: return (uint64_t)(int64_t)(int16_t)value;
	case 4: return (uint64_t)(int64_t)(int32_t)value;
	default: return value;
	}
}
