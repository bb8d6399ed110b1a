/*
 * cli/crash_report.c - the report printed when a guest crashes.
 *
 * Reads the registers through the backend after the fact; a backend that
 * can no longer answer leaves the registers out rather than failing.
 */
#include "cli/crash_report.h"

static void print_regs(const struct vcpu_regs *r, FILE *out)
{
	fprintf(out,
		"  rax=%016llx rbx=%016llx rcx=%016llx rdx=%016llx\n"
		"  rsi=%016llx rdi=%016llx rsp=%016llx rbp=%016llx\n"
		"  r8 =%016llx r9 =%016llx r10=%016llx r11=%016llx\n"
		"  r12=%016llx r13=%016llx r14=%016llx r15=%016llx\n"
		"  rip=%016llx rflags=%08llx\n",
		(unsigned long long)r->rax, (unsigned long long)r->rbx,
		(unsigned long long)r->rcx, (unsigned long long)r->rdx,
		(unsigned long long)r->rsi, (unsigned long long)r->rdi,
		(unsigned long long)r->rsp, (unsigned long long)r->rbp,
		(unsigned long long)r->r8, (unsigned long long)r->r9,
		(unsigned long long)r->r10, (unsigned long long)r->r11,
		(unsigned long long)r->r12, (unsigned long long)r->r13,
		(unsigned long long)r->r14, (unsigned long long)r->r15,
		(unsigned long long)r->rip, (unsigned long long)r->rflags);
}

static void print_sregs(const struct vcpu_sregs *s, FILE *out)
{
	fprintf(out,
		"  cr0=%08llx cr2=%016llx cr3=%016llx cr4=%08llx "
		"efer=%llx cs=%04x (cpl %u)\n",
		(unsigned long long)s->cr0, (unsigned long long)s->cr2,
		(unsigned long long)s->cr3, (unsigned long long)s->cr4,
		(unsigned long long)s->efer, s->cs.selector, s->cs.dpl);
}

/* The bytes a backend could not execute, for a bug report: the
 * instruction's own, or all that were read when capstone knows none. */
static void print_insn_bytes(const struct exit_record *last, unsigned size,
			     FILE *out)
{
	unsigned n = size ? size : last->insn_len;

	fputs("  instruction bytes:", out);
	for (unsigned i = 0; i < n; i++)
		fprintf(out, " %02x", last->insn[i]);
	fputc('\n', out);
}

void crash_report(struct vm *vm, struct exit_text_cache *cache,
		  const struct exit_record *last, FILE *out)
{
	const struct exit_text *t = exit_text_describe(cache, vm, last);
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;

	fprintf(out, "vmscope: guest crashed: %s\n", vm->end_reason);
	fprintf(out, "  last exit #%llu at rip 0x%llx <%s>: %s\n",
		(unsigned long long)last->seq, (unsigned long long)last->rip,
		t->sym, t->insn);
	if (last->reason == EXIT_INTERNAL_ERROR)
		print_insn_bytes(last, t->insn_size, out);
	if (vm->backend->get_regs(vm, &regs) == 0)
		print_regs(&regs, out);
	if (vm->backend->get_sregs(vm, &sregs) == 0)
		print_sregs(&sregs, out);
}
