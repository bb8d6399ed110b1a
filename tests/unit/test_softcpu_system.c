/*
 * tests/unit/test_softcpu_system.c - the software CPU's system side, with
 * exact values: ring-3 INT 0x80 through a DPL-3 gate (stack switch to
 * TSS.RSP0, IRETQ back), INT n through a DPL-0 gate (#GP), SYSCALL and
 * SYSRET, SWAPGS, LTR, the TSS I/O permission bitmap, privileged
 * instructions at CPL 3, SGDT and its kin under CR4.UMIP, the CPUID
 * leaves cpu/exec_msr.c documents, and
 * RDMSR of an MSR that does not exist.
 *
 * The test writes its own GDT (the boot GDT has no user segments): kernel
 * code 0x08 and data 0x10, user data 0x18 and code 0x20 (used with RPL 3:
 * 0x1b, 0x23, as guest/abi/machine.h), and a 64-bit TSS at 0x28 whose I/O
 * bitmap allows port 0x80 only.  Ring-3 code lives at USER_BASE, where
 * the boot page tables map user pages.  Programs are raw bytes with their
 * assembly in a comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

#define GDT_BASE    0x3000ULL
#define GDT_LIMIT   (7 * 8 - 1)       /* null, 4 segments, TSS (2 slots) */
#define TSS_BASE    0x4000ULL
#define TSS_RSP0    4                 /* offsets in the 64-bit TSS */
#define TSS_IOMAP   0x66
#define IOMAP_OFF   0x68              /* the bitmap right after the TSS */
#define TSS_LIMIT   (IOMAP_OFF + 0x2000)  /* 65536 bits + the 0xff byte */
#define KSTACK      0x70000ULL        /* TSS.RSP0 */
#define USER_CODE   USER_BASE
#define USER_STACK  0x4ffff8ULL
#define SEL_UCODE3  (SEL_USER_CODE | 3)
#define SEL_UDATA3  (SEL_USER_DATA | 3)
#define VEC_GP      13
#define RFLAGS_IOPL3 (3ULL << RFLAGS_IOPL_SHIFT)
#define CR4_UMIP    (1ULL << 11)

/* Descriptors (SDM Vol. 3A, figure 3-8): flat, 4 KiB granular. */
#define DESC_KERNEL_CODE 0x00af9b000000ffffULL   /* L, P, DPL 0, XR */
#define DESC_KERNEL_DATA 0x00cf93000000ffffULL   /* P, DPL 0, RW */
#define DESC_USER_DATA   0x00cff3000000ffffULL   /* P, DPL 3, RW */
#define DESC_USER_CODE   0x00affb000000ffffULL   /* L, P, DPL 3, XR */
#define TSS_TYPE_AVAILABLE 9ULL
#define TSS_TYPE_BUSY      11ULL

static void put64(struct scpu_fixture *f, uint64_t gpa, uint64_t v)
{
	assert_int_equal(guest_mem_write(&f->mem, gpa, &v, 8), 0);
}

static uint64_t get64(struct scpu_fixture *f, uint64_t gpa)
{
	uint64_t v;

	assert_int_equal(guest_mem_read(&f->mem, gpa, &v, 8), 0);
	return v;
}

/* The TSS descriptor's low half (SDM Vol. 3A, figure 8-4); base < 4 GiB. */
static uint64_t tss_descriptor(uint64_t type)
{
	return (TSS_LIMIT & 0xffff) | ((TSS_BASE & 0xffffff) << 16) |
	       (type << 40) | (1ULL << 47) |
	       ((uint64_t)(TSS_LIMIT >> 16) << 48) | ((TSS_BASE >> 24) << 56);
}

/* The GDT, a TSS with RSP0 = KSTACK and a bitmap that allows port 0x80
 * only, and an IDT whose gates all have DPL 0. */
static void install_system(struct scpu_fixture *f)
{
	static uint8_t bitmap[0x2001];
	struct vcpu_sregs s;
	uint16_t iomap = IOMAP_OFF;

	put64(f, GDT_BASE + 0x08, DESC_KERNEL_CODE);
	put64(f, GDT_BASE + 0x10, DESC_KERNEL_DATA);
	put64(f, GDT_BASE + 0x18, DESC_USER_DATA);
	put64(f, GDT_BASE + 0x20, DESC_USER_CODE);
	put64(f, GDT_BASE + 0x28, tss_descriptor(TSS_TYPE_AVAILABLE));
	put64(f, GDT_BASE + 0x30, 0);
	put64(f, TSS_BASE + TSS_RSP0, KSTACK);
	assert_int_equal(guest_mem_write(&f->mem, TSS_BASE + TSS_IOMAP,
					 &iomap, 2), 0);
	memset(bitmap, 0xff, sizeof(bitmap));
	bitmap[0x80 / 8] = (uint8_t)~1u;      /* port 0x80: bit 0 clear */
	assert_int_equal(guest_mem_write(&f->mem, TSS_BASE + IOMAP_OFF,
					 bitmap, sizeof(bitmap)), 0);
	scpu_install_idt(f, 0);
	softcpu_get_sregs(f->cpu, &s);
	s.gdt.base = GDT_BASE;
	s.gdt.limit = GDT_LIMIT;
	s.efer |= EFER_SCE;
	assert_int_equal(softcpu_set_sregs(f->cpu, &s), 0);
}

/* TR as LTR would have loaded it (the LTR test loads it for real). */
static void load_tr(struct vcpu_sregs *s)
{
	s->tr = (struct vcpu_segment){ .base = TSS_BASE, .limit = TSS_LIMIT,
				       .selector = SEL_TSS,
				       .type = TSS_TYPE_BUSY, .present = 1 };
}

/* Continue at CPL 3 at rip with the user stack and these RFLAGS. */
static void enter_user(struct scpu_fixture *f, uint64_t rip, uint64_t rflags)
{
	struct vcpu_sregs s;

	softcpu_get_sregs(f->cpu, &s);
	s.cs = (struct vcpu_segment){ .limit = 0xffffffff,
				      .selector = SEL_UCODE3, .type = 11,
				      .present = 1, .dpl = 3, .s = 1, .l = 1,
				      .g = 1 };
	s.ss = (struct vcpu_segment){ .limit = 0xffffffff,
				      .selector = SEL_UDATA3, .type = 3,
				      .present = 1, .dpl = 3, .s = 1, .db = 1,
				      .g = 1 };
	load_tr(&s);
	assert_int_equal(softcpu_set_sregs(f->cpu, &s), 0);
	f->regs.rip = rip;
	f->regs.rsp = USER_STACK;
	f->regs.rflags = rflags;
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
}

/* Run a few instructions: for code that ends in "jmp $". */
static void run_briefly(struct scpu_fixture *f)
{
	assert_int_equal(softcpu_run(f->cpu, &f->exit, 100), 0);
	assert_int_equal(f->exit.reason, EXIT_INTR);
	assert_int_equal(softcpu_get_regs(f->cpu, &f->regs), 0);
}

static uint16_t cpl_selector(struct scpu_fixture *f, uint16_t *ss)
{
	struct vcpu_sregs s;

	softcpu_get_sregs(f->cpu, &s);
	*ss = s.ss.selector;
	return s.cs.selector;
}

/* The run stopped at vector's "hlt" with this error code on top of the
 * handler's stack, and the fault's RIP and CS under it. */
static void assert_fault(struct scpu_fixture *f, unsigned vector,
			 uint64_t error, uint64_t rip, uint64_t cs)
{
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * vector);
	assert_int_equal(get64(f, f->regs.rsp), error);
	assert_int_equal(get64(f, f->regs.rsp + 8), rip);
	assert_int_equal(get64(f, f->regs.rsp + 16), cs);
}

/*
 * INT 0x80 from ring 3 through a DPL-3 interrupt gate: the handler runs at
 * CPL 0 on TSS.RSP0 with SS = NULL and IF clear, the frame holds the
 * return RIP, user CS, RFLAGS, user RSP and user SS; IRETQ goes back.
 * It counts as a software interrupt, not an exception (SDM Vol. 3A,
 * 6.3.3).
 */
static void test_int80_from_ring3(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t user[] = {
		0xcd, 0x80,                     /* int 0x80 */
		0xeb, 0xfe,                     /* jmp $ */
	};
	static const uint8_t handler[] = {
		0xf4,                           /* hlt */
		0x48, 0xcf,                     /* iretq */
	};
	struct softcpu_counters c;
	uint16_t cs, ss;

	install_system(f);
	scpu_set_gate_dpl(f, 0x80, 3);
	scpu_load(f, SCPU_HANDLERS + 16 * 0x80, handler, sizeof(handler));
	scpu_load(f, USER_CODE, user, sizeof(user));
	enter_user(f, USER_CODE, 0x202);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * 0x80);
	assert_int_equal(f->exit.cpl, 0);
	cs = cpl_selector(f, &ss);
	assert_int_equal(cs, SEL_KERNEL_CODE);
	assert_int_equal(ss, 0);
	assert_int_equal(f->regs.rsp, KSTACK - 40);
	assert_int_equal(f->regs.rflags, 0x2);
	assert_int_equal(get64(f, KSTACK - 40), USER_CODE + 2);
	assert_int_equal(get64(f, KSTACK - 32), SEL_UCODE3);
	assert_int_equal(get64(f, KSTACK - 24), 0x202);
	assert_int_equal(get64(f, KSTACK - 16), USER_STACK);
	assert_int_equal(get64(f, KSTACK - 8), SEL_UDATA3);
	softcpu_get_counters(f->cpu, &c);
	assert_int_equal(c.software_interrupts, 1);
	assert_int_equal(c.exceptions, 0);
	run_briefly(f);
	assert_int_equal(f->regs.rip, USER_CODE + 2);
	assert_int_equal(f->regs.rsp, USER_STACK);
	assert_int_equal(f->regs.rflags, 0x202);
	cs = cpl_selector(f, &ss);
	assert_int_equal(cs, SEL_UCODE3);
	assert_int_equal(ss, SEL_UDATA3);
}

/* INT 0x40 from ring 3 through a DPL-0 gate: #GP with the error code
 * vector * 8 + 2 (IDT), reported at the INT itself.  The INT delivered
 * nothing: one exception is counted, the #GP, and no software interrupt. */
static void test_int_through_dpl0_gate(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t user[] = { 0xcd, 0x40 };   /* int 0x40 */
	struct softcpu_counters c;

	install_system(f);
	scpu_load(f, USER_CODE, user, sizeof(user));
	enter_user(f, USER_CODE, 0x202);
	assert_fault(f, VEC_GP, 0x40 * 8 + 2, USER_CODE, SEL_UCODE3);
	assert_int_equal(f->regs.rsp, KSTACK - 48);
	softcpu_get_counters(f->cpu, &c);
	assert_int_equal(c.exceptions, 1);
	assert_int_equal(c.software_interrupts, 0);
}

/*
 * SYSRET to ring 3, SYSCALL back, SYSRET again.  STAR = 0x0010 << 48 |
 * 0x0008 << 32: SYSCALL loads CS 0x08 and SS 0x10, SYSRET CS 0x10+16|3 =
 * 0x23 and SS 0x10+8|3 = 0x1b.  SYSCALL saves RIP in RCX and RFLAGS in
 * R11 and clears the FMASK bits (IF); SYSRET restores RFLAGS from R11.
 */
static void test_syscall_sysret(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t kernel[] = {
		0xb9, 0x81, 0x00, 0x00, 0xc0,   /* mov ecx, STAR */
		0x31, 0xc0,                     /* xor eax, eax */
		0xba, 0x08, 0x00, 0x10, 0x00,   /* mov edx, 0x00100008 */
		0x0f, 0x30,                     /* wrmsr */
		0xb9, 0x82, 0x00, 0x00, 0xc0,   /* mov ecx, LSTAR */
		0xb8, 0x00, 0x01, 0x10, 0x00,   /* mov eax, 0x100100 */
		0x31, 0xd2,                     /* xor edx, edx */
		0x0f, 0x30,                     /* wrmsr */
		0xb9, 0x84, 0x00, 0x00, 0xc0,   /* mov ecx, FMASK */
		0xb8, 0x00, 0x02, 0x00, 0x00,   /* mov eax, 0x200 (IF) */
		0x0f, 0x30,                     /* wrmsr */
		0xb9, 0x00, 0x00, 0x40, 0x00,   /* mov ecx, USER_BASE */
		0x41, 0xbb, 0x46, 0x02, 0x00, 0x00, /* mov r11d, 0x246 */
		0x48, 0x0f, 0x07,               /* sysretq */
	};
	static const uint8_t entry[] = {
		0xf4,                           /* 0x100100: hlt */
		0x48, 0x0f, 0x07,               /* sysretq */
	};
	static const uint8_t user[] = {
		0xb8, 0x3c, 0x00, 0x00, 0x00,   /* mov eax, 60 */
		0x0f, 0x05,                     /* syscall */
		0xeb, 0xfe,                     /* jmp $ */
	};
	uint16_t cs, ss;

	install_system(f);
	scpu_load(f, SCPU_CODE, kernel, sizeof(kernel));
	scpu_load(f, SCPU_CODE + 0x100, entry, sizeof(entry));
	scpu_load(f, USER_CODE, user, sizeof(user));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 0x100);
	assert_int_equal(f->regs.rax, 60);
	assert_int_equal(f->regs.rcx, USER_CODE + 7);
	assert_int_equal(f->regs.r11, 0x246);
	assert_int_equal(f->regs.rflags, 0x046);
	cs = cpl_selector(f, &ss);
	assert_int_equal(cs, SEL_KERNEL_CODE);
	assert_int_equal(ss, SEL_KERNEL_DATA);
	run_briefly(f);
	assert_int_equal(f->regs.rip, USER_CODE + 7);
	assert_int_equal(f->regs.rflags, 0x246);
	cs = cpl_selector(f, &ss);
	assert_int_equal(cs, SEL_UCODE3);
	assert_int_equal(ss, SEL_UDATA3);
}

/* SWAPGS exchanges GS.base with IA32_KERNEL_GS_BASE. */
static void test_swapgs(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb9, 0x01, 0x01, 0x00, 0xc0,   /* mov ecx, GS_BASE */
		0xb8, 0x00, 0x50, 0x00, 0x00,   /* mov eax, 0x5000 */
		0x31, 0xd2,                     /* xor edx, edx */
		0x0f, 0x30,                     /* wrmsr */
		0xb9, 0x02, 0x01, 0x00, 0xc0,   /* mov ecx, KERNEL_GS_BASE */
		0xb8, 0x00, 0x60, 0x00, 0x00,   /* mov eax, 0x6000 */
		0x0f, 0x30,                     /* wrmsr */
		0x0f, 0x01, 0xf8,               /* swapgs */
		0x65, 0x48, 0x8b, 0x1c, 0x25, 0x00, 0x00, 0x00, 0x00,
						/* mov rbx, gs:[0] */
		0x0f, 0x32,                     /* rdmsr (KERNEL_GS_BASE) */
		0xf4,                           /* hlt */
	};
	struct vcpu_sregs s;

	put64(f, 0x5000, 0x1111);
	put64(f, 0x6000, 0x2222);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rbx, 0x2222);
	assert_int_equal(f->regs.rax, 0x5000);
	assert_int_equal(f->regs.rdx, 0);
	softcpu_get_sregs(f->cpu, &s);
	assert_int_equal(s.gs.base, 0x6000);
}

/* LTR loads TR from the GDT and marks the descriptor busy; a second LTR
 * of the now busy TSS is #GP(selector). */
static void test_ltr(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x66, 0xb8, 0x28, 0x00,         /* mov ax, 0x28 */
		0x0f, 0x00, 0xd8,               /* ltr ax */
		0xf4,                           /* hlt */
		0x0f, 0x00, 0xd8,               /* ltr ax */
	};
	struct vcpu_sregs s;

	install_system(f);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	softcpu_get_sregs(f->cpu, &s);
	assert_int_equal(s.tr.selector, SEL_TSS);
	assert_int_equal(s.tr.base, TSS_BASE);
	assert_int_equal(s.tr.limit, TSS_LIMIT);
	assert_int_equal(s.tr.type, TSS_TYPE_BUSY);
	assert_int_equal(s.tr.present, 1);
	assert_int_equal(get64(f, GDT_BASE + SEL_TSS),
			 tss_descriptor(TSS_TYPE_BUSY));
	assert_fault(f, VEC_GP, SEL_TSS, SCPU_CODE + 8, SEL_KERNEL_CODE);
}

/* At CPL 3 with IOPL 0 the TSS bitmap decides: port 0x80 exits, port
 * 0x81 is #GP(0).  With IOPL 3 the bitmap is not consulted. */
static void test_io_bitmap(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t user[] = {
		0xb0, 0x41,                     /* mov al, 'A' */
		0xe6, 0x80,                     /* out 0x80, al */
		0xe6, 0x81,                     /* out 0x81, al */
	};

	install_system(f);
	scpu_load(f, USER_CODE, user, sizeof(user));
	enter_user(f, USER_CODE, 0x202);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x80);
	assert_int_equal(f->exit.u.io.data[0], 'A');
	assert_int_equal(f->exit.rip, USER_CODE + 2);
	assert_int_equal(f->exit.cpl, 3);
	assert_fault(f, VEC_GP, 0, USER_CODE + 4, SEL_UCODE3);
	enter_user(f, USER_CODE + 4, 0x202 | RFLAGS_IOPL3);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x81);
	assert_int_equal(f->exit.rip, USER_CODE + 4);
}

/*
 * INS at CPL 3 through the bitmap: the permission is checked once, before
 * the exit, as the hardware checks it before its VM exit and KVM's
 * emulator keeps that check (perm_ok) through the completion.  The TSS
 * denying the port meanwhile changes nothing: the completion stores the
 * data, RDI moves, RIP goes past.  (It looked again, and raised #GP(0)
 * at the INS with the data lost.)
 */
static void test_ins_completion_keeps_permission(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t user[] = {
		0x66, 0xba, 0x80, 0x00,         /* mov dx, 0x80 */
		0x48, 0xc7, 0xc7, 0x00, 0xfe, 0x4f, 0x00, /* mov rdi, 0x4ffe00 */
		0x6c,                           /* insb */
		0xeb, 0xfe,                     /* jmp $ */
	};
	const uint8_t deny = 0xff;

	install_system(f);
	scpu_load(f, USER_CODE, user, sizeof(user));
	enter_user(f, USER_CODE, 0x202);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x80);
	assert_int_equal(f->exit.u.io.direction, IO_IN);
	assert_int_equal(f->exit.rip, USER_CODE + 11);
	assert_int_equal(guest_mem_write(&f->mem, TSS_BASE + IOMAP_OFF +
					 0x80 / 8, &deny, 1), 0);
	f->exit.u.io.data[0] = 0x5a;
	run_briefly(f);
	assert_int_equal(f->regs.rip, USER_CODE + 12);
	assert_int_equal(f->regs.rdi, 0x4ffe01);
	assert_int_equal(get64(f, 0x4ffe00) & 0xff, 0x5a);
}

/* Instructions CPL 3 may not execute: #GP(0) at the instruction. */
static void test_privileged_at_cpl3(void **state)
{
	struct scpu_fixture *f = *state;
	static const struct {
		uint8_t bytes[3];
		size_t len;
	} insns[] = {
		{ { 0xf4 }, 1 },                /* hlt */
		{ { 0x0f, 0x01, 0xf8 }, 3 },    /* swapgs */
		{ { 0x0f, 0x32 }, 2 },          /* rdmsr */
		{ { 0x0f, 0x22, 0xd8 }, 3 },    /* mov cr3, rax */
		{ { 0xfa }, 1 },                /* cli (IOPL 0) */
	};

	install_system(f);
	for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		scpu_load(f, USER_CODE, insns[i].bytes, insns[i].len);
		enter_user(f, USER_CODE, 0x202);
		assert_fault(f, VEC_GP, 0, USER_CODE, SEL_UCODE3);
	}
}

/*
 * SGDT, SIDT, SLDT, STR and SMSW run at CPL 3 (SGDT stores the GDTR the
 * kernel loaded) until CR4.UMIP is set: then each is #GP(0) there, at
 * the instruction, and nothing is stored.  (Each was INTERNAL_ERROR.)
 */
static void test_umip(void **state)
{
	static const uint64_t untouched = 0xaaaaaaaaaaaaaaaaULL;
	struct scpu_fixture *f = *state;
	static const struct {
		uint8_t bytes[8];
		size_t len;
	} insns[] = {
		{ { 0x0f, 0x01, 0x04, 0x24 }, 4 },    /* sgdt [rsp] */
		{ { 0x0f, 0x01, 0x0c, 0x24 }, 4 },    /* sidt [rsp] */
		{ { 0x0f, 0x00, 0xc0 }, 3 },          /* sldt eax */
		{ { 0x0f, 0x00, 0x0c, 0x24 }, 4 },    /* str [rsp] */
		{ { 0x48, 0x0f, 0x01, 0xe0 }, 4 },    /* smsw rax */
	};
	static const uint8_t jmp_self[] = { 0xeb, 0xfe };
	struct vcpu_sregs s;

	install_system(f);
	scpu_load(f, USER_CODE, insns[0].bytes, insns[0].len);
	scpu_load(f, USER_CODE + insns[0].len, jmp_self, sizeof(jmp_self));
	put64(f, USER_STACK, 0);
	enter_user(f, USER_CODE, 0x202);
	run_briefly(f);
	assert_int_equal(get64(f, USER_STACK), GDT_BASE << 16 | GDT_LIMIT);
	softcpu_get_sregs(f->cpu, &s);
	s.cr4 |= CR4_UMIP;
	assert_int_equal(softcpu_set_sregs(f->cpu, &s), 0);
	/* a pattern none of them would store (SLDT's selector is 0) */
	for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		scpu_load(f, USER_CODE, insns[i].bytes, insns[i].len);
		put64(f, USER_STACK, untouched);
		f->regs.rax = untouched;
		enter_user(f, USER_CODE, 0x202);
		assert_fault(f, VEC_GP, 0, USER_CODE, SEL_UCODE3);
		assert_int_equal(get64(f, USER_STACK), untouched);
		assert_int_equal(f->regs.rax, untouched);
	}
}

/* The leaves cpu/exec_msr.c documents, EBX/ECX/EDX zero-extended. */
static void test_cpuid_leaves(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x0f, 0xa2,                     /* cpuid */
		0xf4,                           /* hlt */
	};
	static const struct {
		uint32_t leaf, sub, a, b, c, d;
	} leaves[] = {
		{ 0, 0, 7, 0x63736d76, 0x2154464f, 0x5365706f }, /* vmscopeSOFT! */
		{ 1, 0, 0x601, 0, 0, 0x8070 },        /* TSC MSR PAE CMOV */
		{ 7, 0, 0, 0, 4, 0 },                 /* UMIP */
		{ 7, 1, 0, 0, 0, 0 },
		{ 0x80000000, 0, 0x80000001, 0, 0, 0 },
		{ 0x80000001, 0, 0, 0, 1, 0x20100800 }, /* LAHF; SYSCALL NX LM */
		{ 2, 0, 0, 0, 0, 0 },
		{ 0x40000000, 0, 0, 0, 0, 0 },
	};
	struct softcpu_counters c;

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		f->regs.rip = SCPU_CODE;
		f->regs.rax = 0xffffffff00000000ULL | leaves[i].leaf;
		f->regs.rcx = 0xffffffff00000000ULL | leaves[i].sub;
		f->regs.rbx = f->regs.rdx = UINT64_MAX;
		assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
		scpu_run(f, EXIT_HLT);
		assert_int_equal(f->regs.rax, leaves[i].a);
		assert_int_equal(f->regs.rbx, leaves[i].b);
		assert_int_equal(f->regs.rcx, leaves[i].c);
		assert_int_equal(f->regs.rdx, leaves[i].d);
	}
	softcpu_get_counters(f->cpu, &c);
	assert_int_equal(c.cpuid, 8);
}

/* RDMSR of an MSR the CPU does not have: #GP(0), nothing counted. */
static void test_rdmsr_unknown(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb9, 0x78, 0x56, 0x34, 0x12,   /* mov ecx, 0x12345678 */
		0x0f, 0x32,                     /* rdmsr */
	};
	struct softcpu_counters c;

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	assert_fault(f, VEC_GP, 0, SCPU_CODE + 5, SEL_KERNEL_CODE);
	softcpu_get_counters(f->cpu, &c);
	assert_int_equal(c.rdmsr, 0);
	assert_int_equal(c.exceptions, 1);
}

/* Leaving long mode from 64-bit code is #GP(0), as on hardware: clearing
 * CR0.PG ... */
static void test_clearing_pg_faults(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x0f, 0x20, 0xc0,                     /* mov rax, cr0 */
		0x0f, 0xba, 0xf0, 0x1f,               /* btr eax, 31 */
		0x0f, 0x22, 0xc0,                     /* mov cr0, rax */
	};

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	assert_fault(f, VEC_GP, 0, SCPU_CODE + 7, SEL_KERNEL_CODE);
}

/* ... or CR4.PAE. */
static void test_clearing_pae_faults(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x0f, 0x20, 0xe0,                     /* mov rax, cr4 */
		0x48, 0x83, 0xe0, 0xdf,               /* and rax, ~0x20 */
		0x0f, 0x22, 0xe0,                     /* mov cr4, rax */
	};

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	assert_fault(f, VEC_GP, 0, SCPU_CODE + 7, SEL_KERNEL_CODE);
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_int80_from_ring3),
		T(test_int_through_dpl0_gate),
		T(test_syscall_sysret),
		T(test_swapgs),
		T(test_ltr),
		T(test_io_bitmap),
		T(test_ins_completion_keeps_permission),
		T(test_privileged_at_cpl3),
		T(test_umip),
		T(test_cpuid_leaves),
		T(test_rdmsr_unknown),
		T(test_clearing_pg_faults),
		T(test_clearing_pae_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
