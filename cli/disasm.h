/*
 * cli/disasm.h - one x86-64 instruction to text, with capstone.
 *
 * The front ends show the instruction that caused each exit ("out dx, al").
 * Capstone is the disassembler; the software CPU has its own decoder, and
 * the tests compare the two.  Port I/O and HLT, the instructions most exits
 * come from, are named without capstone, in its words; capstone is opened
 * at the first other instruction (cli/disasm.c says why).
 */
#ifndef CLI_DISASM_H
#define CLI_DISASM_H

#include <stddef.h>
#include <stdint.h>

struct disasm;

int disasm_open(struct disasm **out);
void disasm_close(struct disasm *d);
/*
 * Disassemble the first instruction of bytes[0..len) at address addr into
 * buf ("out dx, al", Intel syntax).  Returns its length in bytes, or 0 with
 * "(bad)" / "(unreadable)" in buf when there is none (or "(no
 * disassembler: out of memory)" when capstone could not be opened).
 */
size_t disasm_one(struct disasm *d, const uint8_t *bytes, size_t len,
		  uint64_t addr, char *buf, size_t buflen);

#endif /* CLI_DISASM_H */
