/*
 * guest/hv/hvhostile.c - a hostile L1 hypervisor, for the tests.
 *
 * Linked in place of hv_main.c (hvhostile.elf) and started with
 * `vmscope --nested 1 --hypervisor hvhostile GUEST`, it rings L0's run
 * doorbell with one broken control block or nested page table after
 * another and prints, one line per case, what L0 answered: CF (the
 * block's address refused), ZF with the failed check, or the exit L2
 * stopped with.  L0 must survive every case and tell L1 the reason
 * (tests/integration/test_hostile_l1.sh compares the lines).  The last
 * case clears the I/O intercept L0 needs: L0's stays (the two are OR'ed),
 * so L2's port accesses still exit - to L0's own devices - and the guest
 * runs to its end, unmarked by L1.  Before it, hvhostile_ring3.c rings the
 * doorbell from ring 3, hvhostile_l2.c runs two misbehaving L2s, and
 * hvhostile_events.c, hvhostile_inject.c and hvhostile_vector.c give L2
 * events.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/hv/hv.h"
#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"
#include "guest/kernel/program.h"
#include "guest/kernel/shutdown.h"

#define RFLAGS_CF (1ULL << 0)
#define RFLAGS_ZF (1ULL << 6)
#define PAGE_SIZE 4096
#define PTE_P_RW  3ULL

struct nested_block hvh_block __attribute__((aligned(PAGE_SIZE)));
static uint8_t io_bitmap_a[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t io_bitmap_b[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint64_t bad_table[512] __attribute__((aligned(PAGE_SIZE)));

struct hv_guest hvh_l2;

uint64_t hvh_ring(uint64_t gpa)
{
	uint64_t flags;

	__asm__ volatile("outl %k1, %w2\n\tpushfq\n\tpopq %0"
			 : "=r"(flags)
			 : "a"((uint32_t)gpa), "Nd"((uint16_t)NESTED_PORT_RUN)
			 : "memory", "cc");
	return flags;
}

void hvh_invalidate(void)
{
	__asm__ volatile("outl %k0, %w1"
			 : : "a"((uint32_t)(uintptr_t)&hvh_block),
			   "Nd"((uint16_t)NESTED_PORT_INVALIDATE)
			 : "memory");
}

/* A block that would run L2 from its start: each case breaks one thing.
 * The nested table is built afresh, and L0 told so (the invalidate
 * doorbell): no case sees what the one before left in L0's shadow. */
void hvh_good_block(void)
{
	hvh_block.magic = NESTED_BLOCK_MAGIC;
	hvh_block.revision = NESTED_BLOCK_REVISION;
	hvh_block.nested_root = hv_build_nested_table(&hvh_l2);
	hvh_invalidate();
	hv_set_intercepts(&hvh_block, io_bitmap_a, io_bitmap_b);
	hv_boot_l2(&hvh_l2, &hvh_block);
	hvh_block.exit_reason = 0;
	hvh_block.entry_failure = 0;
	hvh_block.entry_intr_info = 0;
	hvh_block.entry_intr_error = 0;
	hvh_block.entry_insn_len = 0;
}

int hvh_refused(const char *name, uint64_t flags)
{
	if (!(flags & (RFLAGS_CF | RFLAGS_ZF)))
		return 0;
	hv_say(name);
	if (flags & RFLAGS_CF) {
		console_puts(": CF (block address refused)\n");
		return 1;
	}
	console_puts(": ZF, exit ");
	console_putdec(hvh_block.exit_reason);
	console_puts(", check ");
	console_putdec(hvh_block.entry_failure);
	console_puts("\n");
	return 1;
}

int hvh_run_say(const char *name)
{
	if (hvh_refused(name, hvh_ring((uintptr_t)&hvh_block)))
		return 0;
	hv_say(name);
	console_puts(": exit ");
	console_putdec(hvh_block.exit_reason);
	console_puts(", RAX ");
	console_puthex(hvh_block.gpr[0]);
	return 1;
}

/* "case: CF", "case: ZF check N", or "case: exit R gpa X". */
void hvh_outcome(const char *name, uint64_t gpa)
{
	if (hvh_refused(name, hvh_ring(gpa)))
		return;
	hv_say(name);
	console_puts(": L2 ran, exit ");
	console_putdec(hvh_block.exit_reason);
	console_puts(" at L2-physical ");
	console_puthex(hvh_block.exit_gpa);
	console_puts("\n");
}

static void block_address_cases(void)
{
	uint64_t ram = hvh_l2.base * 2, b = (uint64_t)(uintptr_t)&hvh_block;

	hvh_good_block();
	hvh_outcome("block at GPA 0", 0);
	hvh_outcome("block unaligned", b + 8);
	hvh_outcome("block outside RAM", ram);
	hvh_outcome("block crossing the end of RAM", ram - PAGE_SIZE / 2);
}

/* One broken field each, in a block at a good address: ZF and the check. */
static void root_on_block(void) { hvh_block.nested_root = (uintptr_t)&hvh_block; }
static void reserved_intercept(void) { hvh_block.intercepts |= 1u << 9; }
static void bitmap_on_block(void) { hvh_block.io_bitmap_a = (uintptr_t)&hvh_block; }
static void reserved_cr0(void) { hvh_block.cr0 |= 1u << 6; }
static void cr4_vmxe(void) { hvh_block.cr4 |= 1u << 13; }
static void reserved_efer(void) { hvh_block.efer |= 1u << 12; }
static void no_paging(void) { hvh_block.cr0 &= ~(1ULL << 31); }
static void cs_l_and_d(void) { hvh_block.cs.attrib |= NESTED_SEG_DB; }

static const struct {
	const char *name;
	void (*breaks)(void);
} control_case[] = {
	{ "nested table overlapping the block", root_on_block },
	{ "reserved bit in intercepts", reserved_intercept },
	{ "I/O bitmap on the block", bitmap_on_block },
	{ "reserved bit in CR0", reserved_cr0 },
	{ "CR4.VMXE", cr4_vmxe },
	{ "reserved bit in EFER", reserved_efer },
	{ "long mode without paging", no_paging },
	{ "CS.L with CS.D", cs_l_and_d },
};

static void control_cases(void)
{
	for (unsigned i = 0; i < sizeof(control_case) / sizeof(control_case[0]);
	     i++) {
		hvh_good_block();
		control_case[i].breaks();
		hvh_outcome(control_case[i].name, (uintptr_t)&hvh_block);
	}
}

/* The nested table's first PML4 entry replaced: L2's first touch of its
 * memory cannot be translated, and L1 is told (an EPT violation). */
static void table_cases(void)
{
	uint64_t *root;

	hvh_good_block();
	root = (uint64_t *)(uintptr_t)hvh_block.nested_root;
	bad_table[0] = (1ULL << 40) | PTE_P_RW;
	root[0] = (uint64_t)(uintptr_t)bad_table | PTE_P_RW;
	hvh_outcome("nested table pointing outside RAM", (uintptr_t)&hvh_block);
	hvh_good_block();
	root[0] = hvh_block.nested_root | PTE_P_RW;
	hvh_outcome("nested table looping to its root", (uintptr_t)&hvh_block);
}

void start_program(void)
{
	const struct boot_info *info = (const void *)BOOT_INFO;
	const struct nested_boot *nb = (const void *)NESTED_BOOT_INFO;

	hvh_l2.base = info->ram_size / 2;
	hvh_l2.size = info->ram_size / 2;
	if (nb->magic != NESTED_BOOT_MAGIC ||
	    hv_load_image(&hvh_l2, (const uint8_t *)(uintptr_t)nb->image[0].gpa,
			  nb->image[0].size))
		shutdown(1);
	block_address_cases();
	control_cases();
	table_cases();
	hvh_ring3_cases();
	hvh_l2_cases();
	hvh_event_cases();
	hvh_inject_cases();
	hvh_vector_cases();
	hvh_nmi_cases();
	hvh_iret_cases();
	hvh_shadow_cases();
	hvh_cr2_cases();
	hvh_string_cases();
	hvh_good_block();
	hvh_block.intercepts = NESTED_INTERCEPT_HLT;
	hv_say("L1 clears the I/O intercept; L2 runs on L0's devices:\n");
	hvh_outcome("L2 ended", (uintptr_t)&hvh_block);
	shutdown(3);
}
