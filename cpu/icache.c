/*
 * cpu/icache.c - the decoded-instruction cache.
 *
 * Decoding x86 is the slowest part of interpreting it, and a loop runs the
 * same few instructions millions of times, so each instruction is decoded
 * once and kept here, direct-mapped by its virtual address, together with
 * its handler.  An entry stays valid while
 *   - the translation it was fetched through is unchanged: CR3, CR0, CR4,
 *     EFER writes and INVLPG flush the whole cache (icache_gen);
 *   - the CPL may still execute from its page(s) (perm, from the TLB);
 *   - nothing wrote its code: every guest-physical RAM page has a
 *     generation number, bumped by the first write to a page holding
 *     decoded instructions (cpu/memory.c), and each entry remembers the
 *     generation of its page(s).  Self-modifying code therefore runs the
 *     new bytes, at the cost of one compare per instruction.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"

#define PAGE_SIZE 4096ULL

int icache_init(struct softcpu *cpu)
{
	cpu->icache = calloc(ICACHE_ENTRIES, sizeof(*cpu->icache));
	cpu->code_pages = calloc(cpu->ram_pages, 1);
	cpu->page_gen = calloc(cpu->ram_pages, sizeof(*cpu->page_gen));
	if (!cpu->icache || !cpu->code_pages || !cpu->page_gen) {
		icache_free(cpu);
		return -ENOMEM;
	}
	cpu->icache_gen = 1;
	return 0;
}

void icache_free(struct softcpu *cpu)
{
	free(cpu->icache);
	free(cpu->code_pages);
	free(cpu->page_gen);
	cpu->icache = NULL;
	cpu->code_pages = NULL;
	cpu->page_gen = NULL;
}

void icache_flush(struct softcpu *cpu)
{
	cpu->icache_gen++;
}

void icache_invalidate_page(struct softcpu *cpu, uint64_t gpa_page)
{
	uint64_t n = gpa_page / PAGE_SIZE;

	cpu->page_gen[n]++;
	cpu->code_pages[n] = 0;
}

/* Decoded code lives on this page from now on: writes must be seen. */
static void mark_code(struct softcpu *cpu, uint64_t gpa)
{
	uint64_t n = gpa / PAGE_SIZE;

	if (cpu->code_pages[n])
		return;
	cpu->code_pages[n] = 1;
	for (unsigned i = 0; i < TLB_ENTRIES; i++)
		if (cpu->tlb[i].gpa == gpa)
			cpu->tlb[i].perm &= ~(TLB_W_SUP | TLB_W_USER);
}

/* Copy the bytes of one page's part of the instruction; records the
 * page in e.  Returns how many bytes were copied, or -1 (fault/exit). */
static int fetch_part(struct softcpu *cpu, uint64_t va, unsigned max,
		      struct icache_entry *e, int part)
{
	unsigned room = (unsigned)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));
	unsigned n = max < room ? max : room;
	struct tlb_entry *t;

	if (mmu_translate(cpu, va, ACC_FETCH, cpu->cpl, &t))
		return -1;
	if (!t->host) {
		cpu_exit_internal(cpu, "instruction fetch from MMIO");
		return -1;
	}
	memcpy(e->bytes + (part ? INSN_MAX_LENGTH - max : 0),
	       t->host + (va & (PAGE_SIZE - 1)), n);
	mark_code(cpu, t->gpa);
	e->page[part] = t->gpa / PAGE_SIZE;
	e->pgen[part] = cpu->page_gen[e->page[part]];
	e->perm &= t->perm & (TLB_X_SUP | TLB_X_USER);
	return (int)n;
}

/* Decode at cpu->rip into e, fetching the second page only if the
 * instruction really continues there (a fault there is architectural). */
static int fill(struct softcpu *cpu, struct icache_entry *e)
{
	int n, more, len;

	e->perm = TLB_X_SUP | TLB_X_USER;
	e->cross = false;
	n = fetch_part(cpu, cpu->rip, INSN_MAX_LENGTH, e, 0);
	if (n < 0)
		return CPU_STOP;
	len = decode_insn(e->bytes, (size_t)n, &e->insn);
	if (len == -ENODATA) {
		more = fetch_part(cpu, cpu->rip + n, INSN_MAX_LENGTH - n, e, 1);
		if (more < 0)
			return CPU_STOP;
		e->cross = true;
		len = decode_insn(e->bytes, INSN_MAX_LENGTH, &e->insn);
	}
	if (len == -E2BIG)
		return cpu_gp0(cpu);
	if (len < 0)
		return cpu_exit_internal(cpu, "an instruction the software "
					 "CPU does not decode");
	e->handler = cpu_exec_table[e->insn.op];
	if (!e->handler)
		e->handler = cpu_exec_unimplemented;
	e->rip = cpu->rip;
	e->gen = cpu->icache_gen;
	return CPU_OK;
}

const struct icache_entry *icache_fill(struct softcpu *cpu,
				       struct icache_entry *e)
{
	e->gen = 0;
	return fill(cpu, e) ? NULL : e;
}
