/*
 * tests/unit/support/mem_syms.h - guest RAM and a symbol table, the
 * fixture the tests that load or unwind a guest share (test_elf,
 * test_unwind, test_unwind_memo), and the frame records the unwinding
 * tests write onto stacks their page tables map (pt_builder.h).
 */
#ifndef TESTS_UNIT_SUPPORT_MEM_SYMS_H
#define TESTS_UNIT_SUPPORT_MEM_SYMS_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "core/symbols.h"
#include "tests/unit/support/pt_builder.h"

/* One symbol of a test's guest: a function's name, address and size. */
struct sym_def {
	const char *name;
	uint64_t addr, size;
};

/* RAM of ram_size bytes, zeroed, and a symbol table holding defs[0..n),
 * sorted.  0, or -1 when the RAM cannot be had (a cmocka setup returns
 * it); a symbol the table refuses fails the test. */
int mem_syms_init(struct guest_mem *mem, struct symtab *syms,
		  uint64_t ram_size, const struct sym_def *defs, size_t n);
void mem_syms_free(struct guest_mem *mem, struct symtab *syms);

/* A frame record at rbp, written through the page tables: the caller's
 * %rbp, then the return address - what `push %rbp; mov %rsp, %rbp`
 * leaves after a call. */
void mem_syms_record(struct pt_builder *pt, uint64_t rbp, uint64_t saved_rbp,
		     uint64_t ret);

#endif /* TESTS_UNIT_SUPPORT_MEM_SYMS_H */
