/*
 * cpu/exec_msr.c - CPUID, RDMSR, WRMSR, RDTSC: instructions the software
 * CPU answers itself (KVM answers them in the kernel too), counted so the
 * stats can show them as "handled without a user-space exit".
 *
 * CPUID (a stable, documented set; everything else reads as zeros):
 *   0          EAX = 7 (highest basic leaf), vendor "vmscopeSOFT!"
 *              (EBX "vmsc", EDX "opeS", ECX "OFT!")
 *   1          EAX = 0x00000601 (family 6, model 0, stepping 1);
 *              EDX = TSC | MSR | PAE | CMOV; EBX = ECX = 0
 *   7, ECX = 0 ECX = UMIP (CR4.UMIP works: cpu/exec_system.c); EAX = 0
 *              (no sub-leaf beyond 0), EBX = EDX = 0
 *   0x80000000 EAX = 0x80000001 (highest extended leaf)
 *   0x80000001 EDX = SYSCALL | NX | LM; ECX = LAHF/SAHF in 64-bit mode
 *   anything else: EAX = EBX = ECX = EDX = 0
 * MSRs (SDM Vol. 4, table 2-2): EFER (SCE and NXE writable), STAR, LSTAR,
 * CSTAR, FMASK, FS_BASE, GS_BASE, KERNEL_GS_BASE, TSC, APIC_BASE; any
 * other number raises #GP(0), as an unknown MSR does on hardware.
 * The TSC counts the machine's nanoseconds (a 1 GHz TSC) plus what the
 * guest wrote: host time, or with --clock insn the machine's instruction
 * clock at the RDTSC's exact place (core/vm_clock.h: one instruction, one
 * tick), so two runs read the same values.
 */
#include "core/clock.h"
#include "core/vm_clock.h"
#include "cpu/cpu.h"
#include "cpu/soft_nested.h"
#include "cpu/exec.h"

#define MSR_TSC            0x00000010
#define MSR_APIC_BASE      0x0000001b
#define MSR_EFER           0xc0000080
#define MSR_STAR           0xc0000081
#define MSR_LSTAR          0xc0000082
#define MSR_CSTAR          0xc0000083
#define MSR_FMASK          0xc0000084
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

/* CPUID feature bits (SDM Vol. 2A, CPUID, tables 3-20 and 3-21) */
#define CPUID_1_EDX_TSC   (1u << 4)
#define CPUID_1_EDX_MSR   (1u << 5)
#define CPUID_1_EDX_PAE   (1u << 6)
#define CPUID_1_EDX_CMOV  (1u << 15)
#define CPUID_81_EDX_SYSCALL (1u << 11)
#define CPUID_81_EDX_NX   (1u << 20)
#define CPUID_81_EDX_LM   (1u << 29)
#define CPUID_81_ECX_LAHF (1u << 0)
#define CPUID_7_ECX_UMIP  (1u << 2)
#define CPUID_MAX_BASIC   7
#define CPUID_1_EAX_SIGNATURE 0x00000601u
/* "vmscopeSOFT!" as the three little-endian registers of leaf 0. */
#define CPUID_VENDOR_EBX 0x63736d76u   /* "vmsc" */
#define CPUID_VENDOR_EDX 0x5365706fu   /* "opeS" */
#define CPUID_VENDOR_ECX 0x2154464fu   /* "OFT!" */

#define EFER_WRITABLE (EFER_SCE | EFER_NXE)

/* The machine's time as insn, an instruction of the running block, runs. */
static uint64_t time_now(const struct softcpu *cpu, const struct insn *insn)
{
	return cpu->clock ? vm_clock_at(cpu->clock, cpu_work_before(cpu, insn))
			  : clock_now_ns();
}

static uint64_t tsc_now(const struct softcpu *cpu, const struct insn *insn)
{
	return time_now(cpu, insn) + cpu->msr.tsc_offset;
}

int cpu_exec_cpuid(struct softcpu *cpu, const struct insn *insn)
{
	uint32_t leaf = (uint32_t)cpu->gpr[REG_RAX], a = 0, b = 0, c = 0, d = 0;
	uint32_t subleaf = (uint32_t)cpu->gpr[REG_RCX];

	(void)insn;
	if (cpu->l2 && soft_l2_cpuid_exits(cpu))
		return soft_l2_exit(cpu, NESTED_EXIT_CPUID);
	cpu->counters.cpuid++;
	switch (leaf) {
	case 0:
		a = CPUID_MAX_BASIC;
		b = CPUID_VENDOR_EBX, d = CPUID_VENDOR_EDX, c = CPUID_VENDOR_ECX;
		break;
	case 1:
		a = CPUID_1_EAX_SIGNATURE;
		d = CPUID_1_EDX_TSC | CPUID_1_EDX_MSR | CPUID_1_EDX_PAE |
		    CPUID_1_EDX_CMOV;
		break;
	case 7:
		c = subleaf == 0 ? CPUID_7_ECX_UMIP : 0;
		break;
	case 0x80000000:
		a = 0x80000001;
		break;
	case 0x80000001:
		c = CPUID_81_ECX_LAHF;
		d = CPUID_81_EDX_SYSCALL | CPUID_81_EDX_NX | CPUID_81_EDX_LM;
		break;
	default:
		break;
	}
	cpu_gpr_write(cpu, REG_RAX, 4, a);
	cpu_gpr_write(cpu, REG_RBX, 4, b);
	cpu_gpr_write(cpu, REG_RCX, 4, c);
	cpu_gpr_write(cpu, REG_RDX, 4, d);
	return CPU_OK;
}

/* The MSR's storage, or NULL for EFER/TSC (special) and unknown MSRs. */
static uint64_t *msr_slot(struct softcpu *cpu, uint32_t msr)
{
	switch (msr) {
	case MSR_STAR: return &cpu->msr.star;
	case MSR_LSTAR: return &cpu->msr.lstar;
	case MSR_CSTAR: return &cpu->msr.cstar;
	case MSR_FMASK: return &cpu->msr.fmask;
	case MSR_FS_BASE: return &cpu->sregs.fs.base;
	case MSR_GS_BASE: return &cpu->sregs.gs.base;
	case MSR_KERNEL_GS_BASE: return &cpu->msr.kernel_gs_base;
	case MSR_APIC_BASE: return &cpu->sregs.apic_base;
	default: return NULL;
	}
}

int cpu_exec_rdmsr(struct softcpu *cpu, const struct insn *insn)
{
	uint32_t msr = (uint32_t)cpu->gpr[REG_RCX];
	uint64_t *slot = msr_slot(cpu, msr), v;

	if (cpu->cpl != 0)
		return cpu_gp0(cpu);
	if (msr == MSR_EFER)
		v = cpu->sregs.efer;
	else if (msr == MSR_TSC)
		v = tsc_now(cpu, insn);
	else if (slot)
		v = *slot;
	else
		return cpu_gp0(cpu);
	cpu->counters.rdmsr++;
	cpu_gpr_write(cpu, REG_RAX, 4, v);
	cpu_gpr_write(cpu, REG_RDX, 4, v >> 32);
	return CPU_OK;
}

static int write_efer(struct softcpu *cpu, uint64_t v)
{
	uint64_t fixed = cpu->sregs.efer & ~EFER_WRITABLE;

	if ((v & ~EFER_WRITABLE) != fixed)
		return cpu_gp0(cpu);
	cpu->sregs.efer = v;
	mmu_flush(cpu);
	icache_flush(cpu);
	return CPU_OK;
}

int cpu_exec_wrmsr(struct softcpu *cpu, const struct insn *insn)
{
	uint32_t msr = (uint32_t)cpu->gpr[REG_RCX];
	uint64_t v = (cpu->gpr[REG_RDX] << 32) | (uint32_t)cpu->gpr[REG_RAX];
	uint64_t *slot = msr_slot(cpu, msr);

	if (cpu->cpl != 0)
		return cpu_gp0(cpu);
	if (msr == MSR_EFER) {
		if (write_efer(cpu, v))
			return CPU_STOP;
	} else if (msr == MSR_TSC) {
		cpu->msr.tsc_offset = v - time_now(cpu, insn);
	} else if (!slot || (msr != MSR_FMASK && msr != MSR_STAR &&
			     msr != MSR_APIC_BASE && !cpu_canonical(v))) {
		return cpu_gp0(cpu);
	} else {
		*slot = v;
	}
	cpu->counters.wrmsr++;
	return CPU_OK;
}

int cpu_exec_rdtsc(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t t = tsc_now(cpu, insn);

	cpu_gpr_write(cpu, REG_RAX, 4, t);
	cpu_gpr_write(cpu, REG_RDX, 4, t >> 32);
	return CPU_OK;
}
