/*
 * core/nested_validate.c - the checks on L0's copy of L1's control block.
 *
 * Copy, then validate, then use: core/nested_run.c copies the block out of
 * L1's RAM once per run doorbell, and only that copy is checked and used,
 * so L1 (or an L2 that can write the block) cannot change a field between
 * the check and the use.  The checks are those VMX makes at VM entry (SDM
 * Vol. 3C, 27.2 "Checks on VMX Controls" and 27.3 "Checks on the Guest
 * State Area"), cut down to what this interface has, in that order:
 * header, controls, the addresses the controls name, then L2's state.  A
 * failed check is reported to L1 in the block (VMX's VMfailValid with the
 * VM-instruction error; s390's validity intercept), never as a host error.
 */
#include "core/nested.h"

/* CR0 bits this L0 lets L2 set (SDM Vol. 3A, 2.5): PE MP EM TS ET NE WP
 * AM NW CD PG; every other bit is reserved. */
#define CR0_VALID (0x1fULL | (1ULL << 5) | (1ULL << 16) | (1ULL << 18) | \
		   (1ULL << 29) | (1ULL << 30) | (1ULL << 31))
#define CR0_NW (1ULL << 29)
#define CR0_CD (1ULL << 30)
/* CR4: VME PVI TSD DE PSE PAE MCE PGE PCE OSFXSR OSXMMEXCPT UMIP,
 * FSGSBASE PCIDE OSXSAVE, SMEP SMAP.  VMXE (13) is reserved: the
 * interface L0 offers is the doorbell, not VMX. */
#define CR4_VALID (0xfffULL | (1ULL << 16) | (1ULL << 17) | (1ULL << 18) | \
		   (1ULL << 20) | (1ULL << 21))
#define EFER_VALID (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)
/* RFLAGS: bits 1 (always 1), 3, 5, 15 and 22-63 (SDM Vol. 1, 3.4.3) */
#define RFLAGS_RESERVED (0xffffffffffc00000ULL | (1ULL << 3) | (1ULL << 5) | \
			 (1ULL << 15))
#define RFLAGS_VM (1ULL << 17)
/* CR3 above MAXPHYADDR (48) */
#define CR3_RESERVED 0xffff000000000000ULL

static const char *const failure_text[NESTED_FAIL_COUNT] = {
	[NESTED_FAIL_NONE] = "no failure",
	[NESTED_FAIL_HEADER] = "the block's magic or revision is wrong",
	[NESTED_FAIL_CONTROLS] = "a reserved bit is set in intercepts",
	[NESTED_FAIL_IO_BITMAP] = "an I/O bitmap is unaligned, outside "
				  "L1's RAM or overlaps the block",
	[NESTED_FAIL_NESTED_ROOT] = "the nested page table's root is "
				    "unaligned, outside L1's RAM or overlaps "
				    "the block",
	[NESTED_FAIL_CR0] = "CR0: a reserved bit, PG without PE, or NW "
			    "without CD",
	[NESTED_FAIL_CR4] = "CR4: a reserved bit",
	[NESTED_FAIL_EFER] = "EFER: a reserved bit, or LMA differs from "
			     "LME and CR0.PG",
	[NESTED_FAIL_LONG_MODE_NO_PAGING] = "long mode without paging "
					    "(EFER.LME/LMA without CR0.PG "
					    "and CR4.PAE)",
	[NESTED_FAIL_CS_L_AND_D] = "CS.L and CS.D both set",
	[NESTED_FAIL_SEGMENT] = "a segment's attribute has reserved bits",
	[NESTED_FAIL_RFLAGS] = "RFLAGS: a reserved bit, bit 1 clear, or VM "
			       "set",
	[NESTED_FAIL_RIP] = "RIP is not canonical",
	[NESTED_FAIL_CR3] = "CR3 has bits above MAXPHYADDR",
	[NESTED_FAIL_UNSUPPORTED] = "L2 is not in 64-bit mode with paging, "
				    "the only mode this L0 runs",
	[NESTED_FAIL_EVENT] = "the event to inject: a reserved bit or a "
			      "reserved type",
	[NESTED_FAIL_EVENT_VECTOR] = "the event to inject: an NMI whose vector "
				     "is not 2, or a hardware exception's "
				     "above 31",
	[NESTED_FAIL_EVENT_ERROR] = "the event to inject: an error code where "
				    "the exception has none, none where it "
				    "has one, or bits 31:16 of it set",
	[NESTED_FAIL_EVENT_LENGTH] = "the event to inject: a software "
				     "interrupt or exception whose "
				     "instruction length is not 1-15",
	[NESTED_FAIL_EVENT_IF] = "the event to inject: an external interrupt "
				 "for an L2 with RFLAGS.IF clear",
	[NESTED_FAIL_INTERRUPTIBILITY] = "interruptibility: a reserved bit "
					 "(blocking by SMI, bits 31:4)",
	[NESTED_FAIL_EVENT_NMI_BLOCKED] = "the event to inject: an NMI for an "
					  "L2 blocked by NMI",
	[NESTED_FAIL_SHADOW_BOTH] = "interruptibility: blocking by STI and "
				    "by MOV SS both set",
	[NESTED_FAIL_SHADOW_STI_IF] = "interruptibility: blocking by STI "
				      "with RFLAGS.IF clear",
	[NESTED_FAIL_EVENT_SHADOW_EXTINT] = "the event to inject: an external "
					    "interrupt for an L2 blocked by "
					    "STI or by MOV SS",
	[NESTED_FAIL_EVENT_SHADOW_NMI] = "the event to inject: an NMI for an "
					 "L2 blocked by MOV SS",
};

const char *nested_failure_text(uint32_t failure)
{
	if (failure >= NESTED_FAIL_COUNT)
		return "an unknown check";
	return failure_text[failure];
}

bool nested_block_gpa_ok(uint64_t gpa, uint64_t ram_size)
{
	return gpa != 0 && (gpa & (NESTED_PAGE - 1)) == 0 &&
	       gpa < ram_size && ram_size - gpa >= NESTED_PAGE;
}

/* A page the block names: aligned, not page 0, inside RAM, not the
 * block's own page (L0 writes the block back; a table there would change
 * under L2's feet). */
static bool page_ok(uint64_t gpa, uint64_t block_gpa, uint64_t ram_size)
{
	return nested_block_gpa_ok(gpa, ram_size) && gpa != block_gpa;
}

static enum nested_failure check_controls(const struct nested_block *b,
					  uint64_t block_gpa,
					  uint64_t ram_size)
{
	if (b->intercepts & ~NESTED_INTERCEPTS_ALL)
		return NESTED_FAIL_CONTROLS;
	if ((b->intercepts & NESTED_INTERCEPT_IO) &&
	    (!page_ok(b->io_bitmap_a, block_gpa, ram_size) ||
	     !page_ok(b->io_bitmap_b, block_gpa, ram_size)))
		return NESTED_FAIL_IO_BITMAP;
	if (!page_ok(b->nested_root, block_gpa, ram_size))
		return NESTED_FAIL_NESTED_ROOT;
	return NESTED_FAIL_NONE;
}

static enum nested_failure check_control_regs(const struct nested_block *b)
{
	if ((b->cr0 & ~CR0_VALID) || ((b->cr0 & CR0_PG) && !(b->cr0 & CR0_PE)) ||
	    ((b->cr0 & CR0_NW) && !(b->cr0 & CR0_CD)))
		return NESTED_FAIL_CR0;
	if (b->cr4 & ~CR4_VALID)
		return NESTED_FAIL_CR4;
	if (b->efer & ~EFER_VALID)
		return NESTED_FAIL_EFER;
	if ((b->efer & (EFER_LME | EFER_LMA)) &&
	    (!(b->cr0 & CR0_PG) || !(b->cr4 & CR4_PAE)))
		return NESTED_FAIL_LONG_MODE_NO_PAGING;
	if (!!(b->efer & EFER_LMA) != !!(b->efer & EFER_LME))
		return NESTED_FAIL_EFER;
	if (b->cr3 & CR3_RESERVED)
		return NESTED_FAIL_CR3;
	return NESTED_FAIL_NONE;
}

static bool canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

static enum nested_failure check_segments_flags(const struct nested_block *b)
{
	const struct nested_segment *seg[] = {
		&b->cs, &b->ds, &b->es, &b->ss, &b->fs, &b->gs, &b->tr,
		&b->ldtr,
	};

	for (unsigned i = 0; i < sizeof(seg) / sizeof(seg[0]); i++)
		if (seg[i]->attrib & NESTED_SEG_RESERVED)
			return NESTED_FAIL_SEGMENT;
	if ((b->efer & EFER_LMA) && (b->cs.attrib & NESTED_SEG_L) &&
	    (b->cs.attrib & NESTED_SEG_DB))
		return NESTED_FAIL_CS_L_AND_D;
	if ((b->rflags & RFLAGS_RESERVED) || !(b->rflags & RFLAGS_FIXED) ||
	    ((b->efer & EFER_LMA) && (b->rflags & RFLAGS_VM)))
		return NESTED_FAIL_RFLAGS;
	if (!canonical(b->rip))
		return NESTED_FAIL_RIP;
	return NESTED_FAIL_NONE;
}

/* The exceptions that push an error code (SDM Vol. 3A, table 6-1): #DF
 * #TS #NP #SS #GP #PF #AC. */
#define ERROR_CODE_VECTORS ((1u << 8) | (1u << 10) | (1u << 11) | \
			    (1u << 12) | (1u << 13) | (1u << 14) | (1u << 17))

static bool has_error_code(uint32_t type, uint32_t vector)
{
	return type == NESTED_INTR_HW_EXCEPTION && vector < 32 &&
	       ((ERROR_CODE_VECTORS >> vector) & 1);
}

static bool software_type(uint32_t type)
{
	return type == NESTED_INTR_SW_INT ||
	       type == NESTED_INTR_PRIV_SW_EXCEPTION ||
	       type == NESTED_INTR_SW_EXCEPTION;
}

/* The event L1 asks L0 to inject, checked as VMX checks the VM-entry
 * interruption-information field with the VM-entry controls, before any
 * guest state (SDM Vol. 3C, 27.2.1.3): reserved bits and types; an NMI's
 * vector is 2, a hardware exception's below 32; the error code exactly
 * for the exceptions that have one, with bits 31:16 clear; a software
 * type's instruction length 1-15. */
static enum nested_failure check_event(const struct nested_block *b)
{
	uint32_t e = b->entry_intr_info;
	uint32_t type = e & NESTED_INTR_TYPE_MASK;
	uint32_t vector = e & NESTED_INTR_VECTOR_MASK;

	if (!(e & NESTED_INTR_VALID))
		return NESTED_FAIL_NONE;
	if ((e & NESTED_INTR_RESERVED) || type == (1u << 8) ||
	    type == (7u << 8))
		return NESTED_FAIL_EVENT;
	if ((type == NESTED_INTR_NMI && vector != 2) ||
	    (type == NESTED_INTR_HW_EXCEPTION && vector >= 32))
		return NESTED_FAIL_EVENT_VECTOR;
	if (!!(e & NESTED_INTR_HAS_ERROR) != has_error_code(type, vector) ||
	    ((e & NESTED_INTR_HAS_ERROR) && (b->entry_intr_error >> 16)))
		return NESTED_FAIL_EVENT_ERROR;
	if (software_type(type) &&
	    (b->entry_insn_len < 1 || b->entry_insn_len > 15))
		return NESTED_FAIL_EVENT_LENGTH;
	return NESTED_FAIL_NONE;
}

/* An external interrupt only into an L2 with RFLAGS.IF set: a check on
 * the guest's RFLAGS (27.3.1.4), after the other register checks. */
static enum nested_failure check_event_if(const struct nested_block *b)
{
	uint32_t e = b->entry_intr_info;

	if ((e & NESTED_INTR_VALID) &&
	    (e & NESTED_INTR_TYPE_MASK) == NESTED_INTR_EXTERNAL &&
	    !(b->rflags & RFLAGS_IF))
		return NESTED_FAIL_EVENT_IF;
	return NESTED_FAIL_NONE;
}

/* The interruptibility state, as VMX checks it (SDM Vol. 3C, 27.3.1.5
 * "Checks on Guest Non-Register State"): no reserved bit (blocking by
 * SMI is one: L2 is never in SMM); not blocked by STI and by MOV SS at
 * once; blocking by STI only with RFLAGS.IF set (an STI that set IF made
 * it). */
static enum nested_failure check_blocking(const struct nested_block *b)
{
	uint32_t i = b->interruptibility;

	if (i & ~NESTED_INTERRUPTIBILITY_ALL)
		return NESTED_FAIL_INTERRUPTIBILITY;
	if ((i & NESTED_BLOCK_BY_STI) && (i & NESTED_BLOCK_BY_MOV_SS))
		return NESTED_FAIL_SHADOW_BOTH;
	if ((i & NESTED_BLOCK_BY_STI) && !(b->rflags & RFLAGS_IF))
		return NESTED_FAIL_SHADOW_STI_IF;
	return NESTED_FAIL_NONE;
}

/* The event to inject against the blocking (27.3.1.5 again): an external
 * interrupt only into an L2 blocked neither by STI nor by MOV SS, an NMI
 * only into one blocked neither by MOV SS nor by NMI (VMX's rule with
 * virtual NMIs: L0 holds NMIs for L2 the way VMX holds virtual ones).
 * The SDM lets a processor refuse an NMI in an STI shadow too; this one
 * takes it, and the entry drops the shadow, as every entry that injects
 * an event does (27.6.1). */
static enum nested_failure check_event_blocking(const struct nested_block *b)
{
	uint32_t i = b->interruptibility;
	uint32_t type = b->entry_intr_info & NESTED_INTR_TYPE_MASK;

	if (!(b->entry_intr_info & NESTED_INTR_VALID))
		return NESTED_FAIL_NONE;
	if (type == NESTED_INTR_EXTERNAL &&
	    (i & (NESTED_BLOCK_BY_STI | NESTED_BLOCK_BY_MOV_SS)))
		return NESTED_FAIL_EVENT_SHADOW_EXTINT;
	if (type == NESTED_INTR_NMI && (i & NESTED_BLOCK_BY_MOV_SS))
		return NESTED_FAIL_EVENT_SHADOW_NMI;
	if (type == NESTED_INTR_NMI && (i & NESTED_BLOCK_BY_NMI))
		return NESTED_FAIL_EVENT_NMI_BLOCKED;
	return NESTED_FAIL_NONE;
}

enum nested_failure nested_validate(const struct nested_block *b,
				    uint64_t block_gpa, uint64_t ram_size)
{
	enum nested_failure f;

	if (b->magic != NESTED_BLOCK_MAGIC ||
	    b->revision != NESTED_BLOCK_REVISION)
		return NESTED_FAIL_HEADER;
	f = check_controls(b, block_gpa, ram_size);
	if (f == NESTED_FAIL_NONE)
		f = check_event(b);
	if (f == NESTED_FAIL_NONE)
		f = check_control_regs(b);
	if (f == NESTED_FAIL_NONE)
		f = check_segments_flags(b);
	if (f == NESTED_FAIL_NONE)
		f = check_event_if(b);
	if (f == NESTED_FAIL_NONE &&
	    (!(b->efer & EFER_LMA) || !(b->cs.attrib & NESTED_SEG_L)))
		f = NESTED_FAIL_UNSUPPORTED;
	if (f == NESTED_FAIL_NONE)
		f = check_blocking(b);
	if (f == NESTED_FAIL_NONE)
		f = check_event_blocking(b);
	return f;
}
