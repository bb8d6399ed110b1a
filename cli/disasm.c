/*
 * cli/disasm.c - capstone behind cli/disasm.h.
 *
 * One capstone handle per front end, in 64-bit mode with Intel syntax (the
 * syntax the Intel SDM and most teaching material use).
 *
 * The handle is opened at the first instruction that needs it.  The
 * instructions a guest exits on most - IN and OUT with the port in DX or
 * in an immediate, and HLT - are named here, in capstone's own words
 * (tests/unit/test_disasm.c compares every encoding taken here with
 * capstone's text).  Opening capstone and its first disassembly (which
 * walks its whole 660 KB instruction table) took ~0.9 ms of a start on
 * the PVM host (docs/BENCH.md, "Start-up"): a guest that writes its
 * console through port I/O needs none of it before its first byte.  A
 * string instruction with 0x66 before its REP is handed to capstone with
 * the REP first (rep_first(): capstone 4.0.2 misreads gas's order).
 */
#include <capstone/capstone.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/disasm.h"

#define X86_INSN_MAX 15   /* bytes in an instruction: SDM vol. 2A, 2.3.11 */

struct disasm {
	bool opened;     /* handle and insn are capstone's */
	csh handle;
	cs_insn *insn;
};

int disasm_open(struct disasm **out)
{
	struct disasm *d = calloc(1, sizeof(*d));

	if (!d)
		return -ENOMEM;
	*out = d;
	return 0;
}

static bool open_capstone(struct disasm *d)
{
	if (d->opened)
		return true;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &d->handle) != CS_ERR_OK)
		return false;
	cs_option(d->handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
	d->insn = cs_malloc(d->handle);
	if (!d->insn) {
		cs_close(&d->handle);
		return false;
	}
	d->opened = true;
	return true;
}

void disasm_close(struct disasm *d)
{
	if (!d)
		return;
	if (d->opened) {
		cs_free(d->insn, 1);
		cs_close(&d->handle);
	}
	free(d);
}

/* An immediate as capstone writes it: decimal up to 9, then hex. */
static void port_number(uint8_t port, char *buf, size_t buflen)
{
	snprintf(buf, buflen, port > 9 ? "0x%x" : "%u", port);
}

/*
 * HLT, or IN/OUT without prefix or with one operand-size prefix (0x66) on
 * the 16/32-bit forms: E4-E7 (port in an immediate byte), EC-EF (port in
 * DX).  Their text into buf and their length, or 0 for any other bytes
 * (other prefixes, the string forms INS/OUTS): capstone's to name.
 */
static size_t port_io_text(const uint8_t *bytes, size_t len, char *buf,
			   size_t buflen)
{
	size_t prefix = len > 1 && bytes[0] == 0x66;
	uint8_t op = bytes[prefix];
	bool imm_port = op >= 0xe4 && op <= 0xe7;
	bool dx_port = op >= 0xec && op <= 0xef;
	bool out = op & 2, wide = op & 1;
	const char *reg = !wide ? "al" : prefix ? "ax" : "eax";
	char port[8] = "dx";

	if (op == 0xf4 && !prefix) {
		snprintf(buf, buflen, "hlt");
		return 1;
	}
	if ((!imm_port && !dx_port) || (prefix && !wide) ||
	    (imm_port && len < prefix + 2))
		return 0;
	if (imm_port)
		port_number(bytes[prefix + 1], port, sizeof(port));
	if (out)
		snprintf(buf, buflen, "out %s, %s", port, reg);
	else
		snprintf(buf, buflen, "in %s, %s", reg, port);
	return prefix + 1 + imm_port;
}

/* x86's legacy prefixes (SDM vol. 2A, 2.1.1): lock and repeat, segment
 * overrides, operand and address size. */
static bool legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0xf0: case 0xf2: case 0xf3:
	case 0x2e: case 0x36: case 0x3e: case 0x26: case 0x64: case 0x65:
	case 0x66: case 0x67:
		return true;
	default:
		return false;
	}
}

/* MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS: the opcodes REP applies to. */
static bool string_op(uint8_t op)
{
	return (op >= 0xa4 && op <= 0xa7) || (op >= 0xaa && op <= 0xaf) ||
	       (op >= 0x6c && op <= 0x6f);
}

/*
 * Capstone 4.0.2 (Debian 12's) reads a string instruction whose 0x66
 * comes before its F3/F2 - the order gas writes `rep stosw` in, 66 f3 ab
 * - as the dword form (`rep stosd`; 66 f2 a5 even loses its repne),
 * while f3 66 ab reads right (capstone issue #356).  Legacy prefixes mean
 * the same in any order (SDM vol. 2A, 2.1.1), so such bytes are handed to
 * capstone with the F3/F2 moved in front: the same instruction, the same
 * length.  With REX.W the operand size is 64 (32 for INS/OUTS) whatever
 * 0x66 says: capstone reads 66 f3 48 6d right (`rep insd`) and f3 66 48
 * 6d wrong (`rep insw`), so those bytes are left as written.  Returns the
 * bytes to hand to capstone: `bytes`, or `copy` holding the reordered
 * ones.
 */
static const uint8_t *rep_first(const uint8_t *bytes, size_t len,
				uint8_t copy[X86_INSN_MAX])
{
	size_t n = 0, op, at = 0;
	bool opsize = false, rep = false;

	if (len > X86_INSN_MAX)
		len = X86_INSN_MAX;
	while (n < len && legacy_prefix(bytes[n])) {
		opsize |= bytes[n] == 0x66;
		rep |= bytes[n] == 0xf2 || bytes[n] == 0xf3;
		n++;
	}
	op = n < len && (bytes[n] & 0xf0) == 0x40 ? n + 1 : n;   /* REX */
	if (!opsize || !rep || op >= len || !string_op(bytes[op]) ||
	    (op > n && (bytes[n] & 0x08)))                       /* REX.W */
		return bytes;
	for (size_t i = 0; i < n; i++)   /* F3/F2 first, in their order */
		if (bytes[i] == 0xf2 || bytes[i] == 0xf3)
			copy[at++] = bytes[i];
	for (size_t i = 0; i < n; i++)
		if (bytes[i] != 0xf2 && bytes[i] != 0xf3)
			copy[at++] = bytes[i];
	memcpy(copy + n, bytes + n, len - n);
	return copy;
}

size_t disasm_one(struct disasm *d, const uint8_t *bytes, size_t len,
		  uint64_t addr, char *buf, size_t buflen)
{
	uint8_t copy[X86_INSN_MAX];
	const uint8_t *code;
	size_t size, named;
	uint64_t address = addr;

	if (len == 0) {
		snprintf(buf, buflen, "(unreadable)");
		return 0;
	}
	named = port_io_text(bytes, len, buf, buflen);
	if (named)
		return named;
	code = rep_first(bytes, len, copy);
	size = code == copy && len > X86_INSN_MAX ? X86_INSN_MAX : len;
	if (!open_capstone(d)) {
		snprintf(buf, buflen, "(no disassembler: out of memory)");
		return 0;
	}
	if (!cs_disasm_iter(d->handle, &code, &size, &address, d->insn)) {
		snprintf(buf, buflen, "(bad)");
		return 0;
	}
	if (d->insn->op_str[0])
		snprintf(buf, buflen, "%s %s", d->insn->mnemonic,
			 d->insn->op_str);
	else
		snprintf(buf, buflen, "%s", d->insn->mnemonic);
	return d->insn->size;
}
