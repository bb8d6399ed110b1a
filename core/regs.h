/*
 * core/regs.h - architectural vCPU state as vmscope sees it.
 *
 * The same structs for both backends; the KVM backend converts from and to
 * struct kvm_regs / kvm_sregs, the software CPU keeps them natively.
 */
#ifndef CORE_REGS_H
#define CORE_REGS_H

#include <stdint.h>

struct vcpu_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
};

struct vcpu_segment {
	uint64_t base;
	uint32_t limit;
	uint16_t selector;
	uint8_t type;      /* 4-bit descriptor type */
	uint8_t present, dpl, db, s, l, g, avl;
};

struct vcpu_table {
	uint64_t base;
	uint16_t limit;
};

struct vcpu_sregs {
	struct vcpu_segment cs, ds, es, fs, gs, ss, tr, ldt;
	struct vcpu_table gdt, idt;
	uint64_t cr0, cr2, cr3, cr4, cr8, efer, apic_base;
};

/* RFLAGS bits */
#define RFLAGS_CF   (1ULL << 0)
#define RFLAGS_FIXED (1ULL << 1)   /* always 1 */
#define RFLAGS_IF   (1ULL << 9)
#define RFLAGS_TF   (1ULL << 8)
#define RFLAGS_DF   (1ULL << 10)
#define RFLAGS_IOPL_SHIFT 12

/* Control register and EFER bits */
#define CR0_PE  (1ULL << 0)
#define CR0_MP  (1ULL << 1)
#define CR0_ET  (1ULL << 4)
#define CR0_NE  (1ULL << 5)
#define CR0_WP  (1ULL << 16)
#define CR0_PG  (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define EFER_SCE (1ULL << 0)
#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)
#define EFER_NXE (1ULL << 11)

#endif /* CORE_REGS_H */
