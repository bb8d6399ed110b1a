/*
 * cpu/icache.c - the decoded-instruction cache.
 *
 * Decoding x86 is the slowest part of interpreting it, and a loop runs the
 * same few instructions millions of times, so each instruction is decoded
 * once and kept here, with the handler chosen for it, in a block: the
 * straight-line run of instructions from one start address to the first
 * one that may jump, change the CPU's mode or exit (cpu_ends_block()), at
 * most ICACHE_BLOCK_INSNS long and within one code page (an instruction
 * that runs into the next page is a block of its own).  Blocks are
 * direct-mapped by their first address.  A block stays valid while
 *   - the translation it was fetched through is unchanged: CR3, CR0, CR4,
 *     EFER writes and INVLPG flush the whole cache (icache_gen);
 *   - the CPL may still execute from its page(s) (perm, from the TLB);
 *   - nothing wrote its code: every guest-physical RAM page has a
 *     generation number, bumped by the first write to a page holding
 *     decoded instructions (cpu/memory.c) or by the VMM through
 *     softcpu_invalidate_code() - vmscope's own writes into RAM, from
 *     any thread - and each block remembers the generation of its
 *     page(s).  Self-modifying code therefore runs the new bytes, and so
 *     does code a device wrote.  The marks and generations are read and
 *     written with atomics (plain loads and stores on x86; the bumps are
 *     locked adds): another thread's write and a page becoming code are
 *     ordered by a full fence on each side (mark_code()).
 *     Two CPU contexts over the same RAM - L1's and L2's, under the
 *     nesting stage - share the pages' marks and generations
 *     (softcpu_share_code()), so a store of either reaches the other's
 *     blocks too, as stores reach every core's code on x86.
 * So the run loop checks these once per block, not once per instruction.
 *
 * A block takes the room it needs.  Its header (the fields the run loop
 * checks) is in the direct-mapped table; its instructions are decoded
 * into the arena's free end, which always has room for the longest
 * block, and stay there (the arena's next bytes are given out), or are
 * copied back into the room the slot's previous block had when they fit.
 * Most blocks are a few instructions (hello's 137 average 5: 128 KB of
 * instructions, 32 pages, and 16 pages of headers), where a table of
 * 1,024 blocks of 32 instructions (~5 KB each) took a page or two for
 * every block, at ~12 us a first touch on a VM's shadow paging
 * (docs/BENCH.md).  The table and the arena are mapped, not allocated: a
 * page costs only when a block lands on it.  A
 * full arena - a guest that decoded ~5 MB of blocks, its code rewritten
 * again and again - is emptied: its pages and the table's are given back
 * (every slot empty, as at the start) and decoding starts again at its
 * start.
 *
 * Only the block's first instruction is fetched "for real": a fault or an
 * undecodable instruction there is reported.  A later instruction that
 * cannot be decoded, or that runs into the next page, simply ends the
 * block before it; when the guest gets there it starts a new block, and
 * any fault is raised then.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/cpu.h"

#define PAGE_SIZE 4096ULL
#define TABLE_BYTES (ICACHE_SLOTS * sizeof(struct icache_block))

/* The arena's bytes for a block of n instructions and its block end,
 * rounded up so that the next block starts on a cache line. */
static size_t insn_bytes(unsigned n)
{
	return ((n + 1) * sizeof(struct icache_insn) + 63) & ~(size_t)63;
}

_Static_assert((ICACHE_BLOCK_INSNS + 1) * sizeof(struct icache_insn) <=
	       ICACHE_ARENA_BYTES / ICACHE_SLOTS,
	       "the arena has room for the longest block in every slot");

/*
 * Zeroed memory that costs a page fault only where it is used: mapped,
 * not allocated and cleared (calloc clears what the heap gives it: 23
 * page faults at every start for the per-page arrays of 64 MiB of RAM,
 * of which a guest uses a few entries).  NULL when it cannot be had.
 */
static void *zeroed_pages(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void free_pages(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes);
}

/* code_pages and page_gen: one entry per RAM page. */
static void free_page_arrays(struct softcpu *cpu)
{
	free_pages(cpu->code_pages, cpu->ram_pages);
	free_pages(cpu->page_gen, cpu->ram_pages * sizeof(*cpu->page_gen));
}

/* An empty table (every header zero: generation 0, no execute right, no
 * room) and arena, as at the start: their pages given back, so that they
 * cost again only when used (a private anonymous mapping reads as zeros
 * again; should the kernel refuse, the table is cleared by hand - no
 * header may keep room in the arena). */
static void empty(struct softcpu *cpu)
{
	if (madvise(cpu->icache, TABLE_BYTES, MADV_DONTNEED))
		memset(cpu->icache, 0, TABLE_BYTES);
	madvise(cpu->icache_arena, ICACHE_ARENA_BYTES, MADV_DONTNEED);
	cpu->icache_used = 0;
}

int icache_init(struct softcpu *cpu)
{
	cpu->icache = zeroed_pages(TABLE_BYTES);
	cpu->icache_arena = zeroed_pages(ICACHE_ARENA_BYTES);
	cpu->code_pages = zeroed_pages(cpu->ram_pages);
	cpu->page_gen = zeroed_pages(cpu->ram_pages * sizeof(*cpu->page_gen));
	if (!cpu->icache || !cpu->icache_arena || !cpu->code_pages ||
	    !cpu->page_gen) {
		icache_free(cpu);
		return -ENOMEM;
	}
	cpu->icache_gen = 1;
	return 0;
}

void icache_free(struct softcpu *cpu)
{
	if (cpu->code_peer)
		cpu->code_peer->code_peer = NULL;
	free_pages(cpu->icache, TABLE_BYTES);
	free_pages(cpu->icache_arena, ICACHE_ARENA_BYTES);
	if (!cpu->code_borrowed)
		free_page_arrays(cpu);
	cpu->icache = NULL;
	cpu->icache_arena = NULL;
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

	__atomic_fetch_add(&cpu->page_gen[n], 1, __ATOMIC_RELAXED);
	__atomic_store_n(&cpu->code_pages[n], 0, __ATOMIC_RELAXED);
	cpu->block_break = true;
}

void softcpu_invalidate_code(struct softcpu *cpu, uint64_t gpa, uint64_t len)
{
	uint64_t first = gpa / PAGE_SIZE, end;

	if (len == 0 || first >= cpu->ram_pages)
		return;
	end = len > cpu->ram_pages * PAGE_SIZE - gpa
		      ? cpu->ram_pages
		      : (gpa + len - 1) / PAGE_SIZE + 1;
	/* The bytes are in place before a mark is looked at (mark_code()) */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (uint64_t n = first; n < end; n++)
		if (__atomic_load_n(&cpu->code_pages[n], __ATOMIC_RELAXED))
			__atomic_fetch_add(&cpu->page_gen[n], 1,
					   __ATOMIC_RELAXED);
}

static void code_written(void *opaque, uint64_t gpa, uint64_t len)
{
	softcpu_invalidate_code(opaque, gpa, len);
}

void softcpu_watch_writes(struct softcpu *cpu, bool on)
{
	guest_mem_watch_writes(cpu->mem, on ? code_written : NULL,
			       on ? cpu : NULL);
}

void softcpu_share_code(struct softcpu *cpu, struct softcpu *owner)
{
	free_page_arrays(cpu);
	cpu->code_pages = owner->code_pages;
	cpu->page_gen = owner->page_gen;
	cpu->code_borrowed = true;
	cpu->code_peer = owner;
	owner->code_peer = cpu;
}

/* The TLB's fast-path write rights to the page at gpa go: its stores take
 * the slow path, which sees decoded code. */
static void unwrite_page(struct softcpu *cpu, uint64_t gpa)
{
	for (unsigned i = 0; i < TLB_ENTRIES; i++)
		if (cpu->tlb[i].gpa == gpa)
			cpu->tlb[i].perm &= ~(TLB_W_SUP | TLB_W_USER);
}

/* Decoded code lives on this page from now on: writes must be seen, the
 * peer's too.  The mark is set with a full fence before the page's
 * generation and bytes are read, as softcpu_invalidate_code() fences
 * between another thread's write and its look at the mark: either that
 * look sees the mark (and bumps the generation), or the decoding after
 * it sees the written bytes. */
static void mark_code(struct softcpu *cpu, uint64_t gpa)
{
	uint64_t n = gpa / PAGE_SIZE;

	if (cpu->code_pages[n])
		return;
	__atomic_store_n(&cpu->code_pages[n], 1, __ATOMIC_SEQ_CST);
	unwrite_page(cpu, gpa);
	if (cpu->code_peer)
		unwrite_page(cpu->code_peer, gpa);
}

/* Translate the code page at va for execution at the current CPL; its
 * host address, or NULL with a fault or exit recorded. */
static const uint8_t *code_page(struct softcpu *cpu, uint64_t va,
				struct icache_block *b, int part)
{
	struct tlb_entry *t;

	if (mmu_translate(cpu, va, ACC_FETCH, cpu->cpl, &t))
		return NULL;
	if (!t->host) {
		cpu_exit_internal(cpu, "instruction fetch from MMIO");
		return NULL;
	}
	mark_code(cpu, t->gpa);
	b->page[part] = t->gpa / PAGE_SIZE;
	b->pgen[part] = __atomic_load_n(&cpu->page_gen[b->page[part]],
					__ATOMIC_RELAXED);
	b->perm &= t->perm & (TLB_X_SUP | TLB_X_USER);
	return t->host;
}

/*
 * The block's first instruction runs into the next page (decode_insn()
 * said -ENODATA with avail bytes left in this one): decode it from a copy
 * of its bytes on both pages, recording the second page in b->page[1].
 */
static int decode_crossing(struct softcpu *cpu, struct icache_block *b,
			   uint64_t va, const uint8_t *p, unsigned avail,
			   struct insn *insn)
{
	uint8_t bytes[INSN_MAX_LENGTH];
	const uint8_t *next = code_page(cpu, va + avail, b, 1);

	if (!next)
		return -EFAULT;
	memcpy(bytes, p, avail);
	memcpy(bytes + avail, next, INSN_MAX_LENGTH - avail);
	return decode_insn(bytes, INSN_MAX_LENGTH, insn);
}

/* Report why the block's first instruction could not be decoded. */
static int first_insn_failed(struct softcpu *cpu, int err)
{
	if (err == -EFAULT)
		return CPU_STOP;
	if (err == -E2BIG)
		return cpu_gp0(cpu);
	if (err == -EILSEQ)
		return cpu_raise(cpu, VEC_UD);
	return cpu_exit_internal(cpu, "an instruction the software CPU does "
				 "not decode");
}

/* A RIP-relative address is relative to the next instruction, whose
 * address a block fixes: make it absolute once, so that no handler needs
 * RIP to compute it (the specialised ones never see RIP). */
static void resolve_rip_relative(struct icache_insn *d)
{
	for (unsigned i = 0; i < d->insn.operand_count; i++) {
		struct insn_operand *o = &d->insn.operand[i];

		if (o->kind == INSN_OPD_MEM && o->mem.rip_relative) {
			o->mem.rip_relative = false;
			o->mem.disp = (int64_t)((uint64_t)o->mem.disp +
						d->next_rip);
		}
	}
}

/* Decode instructions from cpu->rip into b until one ends the block, the
 * page ends, or the block is full.  Only the first instruction may run
 * into the next page: fetching there may fault, which only executing it
 * may do. */
static int fill(struct softcpu *cpu, struct icache_block *b)
{
	uint64_t va = cpu->rip;
	const uint8_t *page;
	bool more;
	int len;

	b->perm = TLB_X_SUP | TLB_X_USER;
	b->count = 0;
	page = code_page(cpu, va, b, 0);
	if (!page)
		return CPU_STOP;
	b->page[1] = b->page[0];
	b->pgen[1] = b->pgen[0];
	do {
		struct icache_insn *d = &b->insn[b->count];
		unsigned off = (unsigned)(va & (PAGE_SIZE - 1));
		unsigned avail = (unsigned)(PAGE_SIZE - off);

		len = decode_insn(page + off, avail, &d->insn);
		if (len == -ENODATA && b->count == 0)
			len = decode_crossing(cpu, b, va, page + off, avail,
					      &d->insn);
		if (len < 0)
			break;
		d->rip = va;
		d->next_rip = va + (unsigned)len;
		resolve_rip_relative(d);
		cpu_pick_handler(d);
		b->last_rip = va;
		b->count++;
		more = (unsigned)len < avail && !cpu_ends_block(d->insn.op);
		va += (unsigned)len;
	} while (more && b->count < ICACHE_BLOCK_INSNS);
	if (b->count == 0)
		return first_insn_failed(cpu, len);
	b->insn[b->count].run = cpu_block_end;
	b->insn[b->count].rip = va;
	b->rip = cpu->rip;
	b->gen = cpu->icache_gen;
	return CPU_OK;
}

/* The arena's free end, with room for the longest block: where the next
 * block is decoded.  When the arena has no such room left it is emptied
 * first. */
static struct icache_insn *free_end(struct softcpu *cpu)
{
	if (ICACHE_ARENA_BYTES - cpu->icache_used <
	    insn_bytes(ICACHE_BLOCK_INSNS))
		empty(cpu);
	return (struct icache_insn *)(void *)(cpu->icache_arena +
					      cpu->icache_used);
}

/*
 * Decode the block at cpu->rip into slot b, its instructions at the
 * arena's free end; then keep them in the room b's previous block had if
 * they fit there, else where they are (those bytes given out).  While it
 * is being decoded, and if decoding fails, b is no block (generation 0).
 */
struct icache_block *icache_fill(struct softcpu *cpu, struct icache_block *b)
{
	struct icache_insn *at = free_end(cpu);   /* (b empty if it emptied) */
	struct icache_insn *old = b->insn;
	uint32_t room = b->room;

	b->gen = 0;
	b->insn = at;
	if (fill(cpu, b)) {
		b->insn = old;
		b->room = room;
		return NULL;
	}
	if (room >= b->count) {
		memcpy(old, b->insn, insn_bytes(b->count));
		b->insn = old;
		b->room = room;
	} else {
		b->room = b->count;
		cpu->icache_used += insn_bytes(b->count);
	}
	return b;
}
