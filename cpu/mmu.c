/*
 * cpu/mmu.c - 4-level paging and the TLB.
 *
 * The walk is the one in Intel SDM Vol. 3A, 4.5 "4-Level Paging" (tables
 * 4-15 to 4-20) and AMD APM Vol. 2, 5.3: PML4E -> PDPTE -> PDE -> PTE, with
 * 1 GiB (PDPTE.PS) and 2 MiB (PDE.PS) leaves.  Rights are the AND of R/W
 * and U/S over all levels and the OR of XD; the CPU sets the accessed bit
 * of every entry it uses and the dirty bit of the leaf on a write (4.8):
 * writes into RAM of the CPU's own, which reach decoded code and the
 * window's dirty bits as a store does (cpu_ram_written()).
 * A fault is #PF with the linear address in CR2 and the error code of 4.7:
 * P (a protection fault, not a missing page), W/R, U/S (CPL 3), RSVD (a
 * reserved bit set), I/D (an instruction fetch, reported when EFER.NXE).
 *
 * The TLB caches one translation per virtual page with its rights already
 * resolved into one bit per (access, privilege) - TLB_* in cpu/cpu.h - so a
 * hit is one compare and one AND.  Write rights are cached only once the
 * page is dirty (so the first write walks and sets D) and never for a page
 * holding decoded instructions (so a write reaches icache invalidation).
 * Page tables outside RAM read as zero: the walk faults.
 */
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/soft_nested.h"

/* Page-table entry bits (SDM Vol. 3A, tables 4-15 to 4-20) */
#define PTE_P    (1ULL << 0)    /* present */
#define PTE_RW   (1ULL << 1)    /* writable */
#define PTE_US   (1ULL << 2)    /* user-accessible */
#define PTE_A    (1ULL << 5)    /* accessed */
#define PTE_D    (1ULL << 6)    /* dirty (leaf) */
#define PTE_PS   (1ULL << 7)    /* page size: a leaf above the PT level */
#define PTE_XD   (1ULL << 63)   /* execute disable (with EFER.NXE) */
#define PTE_ADDR 0x0000fffffffff000ULL  /* bits 47:12 (MAXPHYADDR 48) */
/* Bits 51:48 lie above this CPU's MAXPHYADDR of 48 (CPUID 0x80000008
 * is not offered; 48 is what the walk enforces). */
#define PTE_RSVD_HIGH 0x000f000000000000ULL
#define PTE_RSVD_1G   0x000000003fffe000ULL  /* PDPTE.PS: bits 29:13 */
#define PTE_RSVD_2M   0x00000000001fe000ULL  /* PDE.PS: bits 20:13 */

/* #PF error code (SDM Vol. 3A, 4.7, figure 4-12) */
#define PFEC_P    (1u << 0)
#define PFEC_W    (1u << 1)
#define PFEC_U    (1u << 2)
#define PFEC_RSVD (1u << 3)
#define PFEC_I    (1u << 4)

#define PAGE_SIZE 4096ULL

struct walk {
	uint64_t gpa;       /* translated page address */
	bool rw, us, xd, dirty;
	uint32_t pfec;      /* error code bits found so far */
};

void mmu_flush(struct softcpu *cpu)
{
	for (unsigned i = 0; i < TLB_ENTRIES; i++)
		cpu->tlb[i].vpn = TLB_INVALID;
}

void mmu_flush_page(struct softcpu *cpu, uint64_t va)
{
	struct tlb_entry *e = &cpu->tlb[(va >> 12) % TLB_ENTRIES];

	if (e->vpn == va >> 12)
		e->vpn = TLB_INVALID;
}

static uint64_t rsvd_mask(const struct softcpu *cpu, int level, bool leaf)
{
	uint64_t m = PTE_RSVD_HIGH;

	if (!(cpu->sregs.efer & EFER_NXE))
		m |= PTE_XD;
	if (level == 4)
		m |= PTE_PS;
	else if (level == 3 && leaf)
		m |= PTE_RSVD_1G;
	else if (level == 2 && leaf)
		m |= PTE_RSVD_2M;
	return m;
}

#define WALK_NESTED_EXIT (-2)  /* an L2's table: stage 2 made an exit */

/* Entry idx of the table at gpa, and in *at where it lies in RAM.  An
 * L2's tables are at L2-physical addresses: stage 2 finds them (or
 * exits). */
static uint64_t *table_entry(struct softcpu *cpu, uint64_t table, unsigned idx,
			     uint64_t *at)
{
	*at = (table & PTE_ADDR) + idx * 8ULL;
	if (cpu->l2 && soft_l2_table(cpu, *at, at))
		return NULL;
	return guest_mem_ptr(cpu->mem, *at, 8);
}

/* Set bits (accessed, dirty) in the entry at slot, RAM address at: a
 * write of the CPU's own, which drops decoded code on that page - a
 * table may share a page with code - as a store does.  Callers call it
 * only for bits not set yet: once per entry until the guest clears them. */
static void set_entry_bits(struct softcpu *cpu, uint64_t *slot, uint64_t at,
			   uint64_t bits)
{
	*slot |= bits;
	cpu_ram_written(cpu, at);
}

/* Walk the tables for va; fills w or returns the #PF error code bits. */
static int walk(struct softcpu *cpu, uint64_t va, bool write, struct walk *w)
{
	uint64_t table = cpu->sregs.cr3, entry = 0, *slot = NULL, at = 0;
	int level;

	w->rw = w->us = true;
	w->xd = false;
	for (level = 4; level >= 1; level--) {
		unsigned idx = (va >> (12 + 9 * (level - 1))) & 511;
		bool leaf;

		slot = table_entry(cpu, table, idx, &at);
		if (!slot && cpu->l2)
			return WALK_NESTED_EXIT;
		entry = slot ? *slot : 0;
		if (!(entry & PTE_P))
			return -1;
		leaf = level == 1 || (level <= 3 && (entry & PTE_PS));
		if (entry & rsvd_mask(cpu, level, leaf)) {
			w->pfec |= PFEC_RSVD | PFEC_P;
			return -1;
		}
		w->rw &= !!(entry & PTE_RW);
		w->us &= !!(entry & PTE_US);
		w->xd |= !!(entry & PTE_XD) && (cpu->sregs.efer & EFER_NXE);
		if (!(entry & PTE_A)) {
			entry |= PTE_A;
			set_entry_bits(cpu, slot, at, PTE_A);
		}
		if (leaf)
			break;
		table = entry;
	}
	{
		uint64_t span = 1ULL << (12 + 9 * (level - 1));

		w->gpa = ((entry & PTE_ADDR & ~(span - 1)) | (va & (span - 1))) &
			 ~(PAGE_SIZE - 1);
	}
	w->dirty = entry & PTE_D;
	if (write && !w->dirty && (w->pfec & PFEC_P) == 0) {
		set_entry_bits(cpu, slot, at, PTE_D);
		w->dirty = true;
	}
	return 0;
}

/* The TLB_* rights a finished walk grants. */
static uint32_t walk_perm(const struct softcpu *cpu, const struct walk *w)
{
	bool wp = cpu->sregs.cr0 & CR0_WP;
	uint32_t p = TLB_R_SUP;

	if ((w->rw || !wp) && w->dirty)
		p |= TLB_W_SUP;
	if (!w->xd)
		p |= TLB_X_SUP;
	if (w->us) {
		p |= TLB_R_USER;
		if (w->rw && w->dirty)
			p |= TLB_W_USER;
		if (!w->xd)
			p |= TLB_X_USER;
	}
	return p;
}

/* Would the access be allowed by these rights (dirty aside)? */
static bool allowed(const struct softcpu *cpu, const struct walk *w,
		    enum mem_access acc, unsigned cpl)
{
	if (cpl == 3 && !w->us)
		return false;
	if (acc == ACC_WRITE &&
	    !w->rw && (cpl == 3 || (cpu->sregs.cr0 & CR0_WP)))
		return false;
	return !(acc == ACC_FETCH && w->xd);
}

static uint32_t need_bit(enum mem_access acc, unsigned cpl)
{
	static const uint32_t bits[3][2] = {
		[ACC_READ] = { TLB_R_SUP, TLB_R_USER },
		[ACC_WRITE] = { TLB_W_SUP, TLB_W_USER },
		[ACC_FETCH] = { TLB_X_SUP, TLB_X_USER },
	};

	return bits[acc][cpl == 3];
}

static int page_fault(struct softcpu *cpu, uint64_t va, enum mem_access acc,
		      unsigned cpl, uint32_t pfec)
{
	if (acc == ACC_WRITE)
		pfec |= PFEC_W;
	if (cpl == 3)
		pfec |= PFEC_U;
	if (acc == ACC_FETCH && (cpu->sregs.efer & EFER_NXE))
		pfec |= PFEC_I;
	cpu_raise_err(cpu, VEC_PF, pfec);
	cpu->fault.has_cr2 = true;
	cpu->fault.cr2 = va;
	return CPU_STOP;
}

int mmu_translate(struct softcpu *cpu, uint64_t va, enum mem_access acc,
		  unsigned cpl, struct tlb_entry **out)
{
	struct tlb_entry *e = &cpu->tlb[(va >> 12) % TLB_ENTRIES];
	struct walk w = { 0 };
	int rc;

	if (e->vpn == va >> 12 && (e->perm & need_bit(acc, cpl))) {
		*out = e;
		return CPU_OK;
	}
	if (!cpu_canonical(va))
		return cpu_gp0(cpu);
	cpu->counters.tlb_misses++;
	rc = walk(cpu, va, false, &w);
	if (rc == WALK_NESTED_EXIT)
		return CPU_STOP;
	if (rc)
		return page_fault(cpu, va, acc, cpl, w.pfec);
	if (!allowed(cpu, &w, acc, cpl))
		return page_fault(cpu, va, acc, cpl, PFEC_P);
	if (acc == ACC_WRITE && !w.dirty &&
	    walk(cpu, va, true, &w) == WALK_NESTED_EXIT)
		return CPU_STOP;
	/* stage 2 sees the byte's address: an exit reports it whole, as
	 * VMX's guest-physical address field does; the TLB keeps the page */
	if (cpu->l2 && soft_l2_phys(cpu, w.gpa | (va & (PAGE_SIZE - 1)), acc,
				    &w.gpa))
		return CPU_STOP;
	w.gpa &= ~(PAGE_SIZE - 1);
	e->vpn = va >> 12;
	e->gpa = w.gpa;
	e->host = guest_mem_is_mmio(cpu->mem, w.gpa)
			  ? NULL : guest_mem_ptr(cpu->mem, w.gpa, PAGE_SIZE);
	e->perm = walk_perm(cpu, &w);
	if (cpu->l2 && acc != ACC_WRITE)
		e->perm &= ~(TLB_W_SUP | TLB_W_USER); /* stage 2 said read */
	if (!e->host)
		e->perm = 0;   /* MMIO: never a fast-path hit */
	else if (cpu->code_pages[w.gpa / PAGE_SIZE] ||
		 guest_mem_in_window(cpu->mem, w.gpa))
		e->perm &= ~(TLB_W_SUP | TLB_W_USER); /* stores: slow path */
	*out = e;
	return CPU_OK;
}
