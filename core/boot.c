/*
 * core/boot.c - the entry state: boot GDT, page tables, boot_info, registers.
 *
 * Builds exactly what guest/abi/machine.h promises, so the guest starts in
 * 64-bit long mode at its ELF entry point with paging on.  Both backends
 * load this one state; neither runs any real-mode or firmware code.
 *
 * Reference: Intel SDM Vol. 3A, 3.4.5 "Segment Descriptors" (figure 3-8),
 * 4.5 "4-Level Paging" (tables 4-15 to 4-20), 9.8.5 "Initializing IA-32e
 * Mode"; AMD APM Vol. 2, 14.6 "Enabling and Activating Long Mode".
 *
 * The hidden segment state in sregs and the descriptors in the GDT are made
 * from the same struct vcpu_segment values, so they cannot disagree: the
 * first time the guest reloads a segment register it reads the GDT, and a
 * mismatch would change the CPU's mode under it.
 */
#include <errno.h>
#include <string.h>

#include "core/boot.h"
#include "guest/abi/machine.h"

/* Page-table entry bits (SDM Vol. 3A, table 4-19) */
#define PTE_PRESENT   (1ULL << 0)
#define PTE_WRITABLE  (1ULL << 1)
#define PTE_USER      (1ULL << 2)   /* U/S: ring 3 may access */
#define PTE_PAGE_SIZE (1ULL << 7)   /* PS: a 2 MiB page in a PDE */

#define PAGE_4K       0x1000ULL
#define PAGE_2M       0x200000ULL
#define TABLE_ENTRIES 512

/* The seven tables, one page each, from BOOT_PML4 to BOOT_PT_END. */
#define BOOT_PDPT     (BOOT_PML4 + 1 * PAGE_4K)
#define BOOT_PD0      (BOOT_PML4 + 2 * PAGE_4K)   /* PD0..PD3: 4 x 1 GiB */
#define BOOT_PT       (BOOT_PML4 + 6 * PAGE_4K)   /* 4 KiB pages of 0-2 MiB */
#define BOOT_PDS      4

/* Segment descriptor types (SDM Vol. 3A, table 3-1 and 3-2) */
#define SEG_TYPE_DATA_RW_ACCESSED   3
#define SEG_TYPE_CODE_XR_ACCESSED   11
#define SEG_TYPE_TSS64_BUSY         11   /* system segment (S = 0) */
#define SEG_TYPE_LDT                2

/* The architectural reset value of IA32_APIC_BASE: xAPIC enabled (bit 11),
 * bootstrap processor (bit 8), registers at 0xfee00000. */
#define APIC_BASE_DEFAULT 0xfee00900ULL

#define BOOT_TSS_LIMIT 0x67   /* a 64-bit TSS is 104 bytes */
#define BOOT_GDT_ENTRIES 3    /* null, kernel code, kernel data */
#define BOOT_MIN_RAM   (4ULL << 20)   /* boot structures, kernel, user base */

static const struct vcpu_segment boot_code = {
	.base = 0, .limit = 0xffffffff, .selector = SEL_KERNEL_CODE,
	.type = SEG_TYPE_CODE_XR_ACCESSED, .present = 1, .dpl = 0,
	.db = 0, .s = 1, .l = 1, .g = 1,
};

static const struct vcpu_segment boot_data = {
	.base = 0, .limit = 0xffffffff, .selector = SEL_KERNEL_DATA,
	.type = SEG_TYPE_DATA_RW_ACCESSED, .present = 1, .dpl = 0,
	.db = 1, .s = 1, .l = 0, .g = 1,
};

/*
 * The 8-byte descriptor for seg (SDM figure 3-8).  With G = 1 the limit is
 * counted in 4 KiB units, so the descriptor holds limit >> 12.
 */
static uint64_t gdt_descriptor(const struct vcpu_segment *seg)
{
	uint64_t limit = seg->g ? seg->limit >> 12 : seg->limit;
	uint64_t d = 0;

	d |= limit & 0xffff;                           /* limit 15:0 */
	d |= (seg->base & 0xffffffULL) << 16;          /* base 23:0 */
	d |= (uint64_t)(seg->type & 0xf) << 40;
	d |= (uint64_t)(seg->s & 1) << 44;
	d |= (uint64_t)(seg->dpl & 3) << 45;
	d |= (uint64_t)(seg->present & 1) << 47;
	d |= ((limit >> 16) & 0xf) << 48;              /* limit 19:16 */
	d |= (uint64_t)(seg->avl & 1) << 52;
	d |= (uint64_t)(seg->l & 1) << 53;
	d |= (uint64_t)(seg->db & 1) << 54;
	d |= (uint64_t)(seg->g & 1) << 55;
	d |= ((seg->base >> 24) & 0xff) << 56;         /* base 31:24 */
	return d;
}

/*
 * What the machine uses below the kernel, in address order: a guest image
 * may load anywhere in RAM but here.  Page 0 is not mapped (a null
 * dereference faults), so bytes loaded there could never be reached; the
 * boot stack is the guest's until it switches to its own; the VGA window is
 * the screen (RAM written blank at boot, or no RAM at all with --vga mmio).
 */
static const struct boot_region reserved[] = {
	{ 0, PAGE_4K, "page 0 (not mapped)" },
	{ BOOT_GDT, BOOT_GDT + BOOT_GDT_ENTRIES * 8, "the boot GDT" },
	{ BOOT_INFO, BOOT_INFO + sizeof(struct boot_info), "the boot info" },
	{ BOOT_PML4, BOOT_PT_END, "the boot page tables" },
	{ BOOT_STACK_TOP - BOOT_STACK_SIZE, BOOT_STACK_TOP, "the boot stack" },
	{ VGA_TEXT_BASE, VGA_TEXT_BASE + VGA_TEXT_WINDOW, "the VGA text window" },
};

const struct boot_region *boot_reserved_overlap(uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (start < reserved[i].end && reserved[i].start < end)
			return &reserved[i];
	return NULL;
}

static int write_gdt(struct guest_mem *mem)
{
	uint64_t gdt[BOOT_GDT_ENTRIES] = {
		0,                          /* the null descriptor */
		gdt_descriptor(&boot_code), /* SEL_KERNEL_CODE 0x08 */
		gdt_descriptor(&boot_data), /* SEL_KERNEL_DATA 0x10 */
	};

	return guest_mem_write(mem, BOOT_GDT, gdt, sizeof(gdt));
}

/* The leaf bits for the page at addr: user pages are [USER_BASE, RAM end)
 * and the virtio window (a user program may drive a virtio device). */
static uint64_t leaf_flags(const struct guest_mem *mem, uint64_t addr)
{
	uint64_t flags = PTE_PRESENT | PTE_WRITABLE;

	if (addr >= USER_BASE && addr < mem->size)
		flags |= PTE_USER;
	if (addr >= VIRTIO_WINDOW && addr < VIRTIO_WINDOW + VIRTIO_WINDOW_SIZE)
		flags |= PTE_USER;
	return flags;
}

static int write_table(struct guest_mem *mem, uint64_t gpa,
		       const uint64_t table[TABLE_ENTRIES])
{
	return guest_mem_write(mem, gpa, table, TABLE_ENTRIES * sizeof(table[0]));
}

/*
 * The upper levels (PML4, PDPT) say present, writable and user: a page's
 * effective rights are the AND of all levels, so the leaf entries alone
 * decide who may touch it.
 */
static int write_upper_tables(struct guest_mem *mem)
{
	uint64_t upper = PTE_PRESENT | PTE_WRITABLE | PTE_USER;
	uint64_t pml4[TABLE_ENTRIES] = { 0 }, pdpt[TABLE_ENTRIES] = { 0 };
	unsigned i;
	int err;

	pml4[0] = BOOT_PDPT | upper;
	for (i = 0; i < BOOT_PDS; i++)
		pdpt[i] = (BOOT_PD0 + i * PAGE_4K) | upper;
	err = write_table(mem, BOOT_PML4, pml4);
	if (!err)
		err = write_table(mem, BOOT_PDPT, pdpt);
	return err;
}

/* PD0..PD3 map 0-4 GiB with 2 MiB pages, except PD0[0], which points to
 * the PT for the first 2 MiB. */
static int write_page_directories(struct guest_mem *mem)
{
	uint64_t pd[TABLE_ENTRIES];
	unsigned i, j;
	int err;

	for (i = 0; i < BOOT_PDS; i++) {
		for (j = 0; j < TABLE_ENTRIES; j++) {
			uint64_t addr = ((uint64_t)i * TABLE_ENTRIES + j) * PAGE_2M;

			pd[j] = addr | PTE_PAGE_SIZE | leaf_flags(mem, addr);
		}
		if (i == 0)
			pd[0] = BOOT_PT | PTE_PRESENT | PTE_WRITABLE | PTE_USER;
		err = write_table(mem, BOOT_PD0 + i * PAGE_4K, pd);
		if (err)
			return err;
	}
	return 0;
}

/* The first 2 MiB in 4 KiB pages, so that page 0 can be left out: a null
 * pointer dereference in the guest faults. */
static int write_low_page_table(struct guest_mem *mem)
{
	uint64_t pt[TABLE_ENTRIES];
	unsigned i;

	pt[0] = 0;
	for (i = 1; i < TABLE_ENTRIES; i++)
		pt[i] = (i * PAGE_4K) | leaf_flags(mem, i * PAGE_4K);
	return write_table(mem, BOOT_PT, pt);
}

static int write_boot_info(struct guest_mem *mem, uint64_t flags)
{
	struct boot_info info = {
		.magic = BOOT_INFO_MAGIC,
		.version = BOOT_INFO_VERSION,
		.ram_size = mem->size,
		.flags = flags,
	};

	return guest_mem_write(mem, BOOT_INFO, &info, sizeof(info));
}

/* The text screen as a PC BIOS leaves mode 3: every cell a space in light
 * grey on black (0x0720), so the hardware cursor shows on an empty cell. */
static int write_blank_screen(struct guest_mem *mem)
{
	uint16_t row[VGA_TEXT_COLS];
	int err = 0;

	for (unsigned c = 0; c < VGA_TEXT_COLS; c++)
		row[c] = VGA_BLANK_CELL;
	for (unsigned r = 0; r < VGA_TEXT_ROWS && !err; r++)
		err = guest_mem_write(mem, VGA_TEXT_BASE + r * sizeof(row), row,
				      sizeof(row));
	return err;
}

static void fill_regs(uint64_t entry, struct vcpu_regs *regs)
{
	memset(regs, 0, sizeof(*regs));
	regs->rip = entry;
	regs->rsp = BOOT_STACK_TOP;
	regs->rdi = BOOT_INFO;
	regs->rflags = RFLAGS_FIXED;
}

static void fill_sregs(struct vcpu_sregs *sregs)
{
	memset(sregs, 0, sizeof(*sregs));
	sregs->cs = boot_code;
	sregs->ds = boot_data;
	sregs->es = boot_data;
	sregs->fs = boot_data;
	sregs->gs = boot_data;
	sregs->ss = boot_data;
	/* VM entry needs a usable TR even though nothing switches stacks
	 * yet; the kernel loads its own TSS (SEL_TSS). */
	sregs->tr = (struct vcpu_segment){
		.base = 0, .limit = BOOT_TSS_LIMIT, .selector = 0,
		.type = SEG_TYPE_TSS64_BUSY, .present = 1,
	};
	sregs->ldt = (struct vcpu_segment){
		.type = SEG_TYPE_LDT, .present = 0,   /* unusable */
	};
	sregs->gdt = (struct vcpu_table){
		.base = BOOT_GDT, .limit = BOOT_GDT_ENTRIES * 8 - 1,
	};
	sregs->idt = (struct vcpu_table){ .base = 0, .limit = 0 };
	sregs->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	sregs->cr3 = BOOT_PML4;
	sregs->cr4 = CR4_PAE;
	sregs->efer = EFER_LME | EFER_LMA;
	sregs->apic_base = APIC_BASE_DEFAULT;
}

int boot_build(struct guest_mem *mem, uint64_t entry, uint64_t flags,
	       struct vcpu_regs *regs, struct vcpu_sregs *sregs)
{
	int err;

	if (mem->size < BOOT_MIN_RAM)
		return -EINVAL;
	err = write_gdt(mem);
	if (!err)
		err = write_boot_info(mem, flags);
	if (!err)
		err = write_upper_tables(mem);
	if (!err)
		err = write_page_directories(mem);
	if (!err)
		err = write_low_page_table(mem);
	if (!err)
		err = write_blank_screen(mem);
	if (err)
		return -EINVAL;
	fill_regs(entry, regs);
	fill_sregs(sregs);
	return 0;
}
