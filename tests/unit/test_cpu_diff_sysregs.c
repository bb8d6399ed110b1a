/*
 * tests/unit/test_cpu_diff_sysregs.c - SGDT, SIDT, SLDT, STR and SMSW on
 * the host CPU and on the software CPU (support/cpu_diff.h): every form,
 * compared register by register and byte by byte.
 *
 * Without CR4.UMIP they run at CPL 3, so the host answers in user mode
 * with its own GDTR, IDTR, LDTR, TR and CR0.  The software CPU is given
 * those values first - read here with the 64-bit register forms - and
 * then each form runs on both: 16-bit register forms that keep the rest
 * of the register, 32-bit ones that zero-extend, 66 and REX.W prefixes
 * on SGDT and SIDT (10 bytes whatever the size), memory forms of SLDT,
 * STR and SMSW (2 bytes even with REX.W), and a 10-byte store across a
 * page boundary.  The thread is pinned to one CPU while it runs: each
 * CPU has a GDT of its own.
 *
 * Skipped, with the reason, where the host cannot be asked: a CPU with
 * UMIP (Linux turns it on; then it makes up SGDT's, SIDT's and SMSW's
 * answers for user space and refuses SLDT and STR), or any host that
 * kills a probe running them (a child process runs it first).
 */
#include <cpuid.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/unit/support/cpu_diff.h"

#define CPUID_7_ECX_UMIP (1u << 2)

struct __attribute__((packed)) table_reg {
	uint16_t limit;
	uint64_t base;
};

struct host_sysregs {
	struct table_reg gdt, idt;
	uint64_t ldt, tr, cr0;
};

static void read_host(struct host_sysregs *h)
{
	memset(h, 0, sizeof(*h));   /* the padding too: they are compared */
	__asm__ volatile("sgdt %0" : "=m"(h->gdt));
	__asm__ volatile("sidt %0" : "=m"(h->idt));
	__asm__ volatile("sldt %0" : "=r"(h->ldt));
	__asm__ volatile("str %0" : "=r"(h->tr));
	__asm__ volatile("smsw %0" : "=r"(h->cr0));
}

/* Why the host cannot answer in user mode, or NULL when it can. */
static const char *host_refuses(void)
{
	unsigned a, b, c = 0, d;
	struct host_sysregs h;
	int status;
	pid_t pid;

	if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (c & CPUID_7_ECX_UMIP))
		return "the host CPU has UMIP: its kernel makes up SGDT's, "
		       "SIDT's and SMSW's answers in user mode and refuses "
		       "SLDT and STR";
	pid = fork();
	if (pid == 0) {
		read_host(&h);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return "cannot run the probe in a child process";
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return "the host kills a user-mode SGDT, SIDT, SLDT, STR or SMSW";
	return NULL;
}

/* The forms compared: absolute addresses in the data area (0x1fff100,
 * and 0x1fffffa, whose 10 bytes cross into the page at 32 MiB). */
static const struct {
	uint8_t bytes[10];
	uint8_t len;
} forms[] = {
	{ { 0x0f, 0x01, 0x04, 0x25, 0x00, 0xf1, 0xff, 0x01 }, 8 }, /* sgdt */
	{ { 0x0f, 0x01, 0x0c, 0x25, 0x00, 0xf1, 0xff, 0x01 }, 8 }, /* sidt */
	{ { 0x66, 0x0f, 0x01, 0x04, 0x25, 0x00, 0xf1, 0xff, 0x01 }, 9 },
	{ { 0x48, 0x0f, 0x01, 0x0c, 0x25, 0x00, 0xf1, 0xff, 0x01 }, 9 },
	{ { 0x0f, 0x01, 0x04, 0x25, 0xfa, 0xff, 0xff, 0x01 }, 8 }, /* across */
	{ { 0x66, 0x0f, 0x00, 0xc0 }, 4 },              /* sldt ax */
	{ { 0x0f, 0x00, 0xc0 }, 3 },                    /* sldt eax */
	{ { 0x48, 0x0f, 0x00, 0xc0 }, 4 },              /* sldt rax */
	{ { 0x0f, 0x00, 0x04, 0x25, 0x00, 0xf1, 0xff, 0x01 }, 8 }, /* sldt m */
	{ { 0x66, 0x41, 0x0f, 0x00, 0xc9 }, 5 },        /* str r9w */
	{ { 0x0f, 0x00, 0xcb }, 3 },                    /* str ebx */
	{ { 0x48, 0x0f, 0x00, 0xc9 }, 4 },              /* str rcx */
	{ { 0x48, 0x0f, 0x00, 0x0c, 0x25, 0x00, 0xf1, 0xff, 0x01 }, 9 },
							/* rex.w str m */
	{ { 0x66, 0x0f, 0x01, 0xe0 }, 4 },              /* smsw ax */
	{ { 0x0f, 0x01, 0xe6 }, 3 },                    /* smsw esi */
	{ { 0x49, 0x0f, 0x01, 0xe2 }, 4 },              /* smsw r10 */
	{ { 0x48, 0x0f, 0x01, 0x24, 0x25, 0x00, 0xf1, 0xff, 0x01 }, 9 },
							/* rex.w smsw m */
};

#define NFORMS (sizeof(forms) / sizeof(forms[0]))

/* Registers and data no answer looks like: a stored byte shows. */
static void inputs(struct native_state *in, uint8_t *data)
{
	memset(in, 0, sizeof(*in));
	for (unsigned r = 0; r < 16; r++)
		in->gpr[r] = 0x8877665544332211ULL + r * 0x0101010101010101ULL;
	in->gpr[NATIVE_RSP] = NATIVE_STACK_TOP - 64;
	in->rflags = NATIVE_RFLAGS_FIXED;
	for (size_t i = 0; i < NATIVE_DATA_SIZE; i++)
		data[i] = (uint8_t)(0xa5 ^ i);
}

static void give_soft(struct cpu_diff *d, const struct host_sysregs *h)
{
	d->sregs.gdt = (struct vcpu_table){ .base = h->gdt.base,
					    .limit = h->gdt.limit };
	d->sregs.idt = (struct vcpu_table){ .base = h->idt.base,
					    .limit = h->idt.limit };
	d->sregs.ldt.selector = (uint16_t)h->ldt;
	d->sregs.tr.selector = (uint16_t)h->tr;
	d->sregs.cr0 = h->cr0;
}

static void test_forms_agree(void **state)
{
	static uint8_t data[NATIVE_DATA_SIZE];
	static struct insn_gen_seq seq;
	struct host_sysregs before, after;
	struct native_state in;
	const char *why = host_refuses();
	cpu_set_t old, one;
	struct cpu_diff d;

	(void)state;
	if (why) {
		printf("SKIP: %s\n", why);
		skip();
	}
	assert_int_equal(sched_getaffinity(0, sizeof(old), &old), 0);
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
	assert_int_equal(cpu_diff_init(&d), 0);
	read_host(&before);
	give_soft(&d, &before);
	inputs(&in, data);
	for (size_t i = 0; i < NFORMS; i++) {
		insn_gen_seq_reset(&seq);
		insn_gen_append(&seq, forms[i].bytes, forms[i].len);
		cpu_diff_check(&d, &seq, &in, data);
	}
	read_host(&after);
	sched_setaffinity(0, sizeof(old), &old);
	cpu_diff_fini(&d);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(d.sequences, NFORMS);
	assert_int_equal(d.mismatches, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
