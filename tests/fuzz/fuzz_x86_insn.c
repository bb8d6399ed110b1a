/*
 * tests/fuzz/fuzz_x86_insn.c - fuzz target: the length decoder the KVM
 * backend and the unwinder read guest code with (core/x86_insn.c), and the
 * KVM backend's effective address of its memory operand (kvm/kvm_insn.c).
 *
 * A KVM guest runs any instruction natively, so this decoder meets every
 * byte string there is.  The input: a length n (one byte, up to 30), n
 * bytes of code, offered at every length up to n, then the registers
 * (struct kvm_regs, the FS and GS bases).
 * A decoded length must lie within 1..15 and the bytes offered, and the
 * address computation must not care what the registers hold.  A broken
 * promise aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "core/x86_insn.h"
#include "kvm/kvm_insn.h"
#include "tests/fuzz/support/fuzz_input.h"

static void decode_at_length(const uint8_t *code, unsigned n,
			     const struct kvm_regs *regs,
			     const struct kvm_sregs *sregs)
{
	uint8_t *copy = malloc(n ? n : 1);   /* exactly n: ASan sees overreads */
	struct x86_insn insn;
	uint64_t addr;
	unsigned len;

	if (!copy)
		return;
	memcpy(copy, code, n);
	len = x86_insn_decode(copy, n, &insn);
	if (len > n || len > X86_INSN_MAX || (len && insn.len != len))
		abort();
	if (len)
		kvm_insn_mem_addr(&insn, regs, sregs, regs->rip + len, &addr);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	uint8_t code[2 * X86_INSN_MAX];
	unsigned n;

	fuzz_input_init(&in, data, size);
	n = fuzz_u8(&in) % (sizeof(code) + 1);
	fuzz_bytes(&in, code, n);
	memset(&sregs, 0, sizeof(sregs));
	fuzz_bytes(&in, &regs, sizeof(regs));
	sregs.fs.base = fuzz_u64(&in);
	sregs.gs.base = fuzz_u64(&in);
	for (unsigned len = 0; len <= n; len++)
		decode_at_length(code, len, &regs, &sregs);
	return 0;
}
