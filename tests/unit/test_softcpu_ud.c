/*
 * tests/unit/test_softcpu_ud.c - the software CPU raises #UD where the
 * architecture does (issue 10.8), and stops with INTERNAL_ERROR only for
 * what it merely does not implement.
 *
 * Each case is raw bytes with their disassembly in the comment, placed at
 * the kernel base and run from the boot state with an IDT whose every
 * vector leads to a `hlt`: the run must end at vector 6's handler with the
 * faulting instruction's address pushed (a fault: nothing executed).  The
 * same bytes then run natively on the host, which must raise SIGILL (#UD):
 * the differential against the silicon, for the opcodes that are invalid
 * in 64-bit mode on every x86-64 CPU.  VEX and EVEX are not compared: the
 * host may well have AVX, the software CPU says in CPUID that it has not.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

struct ud_case {
	uint8_t bytes[6];
	uint8_t len;
	bool native;     /* #UD on every x86-64 CPU: compare with the host */
};

static const struct ud_case ud_cases[] = {
	{ { 0x06 }, 1, true },                   /* push es */
	{ { 0x07 }, 1, true },                   /* pop es */
	{ { 0x0e }, 1, true },                   /* push cs */
	{ { 0x16 }, 1, true },                   /* push ss */
	{ { 0x17 }, 1, true },                   /* pop ss */
	{ { 0x1e }, 1, true },                   /* push ds */
	{ { 0x1f }, 1, true },                   /* pop ds */
	{ { 0x27 }, 1, true },                   /* daa */
	{ { 0x2f }, 1, true },                   /* das */
	{ { 0x37 }, 1, true },                   /* aaa */
	{ { 0x3f }, 1, true },                   /* aas */
	{ { 0x60 }, 1, true },                   /* pusha */
	{ { 0x61 }, 1, true },                   /* popa */
	{ { 0x82, 0xc0, 0x01 }, 3, true },       /* (add al, 1 via 82 /0) */
	{ { 0x9a, 0, 0, 0, 0, 0 }, 6, true },    /* call far 0:0 */
	{ { 0xce }, 1, true },                   /* into */
	{ { 0xd4, 0x0a }, 2, true },             /* aam */
	{ { 0xd5, 0x0a }, 2, true },             /* aad */
	{ { 0xd6 }, 1, true },                   /* (salc) */
	{ { 0xea, 0, 0, 0, 0, 0 }, 6, true },    /* jmp far 0:0 */
	{ { 0x0f, 0xb9, 0xc0 }, 3, true },       /* ud1 eax, eax */
	{ { 0x0f, 0xff, 0xc0 }, 3, true },       /* ud0 eax, eax */
	{ { 0x8e, 0xc8 }, 2, true },             /* mov cs, eax */
	{ { 0x0f, 0x20, 0xc8 }, 3, false },      /* mov rax, cr1 (ring 0) */
	{ { 0x8d, 0xc0 }, 2, true },             /* lea eax, eax */
	{ { 0xf0, 0x01, 0xc0 }, 3, true },       /* lock add eax, eax */
	{ { 0x66, 0x3f }, 2, true },             /* aas with a prefix */
	{ { 0x48, 0x06 }, 2, true },             /* rex.w push es */
	{ { 0xc5, 0xf8, 0x77 }, 3, false },      /* vzeroupper (VEX) */
	{ { 0xc4, 0xe2, 0x79, 0x18, 0x00 }, 5, false }, /* vbroadcastss xmm0, [rax] */
	{ { 0x62, 0xf1, 0x7c, 0x48, 0x28, 0xc1 }, 6, false }, /* vmovaps zmm0, zmm1 */
	/* reserved slots of the groups (issue 10: were INTERNAL_ERROR) */
	{ { 0xff, 0xf8 }, 2, true },             /* ff /7 */
	{ { 0xff, 0x38 }, 2, true },             /* ff /7, memory form */
	{ { 0xfe, 0xd0 }, 2, true },             /* fe /2 */
	{ { 0xfe, 0xf8 }, 2, true },             /* fe /7 */
	{ { 0xc6, 0xc8, 0x01 }, 3, true },       /* c6 /1 */
	{ { 0xc6, 0xf0, 0x01 }, 3, true },       /* c6 /6 */
	{ { 0xc7, 0xc8, 1, 0, 0, 0 }, 6, true }, /* c7 /1 */
	{ { 0xc7, 0xf0, 1, 0, 0, 0 }, 6, true }, /* c7 /6 */
	{ { 0x0f, 0x00, 0xf0 }, 3, true },       /* 0f 00 /6 */
	{ { 0x0f, 0x00, 0xf8 }, 3, true },       /* 0f 00 /7 */
	{ { 0x0f, 0xba, 0xc0, 0x01 }, 4, true }, /* 0f ba /0 */
	{ { 0x0f, 0xba, 0xd8, 0x01 }, 4, true }, /* 0f ba /3 */
	/* holes in the 0F map */
	{ { 0x0f, 0x04 }, 2, true },
	{ { 0x0f, 0x0a }, 2, true },
	{ { 0x0f, 0x0c }, 2, true },
	{ { 0x0f, 0x24, 0xc0 }, 3, true },       /* (mov from tr0) */
	{ { 0x0f, 0x25, 0xc0 }, 3, true },
	{ { 0x0f, 0x26, 0xc0 }, 3, true },       /* (mov to tr0) */
	{ { 0x0f, 0x27, 0xc0 }, 3, true },
	{ { 0x0f, 0x36 }, 2, true },
	{ { 0x0f, 0x39 }, 2, true },
	{ { 0x0f, 0x3b }, 2, true },
	{ { 0x0f, 0x3c }, 2, true },
	{ { 0x0f, 0x3d }, 2, true },
	{ { 0x0f, 0x3e }, 2, true },
	{ { 0x0f, 0x3f }, 2, true },
	{ { 0x0f, 0x7a }, 2, true },
	{ { 0x0f, 0x7b }, 2, true },
	{ { 0x0f, 0xa6 }, 2, true },
	{ { 0x0f, 0xa7 }, 2, true },
	/* 0f 01 /0 and /1 with a register: no SGDT or SIDT, but
	 * instructions of features this CPU reports none of (were
	 * INTERNAL_ERROR); the host may have them */
	{ { 0x0f, 0x01, 0xc1 }, 3, false },      /* vmcall (VMX) */
	{ { 0x0f, 0x01, 0xc8 }, 3, false },      /* monitor (MONITOR) */
	{ { 0x0f, 0x01, 0xca }, 3, false },      /* clac (SMAP) */
	{ { 0x0f, 0x01, 0xcf }, 3, false },      /* encls (SGX) */
	/* and so are the other register forms but SMSW, LMSW and SWAPGS
	 * (were INTERNAL_ERROR) */
	{ { 0x0f, 0x01, 0xd0 }, 3, false },      /* xgetbv (XSAVE) */
	{ { 0x0f, 0x01, 0xd8 }, 3, false },      /* vmrun (SVM) */
	{ { 0x0f, 0x01, 0xee }, 3, false },      /* rdpkru (PKU) */
	{ { 0x0f, 0x01, 0xf9 }, 3, false },      /* rdtscp (RDTSCP) */
	{ { 0x0f, 0x01, 0xfc }, 3, false },      /* clzero (CLZERO) */
	{ { 0xf0, 0x0f, 0x01, 0x00 }, 4, true }, /* lock sgdt [rax] */
};

#define NCASES (sizeof(ud_cases) / sizeof(ud_cases[0]))

/* Each case at its own address, the rest of the code page nops. */
static void run_ud(struct scpu_fixture *f, const struct ud_case *c)
{
	static const uint8_t nops[16] = {
		0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
		0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
	};
	uint64_t pushed_rip, rsp;

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, nops, sizeof(nops));
	scpu_load(f, SCPU_CODE + 4, c->bytes, c->len);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * 6);
	rsp = f->regs.rsp;
	assert_int_equal(guest_mem_read(&f->mem, rsp, &pushed_rip, 8), 0);
	assert_int_equal(pushed_rip, SCPU_CODE + 4);
}

static void test_invalid_raise_ud(void **state)
{
	for (size_t i = 0; i < NCASES; i++) {
		scpu_teardown(state);
		assert_int_equal(scpu_setup(state), 0);
		run_ud(*state, &ud_cases[i]);
	}
}

/* Not implemented is not invalid: x87 still stops the run, the guest is
 * not told its instruction does not exist. */
static void test_unimplemented_is_internal_error(void **state)
{
	static const uint8_t codes[][3] = {
		{ 0xdb, 0xe3, 0x90 },   /* fninit */
		{ 0x0f, 0x01, 0xf0 },   /* lmsw ax */
	};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct scpu_fixture *f;

		scpu_teardown(state);
		assert_int_equal(scpu_setup(state), 0);
		f = *state;
		scpu_install_idt(f, 0);
		scpu_load(f, SCPU_CODE, codes[i], sizeof(codes[i]));
		scpu_run(f, EXIT_INTERNAL_ERROR);
		assert_int_equal(f->exit.rip, SCPU_CODE);
	}
}

static sigjmp_buf native_jump;
static volatile sig_atomic_t native_signal;

static void on_signal(int sig)
{
	native_signal = sig;
	siglongjmp(native_jump, 1);
}

/* Run bytes natively (followed by a ret); the signal it raised, or 0. */
static int run_native(uint8_t *page, const struct ud_case *c)
{
	void (*fn)(void) = (void (*)(void))(uintptr_t)page;

	memset(page, 0xc3, 64);                      /* ret */
	memcpy(page, c->bytes, c->len);
	native_signal = 0;
	if (sigsetjmp(native_jump, 1) == 0)
		fn();
	return native_signal;
}

static void test_host_agrees(void **state)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_ill, old_segv;
	uint8_t *page;

	(void)state;
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(page != MAP_FAILED);
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGILL, &sa, &old_ill), 0);
	assert_int_equal(sigaction(SIGSEGV, &sa, &old_segv), 0);
	for (size_t i = 0; i < NCASES; i++) {
		if (!ud_cases[i].native)
			continue;
		if (run_native(page, &ud_cases[i]) != SIGILL)
			fail_msg("case %zu (bytes %02x %02x %02x): the host "
				 "did not raise #UD", i, ud_cases[i].bytes[0],
				 ud_cases[i].bytes[1], ud_cases[i].bytes[2]);
	}
	sigaction(SIGILL, &old_ill, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	munmap(page, 4096);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_invalid_raise_ud,
						scpu_setup, scpu_teardown),
		cmocka_unit_test_setup_teardown(test_unimplemented_is_internal_error,
						scpu_setup, scpu_teardown),
		cmocka_unit_test(test_host_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
