/*
 * tests/unit/test_unwind.c - unwinding a hand-built guest stack.
 *
 * The fixture builds what the teaching kernel leaves behind when the UART
 * driver exits on its `out`: kernel frame records on a kernel stack (high
 * addresses), the record of trap() whose return address is in trap_entry,
 * a struct trapframe above it, and the user program's records on a user
 * stack (low addresses).  Page tables map each stack to separate RAM, so
 * the walk must go through CR3 to find them.  The prologue and epilogue
 * cases put real code bytes at the functions' addresses, disassembly in
 * the comments.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/paging.h"
#include "core/unwind.h"
#include "guest/abi/trapframe.h"
#include "tests/unit/support/mem_syms.h"

#define RAM_SIZE (64ULL << 20)
#define KSTACK   0xffffffff80010000ULL   /* one page, at RAM 0x200000 */
#define USTACK   0x7fff0000ULL           /* one page, at RAM 0x300000 */
#define UCODE    0x401000ULL             /* identity-mapped user code page */
#define KCODE    0x100000ULL             /* identity-mapped kernel code page */

/* Where each chain's return addresses and RIPs point. */
#define RIP_UART_PUTC      0x100250ULL
#define RET_TTY_WRITE      0x100210ULL
#define RET_SYS_WRITE      0x1001d0ULL
#define RET_SYSCALL_ENTRY  0x100190ULL
#define RET_TRAP           0x100120ULL
#define RET_TRAP_ENTRY     0x100030ULL
#define TF_RIP_WRITE       0x4011a8ULL   /* just after `int $0x80` */
#define RET_VFPRINTF       0x4010f0ULL
#define RET_PRINTF         0x401080ULL
#define RET_MAIN           0x401040ULL
#define RET_START          0x401010ULL

static const struct sym_def guest_syms[] = {
	{ "trap_entry", 0x100000, 0x60 },
	{ "trap_vector_syscall", 0x100080, 0x10 },
	{ "trap", 0x100100, 0x80 },
	{ "syscall_entry", 0x100180, 0x40 },
	{ "sys_write", 0x1001c0, 0x40 },
	{ "tty_write", 0x100200, 0x40 },
	{ "uart_putc", 0x100240, 0x40 },
	{ "_start", 0x401000, 0x20 },
	{ "main", 0x401020, 0x40 },
	{ "printf", 0x401060, 0x40 },
	{ "vfprintf", 0x4010a0, 0x100 },
	{ "write", 0x4011a0, 0x20 },
};

static const char full_chain[] =
	"_start > main > printf > vfprintf > write | int 0x80 | "
	"trap > syscall_entry > sys_write > tty_write > uart_putc";

struct fixture {
	struct guest_mem mem;
	struct pt_builder pt;
	struct symtab syms;
	struct unwind_chain chain;
	char text[512];
};

static void poke(struct fixture *f, uint64_t gva, uint64_t value)
{
	pt_poke(&f->pt, gva, value);
}

static void record(struct fixture *f, uint64_t rbp, uint64_t saved_rbp,
		   uint64_t ret)
{
	mem_syms_record(&f->pt, rbp, saved_rbp, ret);
}

static void trapframe(struct fixture *f, uint64_t at, uint64_t vector,
		      uint64_t rip, uint64_t rbp)
{
	struct trapframe tf = {
		.rbp = rbp, .vector = vector, .rip = rip, .cs = 0x23,
		.rflags = 0x202, .rsp = USTACK + 0xf0, .ss = 0x1b,
	};
	const uint64_t *words = (const uint64_t *)&tf;
	size_t i;

	for (i = 0; i < sizeof(tf) / 8; i++)
		poke(f, at + i * 8, words[i]);
}

/* The kernel side: uart_putc's record at KSTACK + 0x100 up to trap's. */
static void build_stacks(struct fixture *f, uint64_t vector)
{
	record(f, KSTACK + 0x100, KSTACK + 0x140, RET_TTY_WRITE);
	record(f, KSTACK + 0x140, KSTACK + 0x180, RET_SYS_WRITE);
	record(f, KSTACK + 0x180, KSTACK + 0x1c0, RET_SYSCALL_ENTRY);
	record(f, KSTACK + 0x1c0, KSTACK + 0x200, RET_TRAP);
	record(f, KSTACK + 0x200, USTACK + 0x100, RET_TRAP_ENTRY);
	trapframe(f, KSTACK + 0x200 + TRAPFRAME_OFFSET_FROM_RECORD, vector,
		  TF_RIP_WRITE, USTACK + 0x100);
	record(f, USTACK + 0x100, USTACK + 0x140, RET_VFPRINTF);
	record(f, USTACK + 0x140, USTACK + 0x180, RET_PRINTF);
	record(f, USTACK + 0x180, USTACK + 0x1c0, RET_MAIN);
	record(f, USTACK + 0x1c0, 0, RET_START);
}

static int setup(void **state)
{
	static struct fixture f;

	if (mem_syms_init(&f.mem, &f.syms, RAM_SIZE, guest_syms,
			  sizeof(guest_syms) / sizeof(guest_syms[0])))
		return -1;
	*state = &f;
	pt_builder_init(&f.pt, &f.mem, 0x10000);
	pt_map(&f.pt, KSTACK, 0x200000, PT_PAGE_4K);
	pt_map(&f.pt, USTACK, 0x300000, PT_PAGE_4K);
	pt_map(&f.pt, UCODE, UCODE, PT_PAGE_4K);
	pt_map(&f.pt, KCODE, KCODE, PT_PAGE_4K);
	build_stacks(&f, TRAP_SYSCALL);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mem_syms_free(&f->mem, &f->syms);
	return 0;
}

static const char *unwind_at(struct fixture *f, uint64_t rip, uint64_t rsp,
			     uint64_t rbp)
{
	const struct unwind_regs regs = { .rip = rip, .rsp = rsp, .rbp = rbp };

	assert_int_equal(unwind_guest(&f->mem, &f->syms, f->pt.cr3, &regs,
				      &f->chain), 0);
	return unwind_format(&f->chain, f->text, sizeof(f->text));
}

/* Past the prologue: %rsp lies somewhere below the frame record. */
static const char *unwind(struct fixture *f, uint64_t rip, uint64_t rbp)
{
	return unwind_at(f, rip, rbp - 0x20, rbp);
}

static void expect_frame(const struct unwind_chain *chain, size_t i,
			 uint64_t pc, const char *name)
{
	const struct unwind_frame *fr = &chain->frames[i];

	assert_int_equal(fr->kind, UNWIND_FRAME);
	assert_int_equal(fr->pc, pc);
	if (!name) {
		assert_null(fr->sym);
		return;
	}
	assert_non_null(fr->sym);
	assert_string_equal(fr->sym->name, name);
}

static void test_full_chain(void **state)
{
	struct fixture *f = *state;
	const struct unwind_chain *c = &f->chain;

	assert_string_equal(unwind(f, RIP_UART_PUTC, KSTACK + 0x100), full_chain);
	assert_int_equal(c->count, 11);
	assert_int_equal(c->truncated, 0);
	expect_frame(c, 0, RIP_UART_PUTC, "uart_putc");
	expect_frame(c, 1, RET_TTY_WRITE, "tty_write");
	expect_frame(c, 2, RET_SYS_WRITE, "sys_write");
	expect_frame(c, 3, RET_SYSCALL_ENTRY, "syscall_entry");
	expect_frame(c, 4, RET_TRAP, "trap");
	assert_int_equal(c->frames[5].kind, UNWIND_TRAP);
	assert_int_equal(c->frames[5].vector, 0x80);
	assert_int_equal(c->frames[5].from_rip, TF_RIP_WRITE);
	assert_false(c->frames[5].emulated_int80);
	expect_frame(c, 6, TF_RIP_WRITE, "write");
	expect_frame(c, 7, RET_VFPRINTF, "vfprintf");
	expect_frame(c, 8, RET_PRINTF, "printf");
	expect_frame(c, 9, RET_MAIN, "main");
	expect_frame(c, 10, RET_START, "_start");
}

/* PVM: `int $0x80` from ring 3 arrives as #UD; the kernel stepped over it. */
static void test_emulated_int80(void **state)
{
	struct fixture *f = *state;
	const uint8_t int80[2] = { 0xcd, 0x80 };

	build_stacks(f, TRAP_INVALID_OPCODE);
	memcpy(f->mem.host + TF_RIP_WRITE - 2, int80, 2);
	unwind(f, RIP_UART_PUTC, KSTACK + 0x100);
	assert_true(f->chain.frames[5].emulated_int80);
	assert_int_equal(f->chain.frames[5].vector, 6);
	assert_non_null(strstr(f->text, "write | int 0x80 (#UD, emulated) | trap"));
}

static void test_real_ud(void **state)
{
	struct fixture *f = *state;
	const uint8_t ud2[2] = { 0x0f, 0x0b };

	build_stacks(f, TRAP_INVALID_OPCODE);
	memcpy(f->mem.host + TF_RIP_WRITE - 2, ud2, 2);
	unwind(f, RIP_UART_PUTC, KSTACK + 0x100);
	assert_false(f->chain.frames[5].emulated_int80);
	assert_non_null(strstr(f->text, "write | #UD | trap"));
}

static void test_page_fault_boundary(void **state)
{
	struct fixture *f = *state;

	build_stacks(f, TRAP_PAGE_FAULT);
	assert_non_null(strstr(unwind(f, RIP_UART_PUTC, KSTACK + 0x100),
			       "write | #PF | trap"));
}

/* A call as a function's last instruction returns to the next function's
 * first byte: the caller is found at pc - 1. */
static void test_return_address_at_function_end(void **state)
{
	struct fixture *f = *state;

	record(f, KSTACK + 0x100, 0, 0x100240);   /* == end of tty_write */
	assert_string_equal(unwind(f, RIP_UART_PUTC, KSTACK + 0x100),
			    "tty_write > uart_putc");
	expect_frame(&f->chain, 1, 0x100240, "tty_write");
}

/* Code bytes at gva (identity-mapped code pages). */
static void code(struct fixture *f, uint64_t gva, const uint8_t *bytes,
		 size_t len)
{
	memcpy(f->mem.host + gva, bytes, len);
}

/*
 * tty_write as gcc lays it out: an argument move scheduled between the
 * push and the mov, and a store between `pop %rbp` and `ret`.  Its call
 * to uart_putc returns to RET_TTY_WRITE, the `pop %rbp`.
 */
static void tty_write_code(struct fixture *f)
{
	static const uint8_t prologue[] = {
		0x55,                         /* 100200: push %rbp */
		0x31, 0xc9,                   /* 100201: xor %ecx,%ecx */
		0x48, 0x89, 0xe5,             /* 100203: mov %rsp,%rbp */
		0x0f, 0x1f, 0x44, 0x00, 0x00, /* 100206: nopl 0x0(%rax,%rax,1) */
		0xe8, 0x30, 0x00, 0x00, 0x00, /* 10020b: call 100240 <uart_putc> */
	};
	static const uint8_t epilogue[] = {
		0x5d,                         /* 100210: pop %rbp */
		0x89, 0x0d, 0x56, 0x65, 0x00, 0x00, /* 100211: mov %ecx,0x6556(%rip) */
		0xc3,                         /* 100217: ret */
	};

	code(f, 0x100200, prologue, sizeof(prologue));
	code(f, RET_TTY_WRITE, epilogue, sizeof(epilogue));
}

#define TTY_WRITE_CHAIN \
	"_start > main > printf > vfprintf > write | int 0x80 | " \
	"trap > syscall_entry > sys_write > tty_write"

/* tty_write just called: its return address into sys_write is at [rsp],
 * %rbp is still sys_write's.  Then after the push: at [rsp + 8]. */
static void test_prologue(void **state)
{
	struct fixture *f = *state;
	const uint64_t slot = KSTACK + 0x148;     /* holds RET_SYS_WRITE */

	tty_write_code(f);
	assert_string_equal(unwind_at(f, 0x100200, slot, KSTACK + 0x180),
			    TTY_WRITE_CHAIN);
	expect_frame(&f->chain, 1, RET_SYS_WRITE, "sys_write");
	assert_string_equal(unwind_at(f, 0x100201, slot - 8, KSTACK + 0x180),
			    TTY_WRITE_CHAIN);
	assert_string_equal(unwind_at(f, 0x100203, slot - 8, KSTACK + 0x180),
			    TTY_WRITE_CHAIN);
	/* after the mov: the record at %rbp, %rsp below it */
	assert_string_equal(unwind_at(f, 0x100206, slot - 0x28, KSTACK + 0x140),
			    TTY_WRITE_CHAIN);
}

/* After `pop %rbp` the return address is at [rsp] and %rbp is the
 * caller's again; at the pop itself the record is still at %rbp. */
static void test_epilogue(void **state)
{
	struct fixture *f = *state;
	const uint64_t slot = KSTACK + 0x148;

	tty_write_code(f);
	assert_string_equal(unwind_at(f, RET_TTY_WRITE, slot - 8, KSTACK + 0x140),
			    TTY_WRITE_CHAIN);
	assert_string_equal(unwind_at(f, 0x100211, slot, KSTACK + 0x180),
			    TTY_WRITE_CHAIN);
	assert_string_equal(unwind_at(f, 0x100217, slot, KSTACK + 0x180),
			    TTY_WRITE_CHAIN);
	expect_frame(&f->chain, 1, RET_SYS_WRITE, "sys_write");
}

/* trap() just called by trap_entry: the return address at [rsp] is the
 * one that says a trap frame lies above. */
static void test_trap_entry_at_callee_entry(void **state)
{
	struct fixture *f = *state;
	static const uint8_t trap_code[] = {
		0x55,                         /* 100100: push %rbp */
		0x48, 0x89, 0xe5,             /* 100101: mov %rsp,%rbp */
	};

	code(f, 0x100100, trap_code, sizeof(trap_code));
	assert_string_equal(unwind_at(f, 0x100100, KSTACK + 0x208,
				      USTACK + 0x100),
			    "_start > main > printf > vfprintf > write | "
			    "int 0x80 | trap");
	assert_int_equal(f->chain.count, 7);
}

/* A timer interrupt on printf's first instruction: the interrupted side
 * starts from the trap frame's rsp, where main's return address is. */
static void test_interrupted_prologue(void **state)
{
	struct fixture *f = *state;
	static const uint8_t printf_code[] = {
		0x55,                         /* 401060: push %rbp */
		0x48, 0x89, 0xe5,             /* 401061: mov %rsp,%rbp */
	};
	struct trapframe tf = {
		.rbp = USTACK + 0x1c0, .vector = 0x20, .rip = 0x401060,
		.cs = 0x23, .rflags = 0x202, .rsp = USTACK + 0x188, .ss = 0x1b,
	};
	const uint64_t *words = (const uint64_t *)&tf;

	code(f, 0x401060, printf_code, sizeof(printf_code));
	for (size_t i = 0; i < sizeof(tf) / 8; i++)
		poke(f, KSTACK + 0x200 + TRAPFRAME_OFFSET_FROM_RECORD + i * 8,
		     words[i]);
	assert_string_equal(unwind(f, RIP_UART_PUTC, KSTACK + 0x100),
			    "_start > main > printf | vector 0x20 | trap > "
			    "syscall_entry > sys_write > tty_write > uart_putc");
}

/* endbr64 (CET) before the push is not a stack operation. */
static void test_prologue_after_endbr64(void **state)
{
	struct fixture *f = *state;
	static const uint8_t vfprintf_code[] = {
		0xf3, 0x0f, 0x1e, 0xfa,       /* 4010a0: endbr64 */
		0x55,                         /* 4010a4: push %rbp */
		0x48, 0x89, 0xe5,             /* 4010a5: mov %rsp,%rbp */
	};

	code(f, 0x4010a0, vfprintf_code, sizeof(vfprintf_code));
	assert_string_equal(unwind_at(f, 0x4010a4, USTACK + 0x148,
				      USTACK + 0x180),
			    "_start > main > printf > vfprintf");
	assert_string_equal(unwind_at(f, 0x4010a5, USTACK + 0x140,
				      USTACK + 0x180),
			    "_start > main > printf > vfprintf");
}

/*
 * A function without `push %rbp; mov %rsp,%rbp` (assembly) is walked from
 * %rbp even at its first instruction - %rbp is its caller's, so the chain
 * lacks that caller, as everywhere in such a function; at its `ret` the
 * return address is at [rsp] whatever the function.  A push before the mov, or an unreadable
 * return address, leaves the walk to %rbp or ends it.
 */
static void test_no_frame_and_hostile(void **state)
{
	struct fixture *f = *state;
	static const uint8_t write_code[] = {
		0xb8, 0x01, 0x00, 0x00, 0x00, /* 4011a0: mov $0x1,%eax */
		0xcd, 0x80,                   /* 4011a5: int $0x80 */
		0xc3,                         /* 4011a7: ret */
	};
	static const uint8_t pushes_first[] = {
		0x55,                         /* 100200: push %rbp */
		0x53,                         /* 100201: push %rbx */
		0x48, 0x89, 0xe5,             /* 100202: mov %rsp,%rbp */
	};

	code(f, 0x4011a0, write_code, sizeof(write_code));
	assert_string_equal(unwind_at(f, 0x4011a0, USTACK + 0x108, USTACK + 0x140),
			    "_start > main > printf > write");
	assert_string_equal(unwind_at(f, 0x4011a7, USTACK + 0x108, USTACK + 0x140),
			    "_start > main > printf > vfprintf > write");
	assert_string_equal(unwind_at(f, 0x4011a7, 0x12345000, USTACK + 0x140),
			    "write");
	code(f, 0x100200, pushes_first, sizeof(pushes_first));
	assert_string_equal(unwind_at(f, 0x100202, KSTACK + 0x138,
				      KSTACK + 0x180),
			    "_start > main > printf > vfprintf > write | "
			    "int 0x80 | trap > syscall_entry > tty_write");
}

/*
 * The kernel's trap path as guest/kernel/trap_entry.S has it: the stub of
 * vector 0x80 and trap_entry, whose `call trap` returns to RET_TRAP_ENTRY.
 */
static void trap_path_code(struct fixture *f)
{
	static const uint8_t entry[] = {
		0x50, 0x53, 0x51, 0x52, 0x56, 0x57, 0x55,  /* 100000: push rax..rbp */
		0x41, 0x50, 0x41, 0x51, 0x41, 0x52, 0x41, 0x53,  /* push r8..r11 */
		0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57,  /* push r12..r15 */
		0xfc,                                /* 100017: cld */
		0x48, 0x89, 0xe7,                    /* 100018: mov %rsp,%rdi */
		0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,  /* 10001b: nop x16 */
		0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
		0xe8, 0xd0, 0x00, 0x00, 0x00,        /* 10002b: call 100100 <trap> */
		0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c,  /* 100030: pop r15..r12 */
		0x41, 0x5b, 0x41, 0x5a, 0x41, 0x59, 0x41, 0x58,  /* pop r11..r8 */
		0x5d, 0x5f, 0x5e, 0x5a, 0x59, 0x5b, 0x58,  /* 100040: pop rbp..rax */
		0x48, 0x83, 0xc4, 0x10,              /* 100047: add $0x10,%rsp */
		0x48, 0xcf,                          /* 10004b: iretq */
	};
	static const uint8_t stub[] = {
		0x6a, 0x00,                          /* 100080: push $0x0 */
		0x68, 0x80, 0x00, 0x00, 0x00,        /* 100082: push $0x80 */
		0xe9, 0x74, 0xff, 0xff, 0xff,        /* 100087: jmp 100000 <trap_entry> */
	};

	code(f, 0x100000, entry, sizeof(entry));
	code(f, 0x100080, stub, sizeof(stub));
}

#define TF      (KSTACK + 0x200 + TRAPFRAME_OFFSET_FROM_RECORD)
#define TF_AT(field) (TF + offsetof(struct trapframe, field))
#define USER_SIDE "_start > main > printf > vfprintf > write | int 0x80 | "

/*
 * Inside the stub and trap_entry no record leads out: the code says where
 * the trap frame is.  Before the stub pushes the vector the slot holds
 * garbage: the vector comes from the push's immediate.  %rbp is the user
 * program's all along.
 */
static void test_trap_path(void **state)
{
	struct fixture *f = *state;
	const uint64_t ubp = USTACK + 0x100;

	trap_path_code(f);
	poke(f, TF_AT(vector), 0xdead);
	assert_string_equal(unwind_at(f, 0x100080, TF_AT(rip), ubp),
			    USER_SIDE "trap_vector_syscall");
	assert_int_equal(f->chain.frames[1].vector, 0x80);
	assert_string_equal(unwind_at(f, 0x100082, TF_AT(error_code), ubp),
			    USER_SIDE "trap_vector_syscall");
	poke(f, TF_AT(vector), 0x80);
	assert_string_equal(unwind_at(f, 0x100005, TF_AT(vector) - 5 * 8, ubp),
			    USER_SIDE "trap_entry");
	assert_string_equal(unwind_at(f, 0x10002b, TF, ubp),
			    USER_SIDE "trap_entry");
	/* on the way out, after trap() returned */
	assert_string_equal(unwind_at(f, RET_TRAP_ENTRY, TF, ubp),
			    USER_SIDE "trap_entry");
	assert_string_equal(unwind_at(f, 0x10004b, TF_AT(rip), ubp),
			    USER_SIDE "trap_entry");
	assert_int_equal(f->chain.frames[1].from_rip, TF_RIP_WRITE);
}

/*
 * A stub that pushes its error code as four 16-bit words (66 68 iw: a
 * 2-byte immediate, %rsp down by 2 each), then the vector: the trap frame
 * is found as with 8-byte pushes, and the vector is the 8-byte push's.
 */
static void test_trap_path_push16(void **state)
{
	struct fixture *f = *state;
	static const uint8_t stub16[] = {
		0x66, 0x68, 0x00, 0x00,              /* 100080: pushw $0x0 */
		0x66, 0x68, 0x00, 0x00,              /* 100084: pushw $0x0 */
		0x66, 0x68, 0x00, 0x00,              /* 100088: pushw $0x0 */
		0x66, 0x68, 0x00, 0x00,              /* 10008c: pushw $0x0 */
		0x68, 0x80, 0x00, 0x00, 0x00,        /* 100090: push $0x80 */
		0xe9, 0x66, 0xff, 0xff, 0xff,        /* 100095: jmp 100000 <trap_entry> */
	};
	const uint64_t ubp = USTACK + 0x100;

	trap_path_code(f);
	code(f, 0x100080, stub16, sizeof(stub16));
	poke(f, TF_AT(vector), 0xdead);
	assert_string_equal(unwind_at(f, 0x100080, TF_AT(rip), ubp),
			    USER_SIDE "trap_vector_syscall");
	assert_int_equal(f->chain.frames[1].vector, 0x80);
	assert_string_equal(unwind_at(f, 0x100088, TF_AT(rip) - 4, ubp),
			    USER_SIDE "trap_vector_syscall");
	assert_int_equal(f->chain.frames[1].vector, 0x80);
}

/* Pushes and a call anywhere but trap_entry are ordinary code. */
static void test_push_call_elsewhere(void **state)
{
	struct fixture *f = *state;
	static const uint8_t uart_putc_code[] = {
		0x50,                                /* 100250: push %rax */
		0xe8, 0x00, 0x00, 0x00, 0x00,        /* 100251: call 100256 */
	};

	code(f, RIP_UART_PUTC, uart_putc_code, sizeof(uart_putc_code));
	assert_string_equal(unwind(f, RIP_UART_PUTC, KSTACK + 0x100), full_chain);
}

static void test_stop_rbp_zero_and_unreadable(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(unwind(f, RIP_UART_PUTC, 0), "uart_putc");
	assert_int_equal(f->chain.count, 1);
	assert_string_equal(unwind(f, 0x123456, 0x12345000), "0x123456");
	assert_int_equal(f->chain.count, 1);
	assert_null(f->chain.frames[0].sym);
	/* a record half on a mapped page, half off it */
	record(f, KSTACK + 0xff0, 0, RET_TTY_WRITE);
	assert_string_equal(unwind(f, RIP_UART_PUTC, KSTACK + 0xffc), "uart_putc");
}

static void test_stop_not_increasing(void **state)
{
	struct fixture *f = *state;

	record(f, KSTACK + 0x140, KSTACK + 0x140, RET_SYS_WRITE);  /* a loop */
	assert_string_equal(unwind(f, RIP_UART_PUTC, KSTACK + 0x100),
			    "sys_write > tty_write > uart_putc");
	record(f, KSTACK + 0x140, KSTACK + 0x100, RET_SYS_WRITE);  /* going down */
	assert_string_equal(unwind(f, RIP_UART_PUTC, KSTACK + 0x100),
			    "sys_write > tty_write > uart_putc");
	assert_int_equal(f->chain.truncated, 0);
}

/* After the boundary the walk may jump once (here: down to the user
 * stack), then must climb again. */
static void test_stop_not_increasing_after_trap(void **state)
{
	struct fixture *f = *state;

	record(f, USTACK + 0x140, USTACK + 0x100, RET_PRINTF);
	assert_string_equal(unwind(f, RIP_UART_PUTC, KSTACK + 0x100),
			    "printf > vfprintf > write | int 0x80 | trap > "
			    "syscall_entry > sys_write > tty_write > uart_putc");
	assert_int_equal(f->chain.count, 9);
}

static void test_unreadable_trapframe(void **state)
{
	struct fixture *f = *state;

	/* trap()'s record is the last 16 bytes of the page: no frame above */
	record(f, KSTACK + 0xff0, USTACK + 0x100, RET_TRAP_ENTRY);
	assert_string_equal(unwind(f, RET_TRAP, KSTACK + 0xff0), "trap");
	assert_int_equal(f->chain.count, 1);
}

static void test_truncated(void **state)
{
	struct fixture *f = *state;
	unsigned i;

	for (i = 0; i < 40; i++)
		record(f, KSTACK + 0x400 + i * 0x10,
		       i == 39 ? 0 : KSTACK + 0x400 + (i + 1) * 0x10,
		       RET_TTY_WRITE);
	unwind(f, RIP_UART_PUTC, KSTACK + 0x400);
	assert_int_equal(f->chain.count, UNWIND_MAX_FRAMES);
	assert_int_equal(f->chain.truncated, 1);
	assert_memory_equal(f->text, "... > tty_write > ", 18);
	assert_non_null(strstr(f->text, "tty_write > uart_putc"));
}

/* A hostile user rbp pointing back at the kernel's trap record makes the
 * walk cross the same boundary again and again: the bound ends it. */
static void test_trap_loop_is_bounded(void **state)
{
	struct fixture *f = *state;

	trapframe(f, KSTACK + 0x200 + TRAPFRAME_OFFSET_FROM_RECORD,
		  TRAP_SYSCALL, TF_RIP_WRITE, KSTACK + 0x200);
	unwind(f, RIP_UART_PUTC, KSTACK + 0x100);
	assert_int_equal(f->chain.count, UNWIND_MAX_FRAMES);
	assert_int_equal(f->chain.truncated, 1);
}

static void test_format_short_buffer(void **state)
{
	struct fixture *f = *state;
	char small[10];

	unwind(f, RIP_UART_PUTC, KSTACK + 0x100);
	assert_string_equal(unwind_format(&f->chain, small, sizeof(small)),
			    "_start > ");
	small[0] = 'x';
	unwind_format(&f->chain, small, 0);
	assert_int_equal(small[0], 'x');
}

static void expect_label(uint64_t vector, const char *label)
{
	char buf[32];

	assert_string_equal(unwind_trap_label(vector, buf, sizeof(buf)), label);
}

static void test_trap_labels(void **state)
{
	struct unwind_frame trap = { .kind = UNWIND_TRAP, .vector = 6 };
	char buf[32];

	(void)state;
	expect_label(0, "#DE");
	expect_label(3, "#BP");
	expect_label(6, "#UD");
	expect_label(8, "#DF");
	expect_label(13, "#GP");
	expect_label(14, "#PF");
	expect_label(0x80, "int 0x80");
	expect_label(0x21, "vector 0x21");
	expect_label(15, "vector 0xf");
	expect_label(1000, "vector 0x3e8");
	assert_string_equal(unwind_boundary_label(&trap, buf, sizeof(buf)), "#UD");
	trap.emulated_int80 = true;
	assert_string_equal(unwind_boundary_label(&trap, buf, sizeof(buf)),
			    "int 0x80 (#UD, emulated)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_emulated_int80, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_ud, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_fault_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_return_address_at_function_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prologue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_epilogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trap_entry_at_callee_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupted_prologue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prologue_after_endbr64, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_frame_and_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trap_path_push16,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_trap_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_push_call_elsewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_rbp_zero_and_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_not_increasing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_not_increasing_after_trap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_trapframe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trap_loop_is_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format_short_buffer, setup, teardown),
		cmocka_unit_test(test_trap_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
