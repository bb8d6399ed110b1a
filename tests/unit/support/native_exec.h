/*
 * tests/unit/support/native_exec.h - run a byte sequence natively on the
 * host CPU, the oracle of the software CPU's differential test.
 *
 * The sequence runs in this process at fixed low addresses that are also
 * guest-physical (and identity-mapped guest-virtual) addresses of a 64 MiB
 * vmscope guest, so an address computed natively (LEA, a RIP-relative
 * operand, RSI after MOVS) is the very address the software CPU computes:
 *
 *   NATIVE_DATA_BASE   the data area the sequence's memory operands address;
 *                      its two pages straddle 32 MiB, a 2 MiB page boundary
 *                      of the guest's identity map, so accesses cross pages
 *   NATIVE_STACK_TOP   RSP while the sequence runs (a scratch stack: the
 *                      trampoline pushes RFLAGS there; sequences do not
 *                      use the stack)
 *   NATIVE_CODE_BASE   where the sequence is placed and entered: 256 bytes
 *                      below 48 MiB, so longer sequences are fetched across
 *                      a page boundary too
 *
 * The trampoline (native_exec_trampoline.S) saves the host's callee-saved
 * registers and stack pointer, loads all sixteen general-purpose registers
 * and RFLAGS from a struct native_state, jumps to the sequence, and when the
 * sequence falls off its end (into an absolute jump back) stores all
 * sixteen registers and RFLAGS into the same struct, clears DF (the host
 * ABI wants it clear) and returns.  Not thread-safe: one sequence at a time
 * per process.
 */
#ifndef TESTS_UNIT_SUPPORT_NATIVE_EXEC_H
#define TESTS_UNIT_SUPPORT_NATIVE_EXEC_H

#include <stddef.h>
#include <stdint.h>

#define NATIVE_DATA_BASE  0x1fff000ULL	/* 32 MiB - 4 KiB */
#define NATIVE_DATA_SIZE  0x2000ULL
#define NATIVE_STACK_TOP  0x2800000ULL	/* 40 MiB */
#define NATIVE_STACK_SIZE 0x10000ULL
#define NATIVE_CODE_AREA  0x2fff000ULL	/* two pages around 48 MiB */
#define NATIVE_CODE_AREA_SIZE 0x2000ULL
#define NATIVE_CODE_BASE  0x2ffff00ULL
#define NATIVE_CODE_SIZE  0x1000ULL	/* most bytes a sequence may take */

/* Bytes native_exec_run() appends after the sequence (the jump back). */
#define NATIVE_EXIT_STUB_SIZE 14

/* The RFLAGS bits a sequence may start with: the six arithmetic flags and
 * DF (SDM Vol. 1, 3.4.3), plus bit 1, which always reads as 1. */
#define NATIVE_RFLAGS_CF (1ULL << 0)
#define NATIVE_RFLAGS_PF (1ULL << 2)
#define NATIVE_RFLAGS_AF (1ULL << 4)
#define NATIVE_RFLAGS_ZF (1ULL << 6)
#define NATIVE_RFLAGS_SF (1ULL << 7)
#define NATIVE_RFLAGS_DF (1ULL << 10)
#define NATIVE_RFLAGS_OF (1ULL << 11)
#define NATIVE_RFLAGS_INPUT (NATIVE_RFLAGS_CF | NATIVE_RFLAGS_PF | \
			     NATIVE_RFLAGS_AF | NATIVE_RFLAGS_ZF | \
			     NATIVE_RFLAGS_SF | NATIVE_RFLAGS_DF | \
			     NATIVE_RFLAGS_OF)
#define NATIVE_RFLAGS_FIXED (1ULL << 1)

/* Registers in encoding order: RAX RCX RDX RBX RSP RBP RSI RDI R8..R15
 * (gpr[n] is the register ModRM/REX number n names). */
#define NATIVE_RSP 4
struct native_state {
	uint64_t gpr[16];
	uint64_t rflags;
};

/* Map the data, stack and code areas at their fixed addresses.  Returns 0,
 * -EEXIST when something already lives there (the message says what), or
 * another negative errno.  Call once per process. */
int native_exec_init(void);
void native_exec_fini(void);

/* The data area, at NATIVE_DATA_BASE (NATIVE_DATA_SIZE bytes). */
uint8_t *native_exec_data(void);

/*
 * Copy code[0..len) to NATIVE_CODE_BASE, load *st, run it, store the final
 * registers and RFLAGS into *st.  st->gpr[NATIVE_RSP] must lie in the
 * scratch stack (NATIVE_STACK_TOP - NATIVE_STACK_SIZE + 64 .. TOP]; only
 * NATIVE_RFLAGS_INPUT bits of st->rflags are loaded.  The code must be
 * straight-line user-mode code that neither writes RSP nor leaves the
 * areas above.  Returns 0, or -EINVAL (too long, RSP outside the stack).
 */
int native_exec_run(const uint8_t *code, size_t len, struct native_state *st);

#endif /* TESTS_UNIT_SUPPORT_NATIVE_EXEC_H */
