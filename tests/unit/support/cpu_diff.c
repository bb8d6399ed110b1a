/*
 * tests/unit/support/cpu_diff.c - run a sequence natively and in the
 * software CPU, compare, shrink and report a mismatch (cpu_diff.h).
 */
#include "tests/unit/support/cpu_diff.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>

#include "core/boot.h"
#include "core/exit.h"
#include "cpu/softcpu.h"

#define HLT 0xf4
#define NOP 0x90
/* Straight-line code: far more than any sequence retires, so a CPU that
 * jumps astray stops with an INTR exit instead of looping forever. */
#define RUN_BUDGET 100000
#define DATA_DIFFS_SHOWN 16

static const char *const reg_names[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

struct flag_name {
	uint64_t bit;
	const char *name;
};

static const struct flag_name flag_names[] = {
	{ NATIVE_RFLAGS_CF, "CF" }, { NATIVE_RFLAGS_PF, "PF" },
	{ NATIVE_RFLAGS_AF, "AF" }, { NATIVE_RFLAGS_ZF, "ZF" },
	{ NATIVE_RFLAGS_SF, "SF" }, { NATIVE_RFLAGS_DF, "DF" },
	{ NATIVE_RFLAGS_OF, "OF" },
};

/* What one CPU made of a sequence. */
struct outcome {
	struct native_state regs;
	uint8_t data[NATIVE_DATA_SIZE];
	uint32_t exit_reason;	/* the software CPU's exit */
	uint64_t exit_rip;
};

int cpu_diff_init(struct cpu_diff *d)
{
	struct vcpu_regs regs;
	int err;

	memset(d, 0, sizeof(*d));
	err = native_exec_init();
	if (err)
		return err;
	err = guest_mem_init(&d->mem, CPU_DIFF_GUEST_RAM);
	if (err)
		goto fail_native;
	err = boot_build(&d->mem, NATIVE_CODE_BASE, 0, &regs, &d->sregs);
	if (err)
		goto fail_mem;
	err = softcpu_create(&d->cpu, &d->mem);
	if (err)
		goto fail_mem;
	return 0;
fail_mem:
	guest_mem_destroy(&d->mem);
fail_native:
	native_exec_fini();
	return err;
}

void cpu_diff_fini(struct cpu_diff *d)
{
	softcpu_destroy(d->cpu);
	guest_mem_destroy(&d->mem);
	native_exec_fini();
}

void cpu_diff_start_regs(const struct native_state *st, struct vcpu_regs *r)
{
	const uint64_t *g = st->gpr;

	*r = (struct vcpu_regs){
		.rax = g[0], .rcx = g[1], .rdx = g[2], .rbx = g[3],
		.rsp = g[4], .rbp = g[5], .rsi = g[6], .rdi = g[7],
		.r8 = g[8], .r9 = g[9], .r10 = g[10], .r11 = g[11],
		.r12 = g[12], .r13 = g[13], .r14 = g[14], .r15 = g[15],
		.rip = NATIVE_CODE_BASE,
		.rflags = (st->rflags & NATIVE_RFLAGS_INPUT) | NATIVE_RFLAGS_FIXED,
	};
}

static void from_vcpu(const struct vcpu_regs *r, struct native_state *st)
{
	const uint64_t g[16] = {
		r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp, r->rsi, r->rdi,
		r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
	};

	memcpy(st->gpr, g, sizeof(g));
	st->rflags = r->rflags;
}

static void run_native(const uint8_t *code, size_t len,
		       const struct native_state *in, const uint8_t *data,
		       struct outcome *out)
{
	memcpy(native_exec_data(), data, NATIVE_DATA_SIZE);
	out->regs = *in;
	if (native_exec_run(code, len, &out->regs))
		memset(&out->regs, 0xff, sizeof(out->regs));
	memcpy(out->data, native_exec_data(), NATIVE_DATA_SIZE);
}

static int load_guest(struct cpu_diff *d, const uint8_t *code, size_t len,
		      const struct native_state *in, const uint8_t *data)
{
	static const uint8_t hlt = HLT;
	struct vcpu_regs regs;
	int err;

	err = guest_mem_write(&d->mem, NATIVE_CODE_BASE, code, len);
	if (!err)
		err = guest_mem_write(&d->mem, NATIVE_CODE_BASE + len, &hlt, 1);
	if (!err)
		err = guest_mem_write(&d->mem, NATIVE_DATA_BASE, data,
				      NATIVE_DATA_SIZE);
	/* The code was written behind the CPU's back: reloading the system
	 * registers flushes its TLB and decoded-instruction cache. */
	if (!err)
		err = softcpu_set_sregs(d->cpu, &d->sregs);
	cpu_diff_start_regs(in, &regs);
	if (!err)
		err = softcpu_set_regs(d->cpu, &regs);
	return err;
}

static void run_soft(struct cpu_diff *d, const uint8_t *code, size_t len,
		     const struct native_state *in, const uint8_t *data,
		     struct outcome *out)
{
	struct exit_record exit;
	struct vcpu_regs regs;

	memset(&exit, 0, sizeof(exit));
	memset(out, 0, sizeof(*out));
	out->exit_reason = EXIT_UNKNOWN;
	if (load_guest(d, code, len, in, data) ||
	    softcpu_run(d->cpu, &exit, RUN_BUDGET) ||
	    softcpu_get_regs(d->cpu, &regs) ||
	    guest_mem_read(&d->mem, NATIVE_DATA_BASE, out->data,
			   NATIVE_DATA_SIZE))
		return;
	from_vcpu(&regs, &out->regs);
	out->exit_reason = exit.reason;
	out->exit_rip = exit.rip;
}

static bool same(const struct outcome *native, const struct outcome *soft,
		 size_t len)
{
	return soft->exit_reason == EXIT_HLT &&
	       soft->exit_rip == NATIVE_CODE_BASE + len &&
	       !memcmp(native->regs.gpr, soft->regs.gpr, sizeof(soft->regs.gpr)) &&
	       !((native->regs.rflags ^ soft->regs.rflags) & CPU_DIFF_RFLAGS) &&
	       !memcmp(native->data, soft->data, NATIVE_DATA_SIZE);
}

static bool agree(struct cpu_diff *d, const uint8_t *code, size_t len,
		  const struct native_state *in, const uint8_t *data,
		  struct outcome *native, struct outcome *soft)
{
	run_native(code, len, in, data, native);
	run_soft(d, code, len, in, data, soft);
	return same(native, soft, len);
}

/* Replace each group by NOPs while the mismatch stays; removed[g] says
 * which went.  Addresses do not move, so RIP-relative operands still
 * land where they did. */
static void shrink(struct cpu_diff *d, const struct insn_gen_seq *seq,
		   const struct native_state *in, const uint8_t *data,
		   uint8_t *code, bool *removed)
{
	static struct outcome native, soft;
	uint8_t saved[INSN_GEN_MAX_CODE];

	memcpy(code, seq->code, seq->len);
	for (unsigned g = 0, i = 0; g < seq->groups; g++) {
		unsigned first = i;

		while (i < seq->count && seq->group[i] == g)
			i++;
		size_t at = seq->offset[first], n = seq->offset[i] - at;

		memcpy(saved, code + at, n);
		memset(code + at, NOP, n);
		removed[g] = !agree(d, code, seq->len, in, data, &native, &soft);
		if (!removed[g])
			memcpy(code + at, saved, n);
	}
}

static void print_code(const struct insn_gen_seq *seq, const uint8_t *code,
		       const bool *removed)
{
	csh cs;
	cs_insn *ci = NULL;

	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) == CS_ERR_OK)
		ci = cs_malloc(cs);
	for (unsigned i = 0; i < seq->count; i++) {
		const uint8_t *at = code + seq->offset[i];
		size_t size = seq->offset[i + 1] - seq->offset[i], n = size;
		uint64_t address = NATIVE_CODE_BASE + seq->offset[i];
		char hex[3 * 16 + 1] = "";

		if (removed[seq->group[i]])
			continue;
		for (size_t b = 0; b < size; b++)
			snprintf(hex + 3 * b, 4, "%02x ", at[b]);
		printf("    %#llx  %-42s", (unsigned long long)address, hex);
		if (ci && cs_disasm_iter(cs, &at, &n, &address, ci))
			printf("%s %s\n", ci->mnemonic, ci->op_str);
		else
			printf("(capstone: no instruction)\n");
	}
	if (ci) {
		cs_free(ci, 1);
		cs_close(&cs);
	}
}

static void print_flags(uint64_t rflags)
{
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (rflags & flag_names[i].bit)
			printf(" %s", flag_names[i].name);
}

static void print_inputs(const struct native_state *in)
{
	printf("  inputs:\n");
	for (int r = 0; r < 16; r++)
		printf("    %-3s 0x%016llx%s", reg_names[r],
		       (unsigned long long)in->gpr[r], r % 4 == 3 ? "\n" : "");
	printf("    rflags %#llx:", (unsigned long long)in->rflags);
	print_flags(in->rflags & CPU_DIFF_RFLAGS);
	printf("\n");
}

static void print_data_diffs(const struct outcome *native,
			     const struct outcome *soft,
			     const uint8_t *data)
{
	unsigned shown = 0;

	for (size_t i = 0; i < NATIVE_DATA_SIZE; i++) {
		if (native->data[i] == soft->data[i])
			continue;
		if (shown++ < DATA_DIFFS_SHOWN)
			printf("    byte %#llx: was %#04x, native %#04x, soft %#04x\n",
			       (unsigned long long)(NATIVE_DATA_BASE + i), data[i],
			       native->data[i], soft->data[i]);
	}
	if (shown > DATA_DIFFS_SHOWN)
		printf("    ... %u bytes differ in all\n", shown);
}

static void print_differences(const struct outcome *native,
			      const struct outcome *soft, size_t len,
			      const uint8_t *data)
{
	uint64_t flags = (native->regs.rflags ^ soft->regs.rflags) &
			 CPU_DIFF_RFLAGS;
	char name[32];

	printf("  differences (native vs soft CPU):\n");
	if (soft->exit_reason != EXIT_HLT ||
	    soft->exit_rip != NATIVE_CODE_BASE + len)
		printf("    exit: %s at %#llx, wanted HLT at %#llx\n",
		       exit_reason_format(soft->exit_reason, name, sizeof(name)),
		       (unsigned long long)soft->exit_rip,
		       (unsigned long long)(NATIVE_CODE_BASE + len));
	for (int r = 0; r < 16; r++)
		if (native->regs.gpr[r] != soft->regs.gpr[r])
			printf("    %-3s native 0x%016llx soft 0x%016llx\n",
			       reg_names[r],
			       (unsigned long long)native->regs.gpr[r],
			       (unsigned long long)soft->regs.gpr[r]);
	if (flags) {
		printf("    rflags native %#llx soft %#llx, differ in",
		       (unsigned long long)native->regs.rflags,
		       (unsigned long long)soft->regs.rflags);
		print_flags(flags);
		printf("\n");
	}
	print_data_diffs(native, soft, data);
}

static void report(struct cpu_diff *d, const struct insn_gen_seq *seq,
		   const struct native_state *in, const uint8_t *data)
{
	static struct outcome native, soft;
	static uint8_t code[INSN_GEN_MAX_CODE];
	bool removed[INSN_GEN_MAX_INSNS] = { false };
	unsigned kept = 0;

	shrink(d, seq, in, data, code, removed);
	for (unsigned g = 0; g < seq->groups; g++)
		kept += !removed[g];
	if (agree(d, code, seq->len, in, data, &native, &soft)) {
		/* A mismatch that does not reproduce: show it unshrunk. */
		memcpy(code, seq->code, seq->len);
		memset(removed, 0, sizeof(removed));
		agree(d, code, seq->len, in, data, &native, &soft);
		kept = seq->groups;
	}
	printf("cpu_diff: MISMATCH %llu in sequence %llu (%u of %u generated "
	       "instructions kept, the rest replaced by NOPs):\n",
	       (unsigned long long)d->mismatches,
	       (unsigned long long)d->sequences, kept, seq->groups);
	print_code(seq, code, removed);
	print_inputs(in);
	print_differences(&native, &soft, seq->len, data);
}

bool cpu_diff_check(struct cpu_diff *d, const struct insn_gen_seq *seq,
		    const struct native_state *in, const uint8_t *data)
{
	static struct outcome native, soft;
	bool ok = agree(d, seq->code, seq->len, in, data, &native, &soft);

	d->sequences++;
	d->instructions += seq->count;
	if (!ok && ++d->mismatches <= CPU_DIFF_REPORTS)
		report(d, seq, in, data);
	return ok;
}

void cpu_diff_random(struct cpu_diff *d, struct insn_gen *g,
		     uint64_t min_instructions)
{
	static uint8_t data[NATIVE_DATA_SIZE];
	static struct insn_gen_seq seq;
	struct native_state in;

	while (d->instructions < min_instructions) {
		insn_gen_sequence(g, 1 + (unsigned)insn_gen_below(
				  g, CPU_DIFF_MAX_INSNS), &seq);
		insn_gen_inputs(g, &in, data, sizeof(data));
		cpu_diff_check(d, &seq, &in, data);
	}
}
