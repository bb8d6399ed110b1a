/*
 * guest/hv/hv_world.c - the world L1 builds for L2 before the first run.
 *
 * L2's RAM is one contiguous range of L1's (base, size).  L1 describes it
 * to L0 with a nested page table in the ordinary x86-64 4-level format
 * (L2-physical -> L1-physical, 2 MiB pages), loads L2's ELF image into it,
 * and writes what vmscope's own loader (core/boot.c) writes for the guest
 * it runs, so L2's kernel boots unchanged: a boot GDT, the boot info, an
 * identity map of 4 GiB (page 0 not present; user pages from USER_BASE to
 * the end of RAM), a blank screen, and 64-bit long mode in the block.
 * L1 sees its own RAM identity-mapped, so an L1-physical address is a
 * pointer here.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/hv/hv.h"
#include "guest/kernel/console.h"

#define PAGE_4K  0x1000ULL
#define PAGE_2M  0x200000ULL
#define PTE_P    (1ULL << 0)
#define PTE_RW   (1ULL << 1)
#define PTE_US   (1ULL << 2)
#define PTE_PS   (1ULL << 7)

/* --- the nested page table ----------------------------------------------- */

static uint64_t npt_pml4[512] __attribute__((aligned(PAGE_4K)));
static uint64_t npt_pdpt[512] __attribute__((aligned(PAGE_4K)));
static uint64_t npt_pd[512] __attribute__((aligned(PAGE_4K)));

/* One PD of 2 MiB pages: L2's RAM may be up to 1 GiB. */
uint64_t hv_build_nested_table(const struct hv_guest *g)
{
	npt_pml4[0] = (uint64_t)(uintptr_t)npt_pdpt | PTE_P | PTE_RW | PTE_US;
	npt_pdpt[0] = (uint64_t)(uintptr_t)npt_pd | PTE_P | PTE_RW | PTE_US;
	for (uint64_t i = 0; i < g->size / PAGE_2M && i < 512; i++)
		npt_pd[i] = (g->base + i * PAGE_2M) | PTE_P | PTE_RW | PTE_PS;
	return (uint64_t)(uintptr_t)npt_pml4;
}

/* --- the ELF image --------------------------------------------------------- */

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD 1

static uint8_t *l2_ptr(const struct hv_guest *g, uint64_t l2_gpa)
{
	return (uint8_t *)(uintptr_t)(g->base + l2_gpa);
}

static int load_segment(const struct hv_guest *g, const uint8_t *elf,
			uint64_t size, const struct elf64_phdr *ph)
{
	uint8_t *dst;

	if (ph->filesz > ph->memsz || ph->offset > size ||
	    size - ph->offset < ph->filesz || ph->paddr < PAGE_4K ||
	    ph->paddr > g->size || g->size - ph->paddr < ph->memsz) {
		hv_say("hv: a segment of the image does not fit L2's RAM\n");
		return -1;
	}
	dst = l2_ptr(g, ph->paddr);
	for (uint64_t i = 0; i < ph->filesz; i++)
		dst[i] = elf[ph->offset + i];
	for (uint64_t i = ph->filesz; i < ph->memsz; i++)
		dst[i] = 0;
	return 0;
}

int hv_load_image(struct hv_guest *g, const uint8_t *elf, uint64_t size)
{
	const struct elf64_ehdr *eh = (const void *)elf;

	if (size < sizeof(*eh) || eh->ident[0] != 0x7f || eh->ident[1] != 'E' ||
	    eh->ident[2] != 'L' || eh->ident[3] != 'F' ||
	    eh->phentsize != sizeof(struct elf64_phdr) || eh->phoff > size ||
	    (size - eh->phoff) / sizeof(struct elf64_phdr) < eh->phnum) {
		hv_say("hv: the L2 image is not an ELF file I can load\n");
		return -1;
	}
	for (unsigned i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *ph =
			(const void *)(elf + eh->phoff + i * sizeof(*ph));

		if (ph->type == PT_LOAD && load_segment(g, elf, size, ph))
			return -1;
	}
	g->entry = eh->entry;
	return 0;
}

/* --- L2's boot structures, as core/boot.c builds L1's ----------------- */

#define L2_PDPT (BOOT_PML4 + 1 * PAGE_4K)
#define L2_PD0  (BOOT_PML4 + 2 * PAGE_4K)   /* 4 PDs: 4 GiB */
#define L2_PT   (BOOT_PML4 + 6 * PAGE_4K)   /* 4 KiB pages of 0-2 MiB */
#define GDT_CODE64 0x00af9b000000ffffULL    /* present, DPL 0, L, G */
#define GDT_DATA   0x00cf93000000ffffULL    /* present, DPL 0, D/B, G */

static uint64_t *l2_table(const struct hv_guest *g, uint64_t l2_gpa)
{
	return (uint64_t *)l2_ptr(g, l2_gpa);
}

static uint64_t leaf_flags(const struct hv_guest *g, uint64_t addr)
{
	uint64_t flags = PTE_P | PTE_RW;

	if (addr >= USER_BASE && addr < g->size)
		flags |= PTE_US;
	return flags;
}

static void write_page_tables(const struct hv_guest *g)
{
	uint64_t *pml4 = l2_table(g, BOOT_PML4), *pdpt = l2_table(g, L2_PDPT);
	uint64_t *pt = l2_table(g, L2_PT);

	pml4[0] = L2_PDPT | PTE_P | PTE_RW | PTE_US;
	for (uint64_t i = 0; i < 4; i++) {
		uint64_t *pd = l2_table(g, L2_PD0 + i * PAGE_4K);

		pdpt[i] = (L2_PD0 + i * PAGE_4K) | PTE_P | PTE_RW | PTE_US;
		for (uint64_t j = 0; j < 512; j++) {
			uint64_t addr = (i * 512 + j) * PAGE_2M;

			pd[j] = addr | PTE_PS | leaf_flags(g, addr);
		}
	}
	l2_table(g, L2_PD0)[0] = L2_PT | PTE_P | PTE_RW | PTE_US;
	pt[0] = 0;
	for (uint64_t i = 1; i < 512; i++)
		pt[i] = (i * PAGE_4K) | leaf_flags(g, i * PAGE_4K);
}

static void write_boot_data(const struct hv_guest *g)
{
	uint64_t *gdt = l2_table(g, BOOT_GDT);
	struct boot_info *info = (struct boot_info *)l2_ptr(g, BOOT_INFO);
	uint16_t *screen = (uint16_t *)l2_ptr(g, VGA_TEXT_BASE);

	gdt[0] = 0;
	gdt[1] = GDT_CODE64;
	gdt[2] = GDT_DATA;
	info->magic = BOOT_INFO_MAGIC;
	info->version = BOOT_INFO_VERSION;
	info->ram_size = g->size;
	info->flags = 0;
	for (unsigned i = 0; i < VGA_TEXT_COLS * VGA_TEXT_ROWS; i++)
		screen[i] = VGA_BLANK_CELL;
}

static void set_segment(struct nested_segment *s, uint16_t selector,
			uint16_t attrib, uint32_t limit)
{
	s->selector = selector;
	s->attrib = attrib;
	s->limit = limit;
	s->base = 0;
}

/* Type 0xb: code, execute/read, accessed; 0x3: data, read/write,
 * accessed; 0xb without S: a busy 64-bit TSS; 0x2: an LDT. */
static void write_state(const struct hv_guest *g, struct nested_block *b)
{
	const uint16_t data = 0x3 | NESTED_SEG_S | NESTED_SEG_P |
			      NESTED_SEG_DB | NESTED_SEG_G;

	for (unsigned i = 0; i < 16; i++)
		b->gpr[i] = 0;
	b->gpr[4] = BOOT_STACK_TOP;      /* RSP */
	b->gpr[7] = BOOT_INFO;           /* RDI: the boot info */
	b->rip = g->entry;
	b->rflags = 0x2;
	b->interruptibility = 0;         /* no NMI handler running */
	set_segment(&b->cs, SEL_KERNEL_CODE, 0xb | NESTED_SEG_S |
		    NESTED_SEG_P | NESTED_SEG_L | NESTED_SEG_G, 0xffffffff);
	set_segment(&b->ds, SEL_KERNEL_DATA, data, 0xffffffff);
	set_segment(&b->es, SEL_KERNEL_DATA, data, 0xffffffff);
	set_segment(&b->fs, SEL_KERNEL_DATA, data, 0xffffffff);
	set_segment(&b->gs, SEL_KERNEL_DATA, data, 0xffffffff);
	set_segment(&b->ss, SEL_KERNEL_DATA, data, 0xffffffff);
	set_segment(&b->tr, 0, 0xb | NESTED_SEG_P, 0x67);
	set_segment(&b->ldtr, 0, 0x2, 0);
	b->gdtr_base = BOOT_GDT;
	b->gdtr_limit = 3 * 8 - 1;
	b->idtr_base = 0;
	b->idtr_limit = 0;
	b->cr0 = 0x80010033;             /* PE MP ET NE WP PG */
	b->cr3 = BOOT_PML4;
	b->cr4 = 1u << 5;                /* PAE */
	b->efer = (1u << 8) | (1u << 10); /* LME LMA */
}

void hv_boot_l2(const struct hv_guest *g, struct nested_block *b)
{
	write_page_tables(g);
	write_boot_data(g);
	write_state(g, b);
}
