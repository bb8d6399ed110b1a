/*
 * core/exit.c - names and explanations for the unified exit record.
 *
 * Three tables a student can read top to bottom:
 *   - KVM's user-space exit reasons, what KVM_RUN leaves in
 *     kvm_run->exit_reason (include/uapi/linux/kvm.h, 0..37; 38..40 from
 *     newer kernels: LOONGARCH_IOCSR, MEMORY_FAULT, TDX);
 *   - Intel VMX basic exit reasons (arch/x86/include/uapi/asm/vmx.h;
 *     Intel SDM vol. 3, appendix C);
 *   - AMD SVM exit codes (arch/x86/include/uapi/asm/svm.h; AMD APM vol. 2,
 *     appendix C).
 * A number that is in no table prints as UNKNOWN(n): kernels grow new
 * reasons, and vmscope must never mislabel one.  vmscope's own two reasons
 * for exits of L2's that KVM keeps in the kernel are numbered far from
 * KVM's and print as NAME(vmscope).
 *
 * exit_hw_describe() connects the two worlds: which hardware exit made the
 * CPU leave the guest before KVM decided to hand the exit to user space.
 * exit_explain() says in words what an exit means, on the backend that
 * gave it.
 */
#include <stdio.h>
#include <string.h>

#include "core/exit.h"
#include "core/nested.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* KVM_EXIT_* in kvm_run->exit_reason. */
static const char *const kvm_exit_names[EXIT_REASON_TABLE_SIZE] = {
	[0] = "UNKNOWN",
	[1] = "EXCEPTION",
	[2] = "IO",
	[3] = "HYPERCALL",
	[4] = "DEBUG",
	[5] = "HLT",
	[6] = "MMIO",
	[7] = "IRQ_WINDOW_OPEN",
	[8] = "SHUTDOWN",
	[9] = "FAIL_ENTRY",
	[10] = "INTR",
	[11] = "SET_TPR",
	[12] = "TPR_ACCESS",
	[13] = "S390_SIEIC",
	[14] = "S390_RESET",
	[15] = "DCR",
	[16] = "NMI",
	[17] = "INTERNAL_ERROR",
	[18] = "OSI",
	[19] = "PAPR_HCALL",
	[20] = "S390_UCONTROL",
	[21] = "WATCHDOG",
	[22] = "S390_TSCH",
	[23] = "EPR",
	[24] = "SYSTEM_EVENT",
	[25] = "S390_STSI",
	[26] = "IOAPIC_EOI",
	[27] = "HYPERV",
	[28] = "ARM_NISV",
	[29] = "X86_RDMSR",
	[30] = "X86_WRMSR",
	[31] = "DIRTY_RING_FULL",
	[32] = "AP_RESET_HOLD",
	[33] = "X86_BUS_LOCK",
	[34] = "XEN",
	[35] = "RISCV_SBI",
	[36] = "RISCV_CSR",
	[37] = "NOTIFY",
	[38] = "LOONGARCH_IOCSR",
	[39] = "MEMORY_FAULT",
	[40] = "TDX",
};

/* vmscope's own reasons (core/exit.h), from EXIT_VMSCOPE_FIRST: the words
 * the trace's rule uses, "handled in L0" and "reflected to L1". */
static const char *const vmscope_exit_names[] = {
	[EXIT_HANDLED_IN_L0 - EXIT_VMSCOPE_FIRST] = "HANDLED_IN_L0",
	[EXIT_REFLECTED_TO_L1 - EXIT_VMSCOPE_FIRST] = "REFLECTED_TO_L1",
};
_Static_assert(ARRAY_SIZE(vmscope_exit_names) ==
	       EXIT_VMSCOPE_END - EXIT_VMSCOPE_FIRST,
	       "a name for each of vmscope's reasons");

/*
 * VMX basic exit reasons (bits 15:0 of the VM-exit reason field).  Gaps
 * (5 I/O SMI, 11 GETSEC, 17 RSM, ...) are reasons Linux does not name and
 * KVM never sees; they print as UNKNOWN(n).
 */
#define VMX_EXCEPTION_NMI       0
#define VMX_EXTERNAL_INTERRUPT  1
#define VMX_TRIPLE_FAULT        2
#define VMX_INTERRUPT_WINDOW    7
#define VMX_HLT                 12
#define VMX_IO_INSTRUCTION      30
#define VMX_EPT_VIOLATION       48
#define VMX_EPT_MISCONFIG       49
/* Bit 31 of the exit reason: the VM entry itself failed. */
#define VMX_FAILED_VMENTRY      0x80000000u

static const char *const vmx_exit_names[] = {
	[0] = "EXCEPTION_NMI",
	[1] = "EXTERNAL_INTERRUPT",
	[2] = "TRIPLE_FAULT",
	[3] = "INIT_SIGNAL",
	[4] = "SIPI_SIGNAL",
	[6] = "OTHER_SMI",
	[7] = "INTERRUPT_WINDOW",
	[8] = "NMI_WINDOW",
	[9] = "TASK_SWITCH",
	[10] = "CPUID",
	[12] = "HLT",
	[13] = "INVD",
	[14] = "INVLPG",
	[15] = "RDPMC",
	[16] = "RDTSC",
	[18] = "VMCALL",
	[19] = "VMCLEAR",
	[20] = "VMLAUNCH",
	[21] = "VMPTRLD",
	[22] = "VMPTRST",
	[23] = "VMREAD",
	[24] = "VMRESUME",
	[25] = "VMWRITE",
	[26] = "VMOFF",
	[27] = "VMON",
	[28] = "CR_ACCESS",
	[29] = "DR_ACCESS",
	[30] = "IO_INSTRUCTION",
	[31] = "MSR_READ",
	[32] = "MSR_WRITE",
	[33] = "INVALID_STATE",
	[34] = "MSR_LOAD_FAIL",
	[36] = "MWAIT_INSTRUCTION",
	[37] = "MONITOR_TRAP_FLAG",
	[39] = "MONITOR_INSTRUCTION",
	[40] = "PAUSE_INSTRUCTION",
	[41] = "MCE_DURING_VMENTRY",
	[43] = "TPR_BELOW_THRESHOLD",
	[44] = "APIC_ACCESS",
	[45] = "EOI_INDUCED",
	[46] = "GDTR_IDTR",
	[47] = "LDTR_TR",
	[48] = "EPT_VIOLATION",
	[49] = "EPT_MISCONFIG",
	[50] = "INVEPT",
	[51] = "RDTSCP",
	[52] = "PREEMPTION_TIMER",
	[53] = "INVVPID",
	[54] = "WBINVD",
	[55] = "XSETBV",
	[56] = "APIC_WRITE",
	[57] = "RDRAND",
	[58] = "INVPCID",
	[59] = "VMFUNC",
	[60] = "ENCLS",
	[61] = "RDSEED",
	[62] = "PML_FULL",
	[63] = "XSAVES",
	[64] = "XRSTORS",
	[67] = "UMWAIT",
	[68] = "TPAUSE",
	[74] = "BUS_LOCK",
	[75] = "NOTIFY",
	[76] = "SEAMCALL",
	[77] = "TDCALL",
	[84] = "MSR_READ_IMM",
	[85] = "MSR_WRITE_IMM",
};

/*
 * SVM exit codes (the VMCB's EXITCODE).  The numbered families - CR and DR
 * accesses, exceptions, CR write traps - are the svm_exit_ranges below.
 */
#define SVM_EXCP_BASE   0x040  /* + exception vector, up to 0x05f */
#define SVM_INTR        0x060
#define SVM_VINTR       0x064
#define SVM_HLT         0x078
#define SVM_IOIO        0x07b
#define SVM_SHUTDOWN    0x07f
#define SVM_NPF         0x400
#define SVM_ERR         0xffffffffu /* -1: invalid guest state */
#define X86_VECTOR_DB   1

static const char *const svm_exit_names[] = {
	[0x060] = "INTR",
	[0x061] = "NMI",
	[0x062] = "SMI",
	[0x063] = "INIT",
	[0x064] = "VINTR",
	[0x065] = "CR0_SEL_WRITE",
	[0x066] = "IDTR_READ",
	[0x067] = "GDTR_READ",
	[0x068] = "LDTR_READ",
	[0x069] = "TR_READ",
	[0x06a] = "IDTR_WRITE",
	[0x06b] = "GDTR_WRITE",
	[0x06c] = "LDTR_WRITE",
	[0x06d] = "TR_WRITE",
	[0x06e] = "RDTSC",
	[0x06f] = "RDPMC",
	[0x070] = "PUSHF",
	[0x071] = "POPF",
	[0x072] = "CPUID",
	[0x073] = "RSM",
	[0x074] = "IRET",
	[0x075] = "SWINT",
	[0x076] = "INVD",
	[0x077] = "PAUSE",
	[0x078] = "HLT",
	[0x079] = "INVLPG",
	[0x07a] = "INVLPGA",
	[0x07b] = "IOIO",
	[0x07c] = "MSR",
	[0x07d] = "TASK_SWITCH",
	[0x07e] = "FERR_FREEZE",
	[0x07f] = "SHUTDOWN",
	[0x080] = "VMRUN",
	[0x081] = "VMMCALL",
	[0x082] = "VMLOAD",
	[0x083] = "VMSAVE",
	[0x084] = "STGI",
	[0x085] = "CLGI",
	[0x086] = "SKINIT",
	[0x087] = "RDTSCP",
	[0x088] = "ICEBP",
	[0x089] = "WBINVD",
	[0x08a] = "MONITOR",
	[0x08b] = "MWAIT",
	[0x08c] = "MWAIT_COND",
	[0x08d] = "XSETBV",
	[0x08e] = "RDPRU",
	[0x08f] = "EFER_WRITE_TRAP",
	[0x0a2] = "INVPCID",
	[0x0a5] = "BUS_LOCK",
	[0x0a6] = "IDLE_HLT",
	[0x400] = "NPF",
	[0x401] = "AVIC_INCOMPLETE_IPI",
	[0x402] = "AVIC_UNACCELERATED_ACCESS",
	[0x403] = "VMGEXIT",
};

/* Families of SVM codes: code = first + n, named prefix n suffix. */
struct svm_exit_range {
	uint32_t first, last;
	const char *prefix, *suffix;
};

static const struct svm_exit_range svm_exit_ranges[] = {
	{ 0x000, 0x00f, "READ_CR", "" },
	{ 0x010, 0x01f, "WRITE_CR", "" },
	{ 0x020, 0x02f, "READ_DR", "" },
	{ 0x030, 0x03f, "WRITE_DR", "" },
	{ 0x090, 0x09f, "CR", "_WRITE_TRAP" },
};

/* x86 exception mnemonics by vector (Intel SDM vol. 3, table 6-1). */
static const char *const x86_vector_names[32] = {
	[0] = "DE", [1] = "DB", [2] = "NMI", [3] = "BP", [4] = "OF",
	[5] = "BR", [6] = "UD", [7] = "NM", [8] = "DF", [10] = "TS",
	[11] = "NP", [12] = "SS", [13] = "GP", [14] = "PF", [16] = "MF",
	[17] = "AC", [18] = "MC", [19] = "XM", [20] = "VE", [21] = "CP",
	[28] = "HV", [29] = "VC", [30] = "SX",
};

/*
 * The hardware exit behind each user-space exit a vmscope guest can cause.
 * known == false: the reason has no single hardware counterpart (KVM makes
 * it up in software) and prints as "-".  insn == true: a guest instruction
 * caused it, which is what the PVM text talks about.  KVM does not tell
 * user space which hardware exit it took, so where it may be one of two
 * the text names both: vmx_or, a second VMX reason; or_none, KVM may
 * return the reason with no hardware exit at all.
 */
struct hw_counterpart {
	bool known;
	bool insn;
	uint32_t vmx;
	uint32_t svm;
	uint32_t vmx_or;
	bool or_none;
};

static const struct hw_counterpart hw_counterparts[EXIT_REASON_TABLE_SIZE] = {
	[EXIT_IO] = { .known = true, .insn = true,
		      .vmx = VMX_IO_INSTRUCTION, .svm = SVM_IOIO },
	/* The first access to an MMIO page is an EPT violation; once KVM has
	 * cached the page as MMIO (enable_mmio_caching, on by default) it
	 * marks its EPT entry with a misconfigured bit pattern and later
	 * accesses are EPT_MISCONFIG(49) (arch/x86/kvm/mmu/spte.c; SDM Vol.
	 * 3C, "EPT Misconfigurations").  Which one an exit was, user space
	 * is not told: both are named.  SVM takes NPF for both. */
	[EXIT_MMIO] = { .known = true, .insn = true,
			.vmx = VMX_EPT_VIOLATION, .svm = SVM_NPF,
			.vmx_or = VMX_EPT_MISCONFIG },
	[EXIT_HLT] = { .known = true, .insn = true,
		       .vmx = VMX_HLT, .svm = SVM_HLT },
	[EXIT_SHUTDOWN] = { .known = true, .insn = true,
			    .vmx = VMX_TRIPLE_FAULT, .svm = SVM_SHUTDOWN },
	[EXIT_IRQ_WINDOW_OPEN] = { .known = true,
				   .vmx = VMX_INTERRUPT_WINDOW,
				   .svm = SVM_VINTR },
	/* A single step or breakpoint is a #DB exception intercepted by KVM:
	 * VMX reports all exceptions as EXCEPTION_NMI, SVM per vector. */
	[EXIT_DEBUG] = { .known = true, .insn = true,
			 .vmx = VMX_EXCEPTION_NMI,
			 .svm = SVM_EXCP_BASE + X86_VECTOR_DB },
	/* vm_request_stop() kicks the vCPU thread with a signal.  A kick
	 * while the guest runs: the signal's IPI makes the CPU leave it with
	 * an external interrupt, and KVM then sees the pending signal and
	 * returns INTR.  A kick before the entry (immediate_exit, or the
	 * signal seen by vcpu_run() first) returns INTR with no hardware
	 * exit: both are named. */
	[EXIT_INTR] = { .known = true,
			.vmx = VMX_EXTERNAL_INTERRUPT, .svm = SVM_INTR,
			.or_none = true },
};

static bool is_vmscope_reason(uint32_t reason)
{
	return reason >= EXIT_VMSCOPE_FIRST && reason < EXIT_VMSCOPE_END;
}

uint32_t exit_reason_at(unsigned slot)
{
	if (slot < EXIT_REASON_TABLE_SIZE)
		return slot;
	return EXIT_VMSCOPE_FIRST + (slot - EXIT_REASON_TABLE_SIZE);
}

int exit_reason_slot(uint32_t reason)
{
	if (reason < EXIT_REASON_TABLE_SIZE)
		return (int)reason;
	if (is_vmscope_reason(reason))
		return EXIT_REASON_TABLE_SIZE + (int)(reason - EXIT_VMSCOPE_FIRST);
	return -1;
}

const char *exit_reason_name(uint32_t reason)
{
	if (is_vmscope_reason(reason))
		return vmscope_exit_names[reason - EXIT_VMSCOPE_FIRST];
	if (reason >= ARRAY_SIZE(kvm_exit_names))
		return NULL;
	return kvm_exit_names[reason];
}

/* KVM's reasons with KVM's number; vmscope's own say whose they are. */
const char *exit_reason_format(uint32_t reason, char *buf, size_t len)
{
	const char *name = exit_reason_name(reason);

	if (is_vmscope_reason(reason))
		snprintf(buf, len, "%s(vmscope)", name);
	else
		snprintf(buf, len, "%s(%u)", name ? name : "UNKNOWN", reason);
	return buf;
}

/* VMX: decimal, as the SDM numbers them; the entry-failure flag is kept
 * apart the way KVM's kvm_exit tracepoint prints it. */
static void vmx_format(uint32_t code, char *buf, size_t len)
{
	uint32_t basic = code & ~VMX_FAILED_VMENTRY;
	const char *name = NULL;

	if (basic < ARRAY_SIZE(vmx_exit_names))
		name = vmx_exit_names[basic];
	snprintf(buf, len, "%s(%u)%s", name ? name : "UNKNOWN", basic,
		 code & VMX_FAILED_VMENTRY ? " FAILED_VMENTRY" : "");
}

/* The name part of an SVM code; false when the code is in no table. */
static bool svm_name(uint32_t code, char *buf, size_t len)
{
	if (code < ARRAY_SIZE(svm_exit_names) && svm_exit_names[code]) {
		snprintf(buf, len, "%s", svm_exit_names[code]);
		return true;
	}
	if (code >= SVM_EXCP_BASE && code < SVM_EXCP_BASE + 32) {
		uint32_t vec = code - SVM_EXCP_BASE;

		if (x86_vector_names[vec])
			snprintf(buf, len, "EXCP_%s", x86_vector_names[vec]);
		else
			snprintf(buf, len, "EXCP_%u", vec);
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(svm_exit_ranges); i++) {
		const struct svm_exit_range *r = &svm_exit_ranges[i];

		if (code >= r->first && code <= r->last) {
			snprintf(buf, len, "%s%u%s", r->prefix,
				 code - r->first, r->suffix);
			return true;
		}
	}
	return false;
}

/* SVM: hex, as the APM numbers them; ERR is -1 in a 64-bit field. */
static void svm_format(uint32_t code, char *buf, size_t len)
{
	char name[32];

	if (code == SVM_ERR)
		snprintf(buf, len, "ERR(-1)");
	else if (svm_name(code, name, sizeof(name)))
		snprintf(buf, len, "%s(0x%x)", name, code);
	else
		snprintf(buf, len, "UNKNOWN(0x%x)", code);
}

const char *exit_hw_format(enum host_flavour flavour, uint32_t code,
			   char *buf, size_t len)
{
	switch (flavour) {
	case HOST_VMX:
		vmx_format(code, buf, len);
		break;
	case HOST_SVM:
		svm_format(code, buf, len);
		break;
	default:
		snprintf(buf, len, "UNKNOWN(%u)", code);
		break;
	}
	return buf;
}

/* PVM runs the guest without VMX or SVM: ring 0 goes through KVM's
 * instruction emulator, ring 3 runs natively and traps into KVM.  So no
 * hardware exit exists; the text says how the access reached KVM, in
 * words for the exit's detail or briefly for a trace column (whose
 * header says once what the host is). */
static const char *pvm_describe(const struct exit_record *exit,
				const struct hw_counterpart *hw, bool brief,
				char *buf, size_t len)
{
	if (!hw->insn)
		snprintf(buf, len, brief ? "KVM's own" :
			 "none (PVM: KVM's own exit)");
	else if (exit->cpl == 0)
		snprintf(buf, len, brief ? "ring-0 emulated" :
			 "none (PVM: ring-0 insn emulated)");
	else
		snprintf(buf, len, brief ? "ring-%u trapped" :
			 "none (PVM: ring-%u insn trapped)", exit->cpl);
	return buf;
}

/* The hardware exit of a VMX or SVM host, or the two it may be:
 * "EPT_VIOLATION(48) or EPT_MISCONFIG(49)" (brief: "/" between them). */
static const char *hw_either(enum host_flavour flavour,
			     const struct hw_counterpart *hw, bool brief,
			     char *buf, size_t len)
{
	uint32_t code = flavour == HOST_VMX ? hw->vmx : hw->svm;
	char one[48], other[48];

	if (flavour == HOST_VMX && hw->vmx_or)
		exit_hw_format(flavour, hw->vmx_or, other, sizeof(other));
	else if (hw->or_none)
		snprintf(other, sizeof(other), "none");
	else
		return exit_hw_format(flavour, code, buf, len);
	exit_hw_format(flavour, code, one, sizeof(one));
	snprintf(buf, len, "%s%s%s", one, brief ? "/" : " or ", other);
	return buf;
}

static const char *hw_text(enum host_flavour flavour,
			   const struct exit_record *exit, bool brief,
			   char *buf, size_t len)
{
	static const struct hw_counterpart none;
	const struct hw_counterpart *hw = &none;
	bool hardware = flavour == HOST_VMX || flavour == HOST_SVM;

	if (exit->reason < ARRAY_SIZE(hw_counterparts))
		hw = &hw_counterparts[exit->reason];
	if (hardware && exit->hw_reason_known)
		return exit_hw_format(flavour, exit->hw_reason, buf, len);
	if (hardware && exit->reason == EXIT_FAIL_ENTRY)
		return exit_hw_format(flavour,
				      (uint32_t)exit->u.fail_entry.hw_reason,
				      buf, len);
	if (!hw->known) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (flavour == HOST_PVM)
		return pvm_describe(exit, hw, brief, buf, len);
	if (flavour == HOST_SOFT) {
		snprintf(buf, len, brief ? "-" : "none (software CPU)");
		return buf;
	}
	return hw_either(flavour, hw, brief, buf, len);
}

const char *exit_hw_describe(enum host_flavour flavour,
			     const struct exit_record *exit,
			     char *buf, size_t len)
{
	return hw_text(flavour, exit, false, buf, len);
}

const char *exit_hw_brief(enum host_flavour flavour,
			  const struct exit_record *exit, char *buf, size_t len)
{
	return hw_text(flavour, exit, true, buf, len);
}

bool exit_before_insn(uint32_t reason)
{
	return reason == EXIT_IRQ_WINDOW_OPEN || reason == EXIT_INTR;
}

/*
 * What each reason means, in three parts read in order: what the guest
 * did, the same on every backend; how the exit reached vmscope, which is
 * where the backends differ - KVM returns from KVM_RUN, the software CPU
 * from its own run(), with no KVM_RUN, no KVM_SET_GUEST_DEBUG and no
 * hardware exit - and what vmscope does with it.  An exit of L2's that L0
 * reflected to L1 never reaches vmscope's devices: explain_reflected
 * replaces the last part.  NULL: nothing to say there; a soft part left
 * NULL is for reasons only KVM gives, and the KVM text stands.
 */
struct explanation {
	const char *what;
	const char *kvm;
	const char *soft;
	const char *then;
};

static const struct explanation explanations[EXIT_REASON_TABLE_SIZE] = {
	[EXIT_IO] = {
		"The guest executed a port I/O instruction (in or out).",
		"The port was not one KVM emulates itself, such as the UART at "
		"0x3f8: the CPU left the guest, KVM saw that and returned from "
		"KVM_RUN to vmscope.",
		"The software CPU, which runs the guest's instructions inside "
		"vmscope, stopped at the instruction and returned from its "
		"run() to vmscope's loop: no KVM_RUN and no hardware exit, but "
		"the exit KVM would give.",
		"vmscope handed the access to the device on the bus (a port no "
		"device claims reads as all ones). For an IN, the value the "
		"device produced goes into the guest's register when vmscope "
		"runs it again, and the guest continues after the instruction.",
	},
	[EXIT_MMIO] = {
		"The guest read or wrote a physical address with no RAM behind "
		"it.",
		"The page walk failed in the second-level page tables (EPT or "
		"NPT) - on Intel an EPT violation at the page's first access, "
		"an EPT misconfiguration (the mark KVM leaves in the entry of "
		"a page it knows as MMIO) at later ones -, KVM decoded the "
		"instruction to learn the address, size and data, and returned "
		"from KVM_RUN to vmscope.",
		"The software CPU found no RAM at the address in vmscope's "
		"memory map; it had decoded the instruction already, so it knew "
		"the address, size and data, and returned from its run() to "
		"vmscope.",
		"vmscope passed the access to the device that owns the address "
		"(or ignored it: unclaimed reads give all ones). The next run "
		"completes the instruction.",
	},
	[EXIT_HLT] = {
		"The guest executed HLT: it has nothing to do until an "
		"interrupt arrives.",
		"With KVM's in-kernel interrupt controller KVM would simply "
		"sleep; here the interrupt controller lives in vmscope, so KVM "
		"returns and vmscope decides.",
		"The software CPU returns to vmscope, whose interrupt "
		"controller decides when it wakes.",
		"With interrupts on and a device that can still raise an "
		"unmasked line, vmscope sleeps until one does and injects the "
		"interrupt with the next run. Otherwise nothing can ever wake "
		"the CPU - with interrupts off that is how a bare-metal program "
		"says it has finished - and the run ends.",
	},
	[EXIT_SHUTDOWN] = {
		"The guest hit a fault while delivering a double fault: a "
		"triple fault. A real PC resets;",
		"KVM stops the vCPU and reports SHUTDOWN.",
		"the software CPU stops and reports SHUTDOWN, as KVM does.",
		"Usually the guest's IDT, GDT, stack or page tables are broken. "
		"vmscope ends the run and shows the registers at the last "
		"instruction.",
	},
	[EXIT_FAIL_ENTRY] = {
		"The CPU refused to enter the guest at all:",
		"the guest state that KVM loaded failed the hardware's "
		"checks at VM entry. The hardware reason says only which kind "
		"of failure - on VMX INVALID_STATE(33) (a guest-state check), "
		"MSR_LOAD_FAIL(34) or MCE_DURING_VMENTRY(41), with "
		"FAILED_VMENTRY (bit 31); on SVM ERR(-1), VMEXIT_INVALID - "
		"never which check: that takes the SDM's list (Vol. 3C, "
		"27.3), walked by hand against the state.",
		NULL,
		"Nothing of the guest ran; vmscope reports it and stops, "
		"because the entry state it built is wrong.",
	},
	[EXIT_INTERNAL_ERROR] = {
		NULL,
		"KVM hit something it cannot handle, most often an instruction "
		"its emulator does not know (suberror 1) or an exception while "
		"delivering an event.",
		"The software CPU met something it does not implement - an "
		"instruction, or an access it cannot complete, such as a second "
		"MMIO access in one instruction - and reports it as KVM reports "
		"an emulation failure (suberror 1), with its reason in words.",
		"The guest cannot go on; vmscope stops it and shows the "
		"suberror and the instruction at RIP.",
	},
	[EXIT_DEBUG] = {
		"The guest stopped because vmscope asked for it: a single step "
		"or a breakpoint.",
		"vmscope set it through KVM_SET_GUEST_DEBUG; the CPU raised a "
		"debug exception that KVM intercepted and returned from KVM_RUN "
		"to vmscope instead of delivering it to the guest.",
		"The software CPU stops by itself: before the instruction at a "
		"breakpoint's address (it compares the PC), or after the one "
		"instruction of a step. No debug exception is raised, and no "
		"KVM_SET_GUEST_DEBUG is involved.",
		"The guest continues where it stopped when vmscope resumes it.",
	},
	[EXIT_IRQ_WINDOW_OPEN] = {
		"vmscope has an interrupt to inject, but the guest had "
		"interrupts off.",
		"vmscope asked KVM to return as soon as the guest can take one "
		"(request_interrupt_window).",
		"vmscope asked the software CPU to return as soon as the guest "
		"can take one, as KVM's request_interrupt_window does.",
		"The guest has now enabled interrupts, so vmscope injects the "
		"interrupt and runs the guest, which enters its interrupt "
		"handler.",
	},
	[EXIT_INTR] = {
		NULL,
		"KVM_RUN returned because a signal is pending for the vCPU "
		"thread, not because of anything the guest did. vmscope uses "
		"this to stop a running guest (a key, a timer, Ctrl-C): it "
		"kicks the thread with a signal, the CPU leaves the guest (an "
		"external-interrupt exit if the guest was running; a kick that "
		"came before the entry makes no hardware exit at all), KVM "
		"returns INTR, and vmscope looks at what it wanted.",
		"The software CPU's run() returned because vmscope kicked it, "
		"not because of anything the guest did: it looks for a kick "
		"between blocks of instructions. vmscope kicks it to stop a "
		"running guest (a key, a timer, Ctrl-C) and look at what it "
		"wanted; the exit is named INTR, as KVM names its return for "
		"a pending signal.",
		"The guest resumes unharmed.",
	},
	[EXIT_SYSTEM_EVENT] = {
		NULL,
		"The guest asked the platform to power off, reset or report a "
		"crash through a firmware interface KVM implements (for example "
		"PSCI on Arm). The event type says which; vmscope ends the run "
		"accordingly.",
		NULL, NULL,
	},
	[EXIT_EXCEPTION] = {
		NULL,
		"KVM intercepted an exception in the guest that it does not "
		"know how to handle and passed it to user space, with the "
		"vector and error code. On x86 this is rare: KVM reflects "
		"almost every exception straight back into the guest without "
		"returning.",
		NULL, NULL,
	},
	[EXIT_HYPERCALL] = {
		NULL,
		"The guest made a hypercall (VMCALL on Intel, VMMCALL on AMD) "
		"that user space asked KVM to forward (KVM_CAP_EXIT_HYPERCALL). "
		"KVM handles most hypercalls itself; vmscope does not enable "
		"this exit, so seeing it means something unexpected.",
		NULL, NULL,
	},
	[EXIT_UNKNOWN] = {
		NULL,
		"The hardware reported an exit reason KVM has no handler for. "
		"KVM passes the raw hardware reason along; the guest cannot "
		"continue.",
		NULL, NULL,
	},
};

static const struct explanation explain_other = {
	"An exit that vmscope's guests do not normally cause.",
	"KVM returned from KVM_RUN with this reason; see the KVM API "
	"documentation (Documentation/virt/kvm/api.rst) for its payload.",
	"The software CPU gives KVM's reasons; the KVM API documentation "
	"(Documentation/virt/kvm/api.rst) says what this one carries.",
	NULL,
};

/* vmscope's own reasons: exits of L2's no KVM_RUN would report.  Where
 * KVM is L0 the host kernel keeps them; here vmscope is L0. */
static const struct explanation vmscope_explanations[] = {
	[EXIT_HANDLED_IN_L0 - EXIT_VMSCOPE_FIRST] = {
		"L2 - the guest L1's hypervisor runs - touched a page L1's "
		"nested page table maps but L0's shadow of that table did not "
		"have yet: a shadow fault (the hardware reason, an EPT "
		"violation).",
		"No KVM_RUN returns such an exit to user space: where KVM is "
		"L0 (nested VMX or SVM) the host kernel fixes its shadow EPT "
		"itself. So the reason is vmscope's own, vmscope being L0 "
		"here.",
		NULL,
		"L0 walked L1's table and put the page in its shadow, and L2 "
		"runs the instruction again: L1 never hears of it.",
	},
	[EXIT_REFLECTED_TO_L1 - EXIT_VMSCOPE_FIRST] = {
		"L2 - the guest L1's hypervisor runs - made an exit that L1's "
		"controls ask for and that has no KVM reason: an exception in "
		"L1's exception bitmap, CPUID, an interrupt for L1, L1's NMI "
		"window or an address L1's nested page table does not map "
		"(the hardware reason says which).",
		"No KVM_RUN returns such an exit to user space: where KVM is "
		"L0 (nested VMX or SVM) the host kernel makes the VM exit into "
		"L1 itself. So the reason is vmscope's own, vmscope being L0 "
		"here.",
		NULL, NULL,
	},
};
_Static_assert(ARRAY_SIZE(vmscope_explanations) ==
	       EXIT_VMSCOPE_END - EXIT_VMSCOPE_FIRST,
	       "an explanation for each of vmscope's reasons");

static const char explain_reflected[] =
	"This exit was L2's, and L1 asked for it (the rule after the arrow "
	"says how): vmscope, as L0, reflected it - it wrote the exit into "
	"L1's control block, as its run doorbell's interface defines, and "
	"ran L1, whose own handler dealt with it (for a port, L1's own "
	"device model, not vmscope's bus) before L1 ran L2 again.";

/* Append part to buf at *pos, a space before all but the first. */
static void explain_part(char *buf, size_t len, size_t *pos,
			 const char *part)
{
	int n;

	if (!part || *pos + 1 >= len)
		return;
	n = snprintf(buf + *pos, len - *pos, "%s%s", *pos ? " " : "", part);
	*pos = n < 0 ? *pos : *pos + (size_t)n;
	if (*pos >= len)
		*pos = len - 1;
}

const char *exit_explain(const struct exit_record *exit,
			 enum host_flavour flavour, char *buf, size_t len)
{
	const struct explanation *e = &explain_other;
	const char *how;
	size_t pos = 0;

	if (is_vmscope_reason(exit->reason))
		e = &vmscope_explanations[exit->reason - EXIT_VMSCOPE_FIRST];
	else if (exit->reason < ARRAY_SIZE(explanations) &&
		 explanations[exit->reason].kvm)
		e = &explanations[exit->reason];
	how = flavour == HOST_SOFT && e->soft ? e->soft : e->kvm;
	buf[0] = '\0';
	explain_part(buf, len, &pos, e->what);
	explain_part(buf, len, &pos, how);
	explain_part(buf, len, &pos, exit->nest.verdict == NESTED_REFLECT ?
				     explain_reflected : e->then);
	return buf;
}

const char *host_flavour_name(enum host_flavour flavour)
{
	switch (flavour) {
	case HOST_VMX:
		return "VMX";
	case HOST_SVM:
		return "SVM";
	case HOST_PVM:
		return "PVM";
	case HOST_SOFT:
		return "soft";
	}
	return "?";
}

uint64_t exit_io_value(const struct exit_io *io, uint32_t i)
{
	const uint8_t *elem;
	uint64_t value = 0;

	if (!io->data || i >= io->count || io->size > sizeof(value))
		return 0;
	elem = io->data + (size_t)i * io->size;
	for (unsigned b = 0; b < io->size; b++)
		value |= (uint64_t)elem[b] << (8 * b);
	return value;
}

uint64_t exit_mmio_value(const struct exit_mmio *mmio)
{
	uint32_t len = mmio->len < 8 ? mmio->len : 8;
	uint64_t value = 0;

	for (uint32_t b = 0; b < len; b++)
		value |= (uint64_t)mmio->data[b] << (8 * b);
	return value;
}

uint64_t exit_time_since(const struct exit_record *exit, uint64_t prev_t_ns)
{
	if (!prev_t_ns)
		return 0;
	if (exit->resume_ns > prev_t_ns + EXIT_HOLD_NS)
		return exit->t_ns - exit->resume_ns;
	return exit->t_ns - prev_t_ns;
}
