/*
 * guest/abi/nested.h - the virtualization interface vmscope (L0) offers the
 * guest it runs (L1), so that L1 can run a guest of its own (L2).
 *
 * In the style of s390's SIE and x86's VMX: L1 fills a control block (one
 * page of its RAM) with L2's state and the intercepts it wants, and rings
 * the "run" doorbell with the block's guest-physical address (a 32-bit OUT
 * from CPL 0).  L0 copies the block once into a shadow, checks the copy,
 * runs L2 until an exit L1 must see, writes L2's state and the exit into
 * the block and resumes L1 after its OUT.  RFLAGS tells L1 how it went, as
 * VMX's VMLAUNCH does (SDM Vol. 3C, 31.2 "Conventions"):
 *   CF = 1  the block's address itself is bad (VMfailInvalid): nothing
 *           was read or written;
 *   ZF = 1  the block failed a check (VMfailValid): exit_reason is
 *           NESTED_EXIT_ENTRY_FAILED and entry_failure says which check;
 *   both 0  L2 ran; exit_reason and the exit fields say why it stopped.
 * docs/NESTING.md names each field's VMCS, VMCB and SIE-block counterpart.
 *
 * Both sides include this file: vmscope's core/nested_*.c and the L1
 * mini-hypervisor in guest/hv/.
 */
#ifndef GUEST_ABI_NESTED_H
#define GUEST_ABI_NESTED_H

#include <stdint.h>

/* Doorbells (32-bit OUT of the control block's guest-physical address) */
#define NESTED_PORT_RUN        0x510 /* run L2 from the block (VMRESUME, SIE) */
#define NESTED_PORT_INVALIDATE 0x514 /* L1 changed its nested page table:
					drop L0's shadow of it (INVEPT) */

/*
 * With --nested, L0 puts the images L1 is to run at NESTED_IMAGES and
 * describes them in a struct nested_boot at NESTED_BOOT_INFO: image 0 is
 * L1's guest (L2); the images after it are for L2 to pass on (--nested 2:
 * L2 is the mini-hypervisor again, image 1 its guest).
 */
#define NESTED_BOOT_INFO  0x3000ULL
#define NESTED_IMAGES     0x400000ULL
#define NESTED_BOOT_MAGIC 0x4e425456u  /* "VTBN" */
#define NESTED_MAX_IMAGES 4

#define NESTED_IMAGE_NAME 64     /* a name's bytes, its NUL included */

struct nested_image {
	uint64_t gpa;      /* the ELF file's bytes in RAM */
	uint64_t size;
	/* the guest's name, for messages: a built-in guest's, or the file as
	 * the user named it - whole when it fits, else "..." and its end */
	char name[NESTED_IMAGE_NAME];
};

struct nested_boot {
	uint32_t magic;    /* NESTED_BOOT_MAGIC */
	uint32_t count;    /* images that follow */
	uint32_t level;    /* 1 for the guest vmscope runs, 2 for its guest */
	uint32_t reserved;
	struct nested_image image[NESTED_MAX_IMAGES];
};

/* The control block */
#define NESTED_BLOCK_MAGIC    0x4b4c4243u  /* "CBLK" */
#define NESTED_BLOCK_REVISION 1

/* intercepts: the controls L1 may set; every other bit is reserved */
#define NESTED_INTERCEPT_HLT    (1u << 0)  /* HLT exits */
#define NESTED_INTERCEPT_CPUID  (1u << 1)  /* CPUID exits */
#define NESTED_INTERCEPT_EXTINT (1u << 2)  /* an interrupt for L1 exits:
					      L2 stops while one waits in
					      L1's PIC */
#define NESTED_INTERCEPT_IO     (1u << 3)  /* ports set in the I/O bitmaps
					      exit; clear: none does */
#define NESTED_INTERCEPT_NMI_WINDOW (1u << 4) /* NESTED_EXIT_NMI_WINDOW
					      before the first instruction
					      at which L2 could take an NMI:
					      no blocking by NMI, none by
					      MOV SS */
#define NESTED_INTERCEPTS_ALL   0x1fu

/* exit_reason: VMX's basic exit reasons (SDM Vol. 3D, appendix C) */
#define NESTED_EXIT_EXCEPTION    0   /* a vector in exception_bitmap */
#define NESTED_EXIT_EXTINT       1   /* an interrupt for L1 arrived */
#define NESTED_EXIT_TRIPLE_FAULT 2
#define NESTED_EXIT_NMI_WINDOW   8   /* L2 can take an NMI now (L1 asked:
					NESTED_INTERCEPT_NMI_WINDOW) */
#define NESTED_EXIT_CPUID        10
#define NESTED_EXIT_HLT          12
#define NESTED_EXIT_IO           30
#define NESTED_EXIT_ENTRY_FAILED 33  /* "invalid guest state": see
					entry_failure */
#define NESTED_EXIT_NPF          48  /* EPT violation: L1's nested page
					table has no usable entry */

/* exit_qualification of NESTED_EXIT_IO, as VMX's (SDM Vol. 3C, table
 * 28-5): size - 1, direction, string, rep, operand encoding, port */
#define NESTED_IO_SIZE_MASK  0x7u
#define NESTED_IO_IN         (1u << 3)
#define NESTED_IO_STRING     (1u << 4)
#define NESTED_IO_REP        (1u << 5)
#define NESTED_IO_IMM        (1u << 6)   /* the port is the instruction's
					    immediate (IN/OUT imm8); 0: DX */
#define NESTED_IO_PORT_SHIFT 16

/* exit_qualification of NESTED_EXIT_EXCEPTION for a #PF: the faulting
 * linear address, which the exit leaves out of L2's CR2 (VMX's exit
 * qualification, SVM's EXITINFO2) */

/* exit_qualification of NESTED_EXIT_NPF, as VMX's EPT-violation bits
 * (SDM Vol. 3C, "Exit Qualification for EPT Violations").  An access of
 * the page walk - L2's CPU reading an entry of L2's own page tables, and
 * setting its accessed and dirty bits, which makes it a write as with
 * EPT's A/D flags on - has LINEAR without TRANSLATED; the access to the
 * linear address itself has both.  The software CPU sets them; the KVM
 * way cannot tell the two apart from KVM's exits and sets neither. */
#define NESTED_NPF_READ  (1u << 0)
#define NESTED_NPF_WRITE (1u << 1)
#define NESTED_NPF_FETCH (1u << 2)
#define NESTED_NPF_LINEAR     (1u << 7) /* a guest linear address was
					   being translated */
#define NESTED_NPF_TRANSLATED (1u << 8) /* ... and this is the access to
					   it, not to a paging entry */
#define NESTED_NPF_NMI_UNBLOCKED (1u << 12) /* the access was an IRET's that
					       had unblocked NMIs (as in
					       exit_intr_info below) */

/* exit_intr_info, idt_vectoring_info and entry_intr_info: vector, type,
 * error code valid, valid (VMX's layout, SDM Vol. 3C, 24.8.3, 24.9.2 and
 * 24.9.3) */
#define NESTED_INTR_VECTOR_MASK 0xffu
#define NESTED_INTR_TYPE_SHIFT  8
#define NESTED_INTR_TYPE_MASK   (7u << 8)
#define NESTED_INTR_HAS_ERROR   (1u << 11)
#define NESTED_INTR_NMI_UNBLOCKED (1u << 12) /* exit_intr_info only: the
					       exception came from an IRET
					       that had unblocked NMIs
					       (blocking by NMI was in
					       force before it): L1 sets
					       NESTED_BLOCK_BY_NMI again
					       before it resumes L2 at the
					       IRET (SDM Vol. 3C, 27.2.2);
					       never set when
					       idt_vectoring_info is valid */
#define NESTED_INTR_RESERVED    0x7ffff000u   /* bits 30:12 (entry_intr_info;
						 bit 12 is 0 in
						 idt_vectoring_info, where
						 VMX leaves it undefined) */
#define NESTED_INTR_VALID       (1u << 31)
/* ... the type in bits 10:8 (VMX's interruption types).  Types 1 and 7
 * are reserved here (7, "other event", is VMX's monitor trap flag). */
#define NESTED_INTR_EXTERNAL    (0u << 8)  /* an interrupt from outside
					      (the INTR pin) */
#define NESTED_INTR_NMI         (2u << 8)  /* vector 2 */
#define NESTED_INTR_HW_EXCEPTION (3u << 8) /* a fault or abort, vector
					      0-31, with its error code
					      where it has one */
#define NESTED_INTR_SW_INT      (4u << 8)  /* INT n: RIP + the entry
					      instruction length pushed,
					      the gate's DPL checked */
#define NESTED_INTR_PRIV_SW_EXCEPTION (5u << 8) /* INT1 (ICEBP): as INT n,
						   no DPL check */
#define NESTED_INTR_SW_EXCEPTION (6u << 8) /* INT3, INTO: as INT n */

/* interruptibility: VMX's guest interruptibility state (SDM Vol. 3C,
 * 24.4.2), written back at every exit and loaded at every entry.
 * Blocking by STI and by MOV SS: the instruction after an STI that set
 * IF, or after a MOV to SS, runs before any event L0 would make L2 take
 * (an exit for an interrupt of L1's, the NMI window).  An exit of that
 * instruction - `sti; out` with the OUT intercepted - reports the bit, RIP
 * at the instruction; an entry with it (and no event to inject) holds
 * the events again for that one instruction.  An L1 that steps L2 past
 * the instruction it emulated clears both bits, as KVM does.  Blocking
 * by NMI: set by the delivery of an NMI, cleared by IRET, NMIs held
 * while it is set.  Bit 2 (blocking by SMI) and bits 31:4 are reserved. */
#define NESTED_BLOCK_BY_STI        (1u << 0)
#define NESTED_BLOCK_BY_MOV_SS     (1u << 1)
#define NESTED_BLOCK_BY_NMI        (1u << 3)
#define NESTED_INTERRUPTIBILITY_ALL (NESTED_BLOCK_BY_STI | \
				     NESTED_BLOCK_BY_MOV_SS | \
				     NESTED_BLOCK_BY_NMI)

/* entry_failure: which check the copy of the block failed */
enum nested_failure {
	NESTED_FAIL_NONE = 0,
	NESTED_FAIL_HEADER,          /* magic or revision wrong */
	NESTED_FAIL_CONTROLS,        /* a reserved bit in intercepts */
	NESTED_FAIL_IO_BITMAP,       /* not aligned, outside RAM, or the block */
	NESTED_FAIL_NESTED_ROOT,     /* not aligned, outside RAM, or the block */
	NESTED_FAIL_CR0,             /* reserved bits, PG without PE */
	NESTED_FAIL_CR4,             /* reserved bits */
	NESTED_FAIL_EFER,            /* reserved bits, LMA != LME && PG */
	NESTED_FAIL_LONG_MODE_NO_PAGING, /* EFER.LME without CR0.PG / CR4.PAE */
	NESTED_FAIL_CS_L_AND_D,      /* CS.L and CS.D both set */
	NESTED_FAIL_SEGMENT,         /* a segment attribute's reserved bits */
	NESTED_FAIL_RFLAGS,          /* reserved bits, bit 1 clear, VM set */
	NESTED_FAIL_RIP,             /* RIP not canonical */
	NESTED_FAIL_CR3,             /* CR3 reserved bits */
	NESTED_FAIL_UNSUPPORTED,     /* a state this L0 cannot run (not 64-bit
					long mode with paging) */
	NESTED_FAIL_EVENT,           /* entry_intr_info: a reserved bit or a
					reserved type (1, 7) */
	NESTED_FAIL_EVENT_VECTOR,    /* an NMI's vector not 2, a hardware
					exception's above 31 */
	NESTED_FAIL_EVENT_ERROR,     /* error code valid for other than #DF
					#TS #NP #SS #GP #PF #AC, missing for
					them, or bits 31:16 of it set */
	NESTED_FAIL_EVENT_LENGTH,    /* a software interrupt or exception
					whose instruction length is not 1-15 */
	NESTED_FAIL_EVENT_IF,        /* an external interrupt for an L2 with
					RFLAGS.IF clear */
	NESTED_FAIL_INTERRUPTIBILITY, /* a reserved bit in interruptibility */
	NESTED_FAIL_EVENT_NMI_BLOCKED, /* an NMI for an L2 blocked by NMI */
	NESTED_FAIL_SHADOW_BOTH,     /* blocking by STI and by MOV SS both */
	NESTED_FAIL_SHADOW_STI_IF,   /* blocking by STI with RFLAGS.IF clear */
	NESTED_FAIL_EVENT_SHADOW_EXTINT, /* an external interrupt for an L2
					    blocked by STI or by MOV SS */
	NESTED_FAIL_EVENT_SHADOW_NMI, /* an NMI for an L2 blocked by MOV SS */
	NESTED_FAIL_COUNT,
};

/* A segment as VMCB keeps one (AMD APM Vol. 2, 15.5.1): attrib packs the
 * descriptor's type 3:0, S 4, DPL 6:5, P 7, AVL 8, L 9, D/B 10, G 11. */
struct nested_segment {
	uint16_t selector;
	uint16_t attrib;
	uint32_t limit;
	uint64_t base;
};
#define NESTED_SEG_S   (1u << 4)
#define NESTED_SEG_DPL_SHIFT 5
#define NESTED_SEG_P   (1u << 7)
#define NESTED_SEG_AVL (1u << 8)
#define NESTED_SEG_L   (1u << 9)
#define NESTED_SEG_DB  (1u << 10)
#define NESTED_SEG_G   (1u << 11)
#define NESTED_SEG_RESERVED 0xf000u

/*
 * One page, page-aligned, in L1's RAM; never at GPA 0, never overlapping
 * the nested page table's root or the I/O bitmaps.  L0 reads it once per
 * run (the copy) and writes back the L2 state and the exit fields (with
 * entry_intr_info) only.
 */
struct nested_block {
	/* header (VMCS revision identifier) */
	uint32_t magic;              /* NESTED_BLOCK_MAGIC */
	uint32_t revision;           /* NESTED_BLOCK_REVISION */
	/* L2's state (VMCS guest-state area, VMCB state save area) */
	uint64_t gpr[16];            /* RAX RCX RDX RBX RSP RBP RSI RDI R8-R15 */
	uint64_t rip;
	uint64_t rflags;
	uint64_t cr0, cr3, cr4, efer;
	uint64_t cr2;                /* L2's CR2: a #PF's address (in the
					VMCB's state save area; VMX keeps it
					out of the VMCS) */
	struct nested_segment cs, ds, es, ss, fs, gs, tr, ldtr;
	uint64_t gdtr_base, idtr_base;
	uint32_t gdtr_limit, idtr_limit;
	uint32_t interruptibility;   /* NESTED_BLOCK_BY_*: STI's or MOV SS's
					one-instruction shadow; an NMI
					handler runs, no NMI until its IRET */
	uint32_t reserved_state;     /* ignored (keeps the controls aligned) */
	/* controls L1 asks for (VMCS execution controls, VMCB intercepts) */
	uint32_t intercepts;         /* NESTED_INTERCEPT_* */
	uint32_t exception_bitmap;   /* bit n: vector n exits */
	uint64_t io_bitmap_a;        /* page: ports 0x0000-0x7fff, bit = exit */
	uint64_t io_bitmap_b;        /* page: ports 0x8000-0xffff */
	uint64_t nested_root;        /* L1-physical PML4 of the nested page
					table: L2-physical -> L1-physical,
					x86-64 4-level format (EPTP) */
	/* exit information (VMCS exit-information fields, VMCB EXITCODE,
	 * EXITINFO1/2) */
	uint32_t exit_reason;        /* NESTED_EXIT_* */
	uint32_t entry_failure;      /* enum nested_failure */
	uint64_t exit_qualification;
	uint64_t exit_gpa;           /* L2-physical address (NPF) */
	uint32_t exit_insn_len;      /* bytes of the exiting instruction */
	uint32_t exit_intr_info;     /* NESTED_EXIT_EXCEPTION's vector (bit
					12: NESTED_INTR_NMI_UNBLOCKED) */
	uint32_t exit_intr_error;    /* ... and its error code */
	/* the event whose delivery through L2's IDT the exit cut short - an
	 * injected one, or one L2 raised - or 0 (VMCS IDT-vectoring
	 * information and error code, VMCB EXITINTINFO): L1 injects it again
	 * (entry_intr_info, with exit_insn_len for a software type) */
	uint32_t idt_vectoring_info; /* vector | type | NESTED_INTR_HAS_ERROR
					| NESTED_INTR_VALID */
	uint32_t idt_vectoring_error;
	/* an event for L0 to deliver through L2's IDT at the entry, before
	 * L2's first instruction (VMCS VM-entry interruption information,
	 * exception error code and instruction length; VMCB EVENTINJ); L0
	 * clears entry_intr_info once delivered */
	uint32_t entry_intr_info;    /* vector | type | NESTED_INTR_HAS_ERROR
					| NESTED_INTR_VALID */
	uint32_t entry_intr_error;   /* the error code, with HAS_ERROR */
	uint32_t entry_insn_len;     /* software types: the bytes of the
					instruction the event stands for
					(the frame's RIP is RIP + this) */
};

#endif /* GUEST_ABI_NESTED_H */
