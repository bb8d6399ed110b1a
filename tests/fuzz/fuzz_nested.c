/*
 * tests/fuzz/fuzz_nested.c - fuzz target: the nesting stage's L0 side
 * (core/nested_*.c) on a hostile L1: control blocks, I/O bitmaps and page
 * tables of any bytes in L1's RAM, the doorbells rung with any address,
 * L2 exits of any kind, the two-stage walk asked anything.
 *
 * The doorbells and L2's exits go through nested_take_exit(), the hook
 * core/vm.c calls, so the block is copied, validated (nested_validate())
 * and used as in a run; the backend is a stand-in that keeps RFLAGS (where
 * L0 answers L1) and runs no L2 itself: the input says how L2 exits.  Each
 * step starts with one byte, op (modulo 8):
 *   0 bytes into RAM: a page (16 bits), an offset in it (16 bits), a count
 *     (0-32), the bytes;
 *   1 a page-table entry (either stage: the same format): the table's
 *     page, the index (16 bits each), a flags byte (bit 6 set: a raw
 *     64-bit entry follows, else the entry is the page that follows, 16
 *     bits, with the byte's P, RW, PS and bit 3);
 *   2 a control block at a page (16 bits): a valid one, then a count
 *     (0-15) of patches, each a byte offset (16 bits) and a byte;
 *   3 the run doorbell (as every exit of L1's, only while L2 does not
 *     run): a byte (bits 0-1: CPL, bit 2: a 2-byte OUT, bit
 *     3: a raw 32-bit address follows, else a 16-bit page number);
 *   4 the invalidate doorbell (a byte: CPL and size, as above);
 *   5 an exit of L2's, while L2 runs: the reason (a byte indexing the
 *     NESTED_EXIT_* values, past them a raw 32-bit one), the port (16
 *     bits), the size byte, intr_info (32 bits), the L2-physical address
 *     (32 bits) and the walk's result (a byte);
 *   6 the walks: a root page (16 bits) and its low byte, an L2 CR3 page
 *     (16 bits), an address (64 bits), a write byte, a length (0-255):
 *     nested_walk(), nested_translate(), nested_read_virt() and
 *     nested_shadow_map();
 *   7 the machine's reset (nested_reset()).
 * Page numbers run past L1's RAM (64 pages) by 8, so addresses just
 * outside it come up often.
 *
 * What must hold: a doorbell from CPL > 0 is a #GP(0) for L1 and nothing
 * else; the doorbell's outcome in RFLAGS is the block address's
 * (CF: bad address) or the check's (ZF: entry failed, exit_reason and
 * entry_failure in the block) or L2 runs, and then the copy L0 uses passed
 * the checks an independent reading of the rules makes here; L0 writes
 * the block's result fields only, never its header or controls; no walk
 * ever gives an address outside L1's RAM; a read returns at most what was
 * asked; every text has words.
 *
 * L1's RAM is 256 KiB on the heap (fuzz_ram_small(): ASan sees past its
 * end), zeroed before each input; the VM and L0's state are made once and
 * reset.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/backend.h"
#include "core/nested.h"
#include "core/vm.h"
#include "tests/fuzz/support/fuzz_input.h"
#include "tests/fuzz/support/fuzz_ram.h"

#define FUZZ_NESTED_RAM (256u << 10)   /* 64 pages */
#define FUZZ_PAGES_PAST 8             /* page numbers past RAM's end */
#define FUZZ_RAM_WRITE_MAX 32
#define FUZZ_PATCHES_MAX 15
#define FUZZ_READ_MAX 256
#define RFLAGS_CF (1ULL << 0)
#define RFLAGS_ZF (1ULL << 6)
#define PTE_FLAGS_TAKEN 0x8bu         /* P, RW, bit 3, PS */

/* --- the backend's stand-in -------------------------------------------- */

static struct vcpu_regs l1_regs;      /* what L1 sees after its OUT */

static int get_regs(struct vm *vm, struct vcpu_regs *regs)
{
	(void)vm;
	*regs = l1_regs;
	return 0;
}

static int set_regs(struct vm *vm, const struct vcpu_regs *regs)
{
	(void)vm;
	l1_regs = *regs;
	return 0;
}

static int no_l2_run(struct vm *vm, struct nested_l0 *n,
		     struct exit_record *exit)
{
	(void)vm;
	(void)n;
	(void)exit;
	return -ENOSYS;   /* the input runs L2: never called */
}

static void no_l2_state(struct vm *vm, struct nested_l0 *n)
{
	(void)vm;
	(void)n;
}

/* The #GP L0 gives a doorbell from ring 3: kept for the check. */
static uint32_t l1_fault_info;

static int fault_l1(struct vm *vm, const struct exit_record *exit,
		    uint32_t info, uint32_t error)
{
	(void)vm;
	(void)exit;
	l1_fault_info = error ? 0 : info;
	return 0;
}

static const struct nested_backend_ops stand_in_nested = {
	.run = no_l2_run,
	.fault_l1 = fault_l1,
	.invalidate = no_l2_state,
	.drop = no_l2_state,
};

static const struct backend_ops stand_in = {
	.name = "fuzz",
	.get_regs = get_regs,
	.set_regs = set_regs,
	.nested = &stand_in_nested,
};

/* --- the machine ------------------------------------------------------- */

static struct vm vm;
static struct nested_l0 *l0;
static bool l0_touched;      /* ops 3-6 ran since the last reset */

static void make_once(void)
{
	if (l0)
		return;
	l0 = calloc(1, sizeof(*l0));
	if (!l0)
		abort();
	fuzz_ram_small(&vm.mem, FUZZ_NESTED_RAM);
	symtab_init(&l0->l2_syms);
	symtab_init(&l0->l3_syms);
	l0->depth = 1;
	vm.backend = &stand_in;
	vm.nested = l0;
	nested_reset(&vm);
}

/* The machine's reset.  Only doorbells, L2's exits and walks change what
 * nested_reset() puts back; on an L0 none touched since the last reset it
 * would change nothing and is skipped, as it costs a pass over every
 * shadow slot (in this instrumented build most of an input's time). */
static void reset_l0(void)
{
	if (l0_touched)
		nested_reset(&vm);
	l0_touched = false;
}

static void fresh(void)
{
	memset(vm.mem.host, 0, vm.mem.size);
	reset_l0();
	memset(&l0->counters, 0, sizeof(l0->counters));
	memset(&l0->shadow, 0, sizeof(l0->shadow));
	memset(&l0->controls, 0, sizeof(l0->controls));
	l0->block_gpa = 0;
	memset(&l1_regs, 0, sizeof(l1_regs));
	vm.state = VM_RUNNING;
}

static uint64_t page_gpa(struct fuzz_input *in)
{
	return (uint64_t)(fuzz_u16(in) % (vm.mem.size / NESTED_PAGE +
					  FUZZ_PAGES_PAST)) * NESTED_PAGE;
}

/* --- writing L1's RAM -------------------------------------------------- */

static void ram_bytes(struct fuzz_input *in)
{
	uint8_t bytes[FUZZ_RAM_WRITE_MAX];
	uint64_t gpa = page_gpa(in) + fuzz_u16(in) % NESTED_PAGE;
	size_t n = fuzz_u8(in) % (FUZZ_RAM_WRITE_MAX + 1);

	fuzz_bytes(in, bytes, n);
	guest_mem_write(&vm.mem, gpa, bytes, n);
}

static void table_entry(struct fuzz_input *in)
{
	uint64_t table = page_gpa(in);
	unsigned index = fuzz_u16(in) % 512;
	uint8_t flags = fuzz_u8(in);
	uint64_t entry = flags & 0x40 ? fuzz_u64(in) :
			 page_gpa(in) | (flags & PTE_FLAGS_TAKEN);

	guest_mem_write(&vm.mem, table + 8ULL * index, &entry, sizeof(entry));
}

/* A block L0 would run: 64-bit mode with paging, L2 at 0x1000, the I/O
 * bitmaps in pages 2 and 3 and the nested root in page 4. */
static void valid_block(struct nested_block *b)
{
	const struct nested_segment code = { 0x8, 0xb | NESTED_SEG_S |
					     NESTED_SEG_P | NESTED_SEG_L, 0, 0 };
	const struct nested_segment data = { 0x10, 0x3 | NESTED_SEG_S |
					     NESTED_SEG_P, 0, 0 };

	*b = (struct nested_block){
		.magic = NESTED_BLOCK_MAGIC, .revision = NESTED_BLOCK_REVISION,
		.rip = 0x1000, .rflags = RFLAGS_FIXED,
		.cr0 = CR0_PE | CR0_PG, .cr3 = 0x5000, .cr4 = CR4_PAE,
		.efer = EFER_LME | EFER_LMA,
		.cs = code, .ds = data, .es = data, .ss = data, .fs = data,
		.gs = data,
		.intercepts = NESTED_INTERCEPT_IO | NESTED_INTERCEPT_HLT,
		.io_bitmap_a = 2 * NESTED_PAGE, .io_bitmap_b = 3 * NESTED_PAGE,
		.nested_root = 4 * NESTED_PAGE,
	};
}

static void control_block(struct fuzz_input *in)
{
	uint64_t gpa = page_gpa(in);
	unsigned patches = fuzz_u8(in) % (FUZZ_PATCHES_MAX + 1);
	struct nested_block b;

	valid_block(&b);
	for (unsigned i = 0; i < patches; i++) {
		size_t at = fuzz_u16(in) % sizeof(b);

		((uint8_t *)&b)[at] = fuzz_u8(in);
	}
	guest_mem_write(&vm.mem, gpa, &b, sizeof(b));
}

/* --- the doorbells ----------------------------------------------------- */

/* The part of a block L0 never writes: header, L2's state area is the
 * result; intercepts to nested_root are L1's controls. */
struct block_kept {
	uint8_t header[offsetof(struct nested_block, gpr)];
	uint8_t controls[offsetof(struct nested_block, exit_reason) -
			 offsetof(struct nested_block, intercepts)];
};

static void kept_of(uint64_t gpa, struct block_kept *k)
{
	memset(k, 0, sizeof(*k));
	guest_mem_read(&vm.mem, gpa, k->header, sizeof(k->header));
	guest_mem_read(&vm.mem, gpa + offsetof(struct nested_block, intercepts),
		       k->controls, sizeof(k->controls));
}

static void check_kept(uint64_t gpa, const struct block_kept *before)
{
	struct block_kept after;

	kept_of(gpa, &after);
	if (memcmp(before, &after, sizeof(after)))
		abort();   /* L0 wrote L1's header or controls */
}

/* A page the block names, by the rules as docs/NESTING.md states them. */
static bool page_fine(uint64_t gpa, uint64_t block)
{
	return gpa && gpa % NESTED_PAGE == 0 && gpa != block &&
	       gpa + NESTED_PAGE <= vm.mem.size;
}

/* The copy L0 runs must be one it may run. */
static void check_runnable(const struct nested_block *b, uint64_t block)
{
	if (b->magic != NESTED_BLOCK_MAGIC ||
	    b->revision != NESTED_BLOCK_REVISION ||
	    !page_fine(b->nested_root, block) ||
	    ((b->intercepts & NESTED_INTERCEPT_IO) &&
	     (!page_fine(b->io_bitmap_a, block) ||
	      !page_fine(b->io_bitmap_b, block))) ||
	    !(b->efer & EFER_LMA) || !(b->efer & EFER_LME) ||
	    !(b->cr0 & CR0_PG) || !(b->cr0 & CR0_PE) || !(b->cr4 & CR4_PAE) ||
	    !(b->cs.attrib & NESTED_SEG_L) || (b->cs.attrib & NESTED_SEG_DB) ||
	    !(b->rflags & RFLAGS_FIXED) ||
	    (uint64_t)((int64_t)(b->rip << 16) >> 16) != b->rip)
		abort();
}

static void doorbell_exit(struct exit_record *exit, uint16_t port,
			  uint8_t how, uint32_t *value)
{
	memset(exit, 0, sizeof(*exit));
	exit->reason = EXIT_IO;
	exit->cpl = how & 3;
	exit->u.io = (struct exit_io){ .port = port, .size = how & 4 ? 2 : 4,
				       .direction = IO_OUT, .count = 1,
				       .data = (uint8_t *)value };
}

static void run_doorbell(struct fuzz_input *in)
{
	uint8_t how = fuzz_u8(in);
	uint32_t gpa = how & 8 ? fuzz_u32(in) : (uint32_t)page_gpa(in);
	struct exit_record exit;
	struct block_kept before;
	struct nested_block result;
	uint64_t flags;

	if (nested_l2_active(&vm))
		return;    /* L1's exits come only while L2 does not run */
	doorbell_exit(&exit, NESTED_PORT_RUN, how, &gpa);
	kept_of(gpa, &before);
	l1_regs.rflags = RFLAGS_FIXED | RFLAGS_CF | RFLAGS_ZF;
	l1_fault_info = 0;
	if (!nested_take_exit(&vm, &exit))
		abort();   /* a doorbell is always the stage's */
	check_kept(gpa, &before);
	flags = l1_regs.rflags & (RFLAGS_CF | RFLAGS_ZF);
	if (exit.cpl) {    /* #GP(0) at the OUT, the flags untouched */
		if (l1_fault_info != (13 | NESTED_INTR_HW_EXCEPTION |
				      NESTED_INTR_HAS_ERROR |
				      NESTED_INTR_VALID) ||
		    flags != (RFLAGS_CF | RFLAGS_ZF) || nested_l2_active(&vm))
			abort();
		return;
	}
	if (exit.u.io.size != 4 ||
	    !nested_block_gpa_ok(gpa, vm.mem.size)) {
		if (flags != RFLAGS_CF || nested_l2_active(&vm))
			abort();
		return;
	}
	if (flags == RFLAGS_ZF) {
		guest_mem_read(&vm.mem, gpa, &result, sizeof(result));
		if (nested_l2_active(&vm) ||
		    result.exit_reason != NESTED_EXIT_ENTRY_FAILED ||
		    result.entry_failure == NESTED_FAIL_NONE ||
		    result.entry_failure >= NESTED_FAIL_COUNT)
			abort();
		return;
	}
	if (flags != 0 || !nested_l2_active(&vm))
		abort();
	check_runnable(&l0->shadow, gpa);
}

static void invalidate_doorbell(struct fuzz_input *in)
{
	uint32_t gpa = 0;
	struct exit_record exit;

	doorbell_exit(&exit, NESTED_PORT_INVALIDATE, fuzz_u8(in), &gpa);
	if (nested_l2_active(&vm))
		return;
	if (!nested_take_exit(&vm, &exit))
		abort();
	if (l0->map->entries != 0 && exit.cpl == 0 && exit.u.io.size == 4)
		abort();   /* the shadow was dropped */
}

/* --- L2's exits -------------------------------------------------------- */

static const uint32_t l2_reasons[] = {
	NESTED_EXIT_EXCEPTION, NESTED_EXIT_EXTINT, NESTED_EXIT_TRIPLE_FAULT,
	NESTED_EXIT_NMI_WINDOW,
	NESTED_EXIT_CPUID, NESTED_EXIT_HLT, NESTED_EXIT_IO,
	NESTED_EXIT_ENTRY_FAILED, NESTED_EXIT_NPF, NESTED_EXIT_NONE,
};
#define N_L2_REASONS (sizeof(l2_reasons) / sizeof(l2_reasons[0]))

static void l2_exit(struct fuzz_input *in)
{
	uint8_t pick = fuzz_u8(in);
	struct exit_record exit;
	struct block_kept before;
	uint8_t data[4] = { 0 };
	char name[48];

	memset(&exit, 0, sizeof(exit));
	exit.level = 1;
	exit.reason = EXIT_IO;
	exit.nest.l2_reason = pick < N_L2_REASONS ? l2_reasons[pick] :
						    fuzz_u32(in);
	exit.u.io = (struct exit_io){ .port = fuzz_u16(in),
				      .size = 1u << (fuzz_u8(in) % 3),
				      .direction = IO_IN, .count = 1,
				      .data = data };
	exit.nest.intr_info = fuzz_u32(in);
	exit.nest.gpa = fuzz_u32(in);
	exit.nest.walk = fuzz_u8(in);
	if (!nested_l2_active(&vm))
		return;    /* L2 exits only while it runs */
	kept_of(l0->block_gpa, &before);
	nested_take_exit(&vm, &exit);
	check_kept(l0->block_gpa, &before);
	if (exit.nest.l2_reason != NESTED_EXIT_NONE &&
	    (exit.nest.verdict == NESTED_NOT_NESTED || !exit.nest.rule[0] ||
	     !nested_verdict_text(exit.nest.verdict)[0]))
		abort();
	if (!nested_exit_format(exit.nest.l2_reason, name, sizeof(name))[0] ||
	    !nested_walk_text(exit.nest.walk)[0] ||
	    !nested_failure_text(exit.nest.intr_info)[0])
		abort();
}

/* --- the walks --------------------------------------------------------- */

static bool in_ram(uint64_t gpa, uint64_t len)
{
	return gpa <= vm.mem.size && len <= vm.mem.size - gpa;
}

static void walks(struct fuzz_input *in)
{
	uint64_t root = page_gpa(in) | fuzz_u8(in);
	uint64_t cr3 = page_gpa(in);
	uint64_t gva = fuzz_u64(in), page, gpa;
	bool write = fuzz_u8(in) & 1;
	size_t len = fuzz_u8(in);
	uint8_t buf[FUZZ_READ_MAX];

	if (nested_walk(&vm.mem, root, gva, write, &page) == NESTED_WALK_OK &&
	    (page % NESTED_PAGE || !in_ram(page, NESTED_PAGE)))
		abort();
	if (nested_translate(&vm.mem, root, cr3, gva, &gpa) == 0 &&
	    !in_ram(gpa, 1))
		abort();
	if (nested_read_virt(&vm.mem, root, cr3, gva, buf, len) > len)
		abort();
	if (nested_shadow_map(l0->map, &vm.mem, gva, write, &gpa,
			      &l0->counters) == NESTED_WALK_OK &&
	    !in_ram(gpa, 1))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;

	make_once();
	fresh();
	fuzz_input_init(&in, data, size);
	while (!fuzz_input_done(&in)) {
		uint8_t op = fuzz_u8(&in) % 8;

		l0_touched |= op >= 3 && op <= 6;
		switch (op) {
		case 0: ram_bytes(&in); break;
		case 1: table_entry(&in); break;
		case 2: control_block(&in); break;
		case 3: run_doorbell(&in); break;
		case 4: invalidate_doorbell(&in); break;
		case 5: l2_exit(&in); break;
		case 6: walks(&in); break;
		default: reset_l0();
		}
	}
	return 0;
}
