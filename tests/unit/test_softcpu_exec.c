/*
 * tests/unit/test_softcpu_exec.c - the software CPU (cpu/softcpu.h) on
 * small programs placed in guest RAM at the kernel base, started from
 * the boot state core/boot.c builds: exits, flags, the VGA window as RAM
 * (dirty pages) and as MMIO, faults and their delivery through an IDT the
 * test writes, page tables and code outside RAM, single step,
 * breakpoints, self-modifying code.  Each program is raw bytes with its
 * assembly in a comment, and each test asserts exact register, flag and
 * exit values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

#define MMIO_ADDR MMIO_WINDOW

static void test_add_flags(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb8, 0xff, 0xff, 0xff, 0x7f,   /* mov eax, 0x7fffffff */
		0x83, 0xc0, 0x01,               /* add eax, 1 */
		0x9c,                           /* pushfq */
		0x5b,                           /* pop rbx */
		0xf4,                           /* hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 0x80000000);
	/* OF SF AF PF and the fixed bit 1 */
	assert_int_equal(f->regs.rbx, 0x896);
	assert_int_equal(f->exit.rip, SCPU_CODE + 10);
	assert_int_equal(f->regs.rip, SCPU_CODE + 11);
}

static void test_operand_sizes(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff, /* mov rax, -1 */
		0x48, 0x89, 0xc3,               /* mov rbx, rax */
		0x48, 0x89, 0xc1,               /* mov rcx, rax */
		0xb8, 0x34, 0x12, 0x00, 0x00,   /* mov eax, 0x1234 */
		0xb7, 0x56,                     /* mov bh, 0x56 */
		0x66, 0xb9, 0x78, 0x9a,         /* mov cx, 0x9a78 */
		0xf4,                           /* hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 0x1234);
	assert_int_equal(f->regs.rbx, 0xffffffffffff56ffULL);
	assert_int_equal(f->regs.rcx, 0xffffffffffff9a78ULL);
}

static void test_shift_and_mul_flags(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb0, 0x81,                     /* mov al, 0x81 */
		0xc0, 0xe0, 0x02,               /* shl al, 2 */
		0x9c, 0x5b,                     /* pushfq; pop rbx */
		0xb9, 0x03, 0x00, 0x00, 0x00,   /* mov ecx, 3 */
		0x48, 0xf7, 0xe1,               /* mul rcx */
		0x9c, 0x59,                     /* pushfq; pop rcx */
		0xf4,                           /* hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	/* 0x81 << 2 = 0x04: CF = 0 (bit 6 of 0x81), OF = MSB ^ CF = 0,
	 * AF = 1 (this host), PF = 0 (one bit set): 0x12 */
	assert_int_equal(f->regs.rbx, 0x12);
	/* 4 * 3 = 12 with no high half: CF = OF = 0, SF ZF AF PF kept */
	assert_int_equal(f->regs.rax, 0x0c);
	assert_int_equal(f->regs.rcx, 0x12);
}

static void test_out_and_in(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb0, 0x41,                     /* mov al, 'A' */
		0xe6, 0xf4,                     /* out 0xf4, al */
		0x66, 0xba, 0xf8, 0x03,         /* mov dx, 0x3f8 */
		0xed,                           /* in eax, dx */
		0xf4,                           /* hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0xf4);
	assert_int_equal(f->exit.u.io.direction, IO_OUT);
	assert_int_equal(f->exit.u.io.size, 1);
	assert_int_equal(f->exit.u.io.count, 1);
	assert_int_equal(f->exit.u.io.data[0], 'A');
	assert_int_equal(f->exit.rip, SCPU_CODE + 2);
	scpu_run(f, EXIT_IO);
	assert_int_equal(f->exit.u.io.port, 0x3f8);
	assert_int_equal(f->exit.u.io.direction, IO_IN);
	assert_int_equal(f->exit.u.io.size, 4);
	assert_int_equal(f->exit.rip, SCPU_CODE + 8);
	memcpy(f->exit.u.io.data, "\x11\x22\x33\x44", 4);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 0x44332211);
}

static void test_mmio_read_and_write(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xbb, 0x00, 0x00, 0x00, 0xd0,   /* mov ebx, 0xd0000000 */
		0x8b, 0x43, 0x08,               /* mov eax, [rbx+8] */
		0x66, 0x89, 0x43, 0x04,         /* mov [rbx+4], ax */
		0xf4,                           /* hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_MMIO);
	assert_int_equal(f->exit.u.mmio.gpa, MMIO_ADDR + 8);
	assert_int_equal(f->exit.u.mmio.len, 4);
	assert_false(f->exit.u.mmio.is_write);
	assert_int_equal(f->exit.rip, SCPU_CODE + 5);
	memcpy(f->exit.u.mmio.data, "\xef\xbe\xad\xde", 4);
	scpu_run(f, EXIT_MMIO);
	assert_true(f->exit.u.mmio.is_write);
	assert_int_equal(f->exit.u.mmio.gpa, MMIO_ADDR + 4);
	assert_int_equal(f->exit.u.mmio.len, 2);
	assert_memory_equal(f->exit.u.mmio.data, "\xef\xbe", 2);
	assert_int_equal(f->exit.rip, SCPU_CODE + 8);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 0xdeadbeef);
}

/* Stores into the VGA text window (0xb8000, 32 KiB), a HLT between. */
static const uint8_t vga_stores[] = {
	/* mov word [0xb8000], 0x0741 */
	0x66, 0xc7, 0x04, 0x25, 0x00, 0x80, 0x0b, 0x00, 0x41, 0x07,
	0xf4,                                   /* hlt */
	/* mov word [0xb8002], 0x0742 */
	0x66, 0xc7, 0x04, 0x25, 0x02, 0x80, 0x0b, 0x00, 0x42, 0x07,
	/* mov word [0xb9000], 0x0743 */
	0x66, 0xc7, 0x04, 0x25, 0x00, 0x90, 0x0b, 0x00, 0x43, 0x07,
	0xf4,                                   /* hlt */
};

/* The window as RAM: every store marks its page dirty, also one to a
 * page the TLB already holds after the dirty bits were taken (the CPU
 * keeps window pages off its fast store path). */
static void test_vga_window_ram(void **state)
{
	struct scpu_fixture *f = *state;
	uint16_t cells[2];

	assert_int_equal(guest_mem_set_window(&f->mem, 0xb8000, 0x8000,
					      MEM_WINDOW_RAM), 0);
	scpu_load(f, SCPU_CODE, vga_stores, sizeof(vga_stores));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(guest_mem_take_dirty(&f->mem), 0x1);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(guest_mem_take_dirty(&f->mem), 0x3);
	assert_int_equal(guest_mem_read(&f->mem, 0xb8000, cells, 4), 0);
	assert_int_equal(cells[0], 0x0741);
	assert_int_equal(cells[1], 0x0742);
}

/* The window as MMIO, though RAM lies behind it: a store exits. */
static void test_vga_window_mmio(void **state)
{
	struct scpu_fixture *f = *state;

	assert_int_equal(guest_mem_set_window(&f->mem, 0xb8000, 0x8000,
					      MEM_WINDOW_MMIO), 0);
	scpu_load(f, SCPU_CODE, vga_stores, sizeof(vga_stores));
	scpu_run(f, EXIT_MMIO);
	assert_true(f->exit.u.mmio.is_write);
	assert_int_equal(f->exit.u.mmio.gpa, 0xb8000);
	assert_int_equal(f->exit.u.mmio.len, 2);
	assert_memory_equal(f->exit.u.mmio.data, "\x41\x07", 2);
	assert_int_equal(f->exit.rip, SCPU_CODE);
}

/* A read of the unmapped page 0: #PF, CR2 = 8, error code 0 (not
 * present, read, supervisor), delivered to vector 14's handler. */
static void test_page_fault_delivery(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x48, 0x8b, 0x04, 0x25, 0x08, 0x00, 0x00, 0x00, /* mov rax,[8] */
	};
	struct vcpu_sregs s;
	uint64_t frame[6];

	scpu_install_idt(f, 3);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * 14);
	softcpu_get_sregs(f->cpu, &s);
	assert_int_equal(s.cr2, 8);
	assert_int_equal(guest_mem_read(&f->mem, f->regs.rsp, frame,
					sizeof(frame)), 0);
	assert_int_equal(frame[0], 0);                 /* error code */
	assert_int_equal(frame[1], SCPU_CODE);              /* faulting RIP */
	assert_int_equal(frame[2], SEL_KERNEL_CODE);   /* CS */
	assert_int_equal(frame[3], 0x10002);   /* RFLAGS: a fault's has RF */
	assert_int_equal(frame[4], BOOT_STACK_TOP);    /* RSP */
}

/* A write to a read-only page with CR0.WP: protection fault, P | W. */
static void test_write_protect_fault(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xc6, 0x04, 0x25, 0x00, 0x50, 0x00, 0x00, 0x01,
						/* mov byte [0x5000], 1 */
	};
	uint64_t pte, err;
	struct vcpu_sregs s;

	scpu_install_idt(f, 3);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	guest_mem_read(&f->mem, SCPU_BOOT_PT + 5 * 8, &pte, 8);
	pte &= ~2ULL;   /* R/W = 0 */
	guest_mem_write(&f->mem, SCPU_BOOT_PT + 5 * 8, &pte, 8);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * 14);
	guest_mem_read(&f->mem, f->regs.rsp, &err, 8);
	assert_int_equal(err, 0x3);
	softcpu_get_sregs(f->cpu, &s);
	assert_int_equal(s.cr2, 0x5000);
}

/* Run code at SCPU_CODE into vector's handler and read the top n words
 * of the frame it pushed. */
static void run_to_handler(struct scpu_fixture *f, const uint8_t *code,
			   size_t len, unsigned vector, uint64_t *frame,
			   size_t n)
{
	scpu_install_idt(f, 3);
	scpu_load(f, SCPU_CODE, code, len);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * vector);
	assert_int_equal(guest_mem_read(&f->mem, f->regs.rsp, frame,
					n * sizeof(*frame)), 0);
}

/* #DE is a fault: the frame has the DIV's RIP and RFLAGS with RF set
 * (SDM Vol. 3A, 6.12.1, 17.3.1.1), the handler runs with RF clear. */
static void test_divide_error(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x31, 0xc9,                     /* xor ecx, ecx */
		0xf7, 0xf1,                     /* div ecx */
	};
	uint64_t frame[3];   /* RIP, CS, RFLAGS */

	run_to_handler(f, code, sizeof(code), 0, frame, 3);
	assert_int_equal(frame[0], SCPU_CODE + 2);   /* the DIV itself */
	assert_int_equal(frame[2], 0x10046);         /* ZF PF, RF */
	assert_int_equal(f->regs.rflags, 0x46);
}

/* INT3 is a trap: RIP past it, RFLAGS pushed as it is (RF clear). */
static void test_int3_pushes_no_rf(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x31, 0xc9,                     /* xor ecx, ecx */
		0xcc,                           /* int3 */
	};
	uint64_t frame[3];

	run_to_handler(f, code, sizeof(code), 3, frame, 3);
	assert_int_equal(frame[0], SCPU_CODE + 3);
	assert_int_equal(frame[2], 0x46);
}

/* A non-canonical address: through SS (an RBP base, LEAVE's read of the
 * stack) #SS(0), through DS #GP(0) (SDM Vol. 3A, 3.3.7.1, 6.15); the frame
 * has the faulting instruction's RIP.  movabs_op: the opcode of
 * "movabs reg, 0x8000000000000000" (0xbd: RBP, 0xbb: RBX); access: the
 * instruction after it; vector: the handler it reaches. */
/* One access with a register loaded by movabs: its vector, error code 0
 * and the access's RIP in the frame. */
struct noncanonical_case {
	uint8_t movabs_op;      /* B8+r: the register the access uses */
	uint64_t value;
	uint8_t access[8];
	size_t len;
	unsigned vector;
};

static void run_noncanonical(struct scpu_fixture *f,
			     const struct noncanonical_case *c)
{
	uint8_t code[32] = { 0x48, c->movabs_op };
	uint64_t frame[2];   /* error code, RIP */

	memcpy(code + 2, &c->value, 8);
	memcpy(code + 10, c->access, c->len);
	run_to_handler(f, code, 10 + c->len, c->vector, frame, 2);
	assert_int_equal(frame[0], 0);
	assert_int_equal(frame[1], SCPU_CODE + 10);
}

/* Through SS (an RBP base, an SS: prefix, LEAVE's pop; SGDT, LGDT and a
 * string source too) #SS(0), through DS #GP(0), also for an access whose
 * last byte only is non-canonical.
 * RSP-based accesses are not here: the fault's frame would go on the
 * same non-canonical stack (at CPL 0 no stack switch), a shutdown. */
static void test_noncanonical_stack_is_ss(void **state)
{
	static const uint64_t high = 0x8000000000000000ULL;
	static const struct noncanonical_case cases[] = {
		{ 0xbd, high, { 0x8b, 0x45, 0x00 }, 3, 12 },  /* mov eax,[rbp] */
		{ 0xbd, high, { 0xc9 }, 1, 12 },              /* leave */
		{ 0xbb, high, { 0x8b, 0x03 }, 2, 13 },        /* mov eax,[rbx] */
		{ 0xbb, high, { 0x36, 0x8b, 0x03 }, 3, 12 },  /* mov eax,ss:[rbx] */
		{ 0xbd, 0x7ffffffffffeULL,                    /* straddles */
		  { 0x8b, 0x45, 0x00 }, 3, 12 },
		{ 0xbd, high, { 0x0f, 0x01, 0x45, 0x00 }, 4, 12 }, /* sgdt [rbp] */
		{ 0xbd, high, { 0x0f, 0x01, 0x4d, 0x08 }, 4, 12 }, /* sidt [rbp+8] */
		{ 0xbb, high, { 0x0f, 0x01, 0x03 }, 3, 13 },  /* sgdt [rbx] */
		{ 0xbd, high, { 0x0f, 0x01, 0x55, 0x00 }, 4, 12 }, /* lgdt [rbp] */
		{ 0xbb, high, { 0x0f, 0x01, 0x1b }, 3, 13 },  /* lidt [rbx] */
		{ 0xbe, high, { 0x36, 0xac }, 2, 12 },        /* ss: lodsb */
		{ 0xbe, high, { 0xac }, 1, 13 },              /* lodsb (ds) */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (i) {
			scpu_teardown(state);
			scpu_setup(state);
		}
		run_noncanonical(*state, &cases[i]);
	}
}

/* UD2 with an empty IDT: #UD -> #GP on the gate -> #DF -> SHUTDOWN. */
static void test_triple_fault(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = { 0x0f, 0x0b };   /* ud2 */

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_SHUTDOWN);
	assert_int_equal(f->exit.rip, SCPU_CODE);
}

/* A #PF whose delivery meets a second #PF becomes a #DF, and CR2 holds
 * the second fault's address when the #DF handler runs (a double-fault
 * handler reads it; Linux to report a kernel stack overflow).  The IDT is
 * moved to 0x40f70 so that gate 8 (0x40ff0) is on a present page and gate
 * 14 (0x41050) on the next one, which is made not present. */
static void test_double_fault_cr2(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x48, 0x8b, 0x04, 0x25, 0x08, 0x00, 0x00, 0x00, /* mov rax,[8] */
	};
	const uint64_t idt = 0x40f70, not_present = 0;
	uint8_t gates[256 * 16];
	struct vcpu_sregs s;

	scpu_install_idt(f, 0);
	assert_int_equal(guest_mem_read(&f->mem, SCPU_IDT, gates,
					sizeof(gates)), 0);
	assert_int_equal(guest_mem_write(&f->mem, idt, gates, sizeof(gates)), 0);
	assert_int_equal(guest_mem_write(&f->mem, SCPU_BOOT_PT +
					 (0x41000 >> 12) * 8, &not_present, 8), 0);
	softcpu_get_sregs(f->cpu, &s);
	s.idt.base = idt;
	assert_int_equal(softcpu_set_sregs(f->cpu, &s), 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * 8);
	softcpu_get_sregs(f->cpu, &s);
	assert_int_equal(s.cr2, idt + 14 * 16);
}

/* Page tables the guest points outside RAM read as not present: a PDE
 * whose table lies at 1 GiB (beyond the 8 MiB) makes a load #PF with
 * error code 0, and CR3 there makes even the delivery fault: SHUTDOWN. */
static void test_page_tables_outside_ram(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x20, 0x00, /* mov rax,[2M] */
	};
	uint64_t pde = 0x40000000ULL | 0x3;   /* a table at 1 GiB, P | RW */
	struct vcpu_sregs s;
	uint64_t error;

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	assert_int_equal(guest_mem_write(&f->mem, BOOT_PML4 + 2 * 4096 + 8,
					 &pde, 8), 0);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * 14);
	softcpu_get_sregs(f->cpu, &s);
	assert_int_equal(s.cr2, 0x200000);
	assert_int_equal(guest_mem_read(&f->mem, f->regs.rsp, &error, 8), 0);
	assert_int_equal(error, 0);
	s.cr3 = 0x40000000ULL;
	assert_int_equal(softcpu_set_sregs(f->cpu, &s), 0);
	scpu_run(f, EXIT_SHUTDOWN);
}

/* RIP in MMIO, or an instruction running from the last RAM page into
 * MMIO, cannot be fetched: INTERNAL_ERROR at its first byte, with the
 * bytes RAM holds of it. */
static void test_fetch_from_mmio(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb8, 0x00, 0x00, 0x00, 0xd0,   /* mov eax, 0xd0000000 */
		0xff, 0xe0,                     /* jmp rax */
	};
	static const uint8_t cut[] = { 0xb8, 0x01 };   /* mov eax, 1 ... */
	const uint64_t ram_end = 8ULL << 20;

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_INTERNAL_ERROR);
	assert_int_equal(f->exit.rip, MMIO_ADDR);
	assert_int_equal(f->exit.insn_len, 0);
	scpu_load(f, ram_end - 2, cut, sizeof(cut));
	f->regs.rip = ram_end - 2;
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
	scpu_run(f, EXIT_INTERNAL_ERROR);
	assert_int_equal(f->exit.rip, ram_end - 2);
	assert_int_equal(f->exit.insn_len, 2);
	assert_memory_equal(f->exit.insn, cut, sizeof(cut));
}

static void test_internal_error_bytes(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = { 0x0f, 0x28, 0xc1 };  /* movaps xmm0,xmm1 */

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_INTERNAL_ERROR);
	assert_int_equal(f->exit.u.internal.suberror, 1);
	assert_int_equal(f->exit.rip, SCPU_CODE);
	assert_memory_equal(f->exit.insn, code, sizeof(code));
	assert_int_equal(f->exit.u.internal.data[2] & 0xffffff, 0xc1280f);
}

/* Stepping over HLT reports the HLT (record at the HLT, RIP after it),
 * never a DEBUG exit for it, as hardware KVM does; the next step goes on
 * after it. */
static void test_single_step_over_hlt(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x90,                           /* nop */
		0xf4,                           /* hlt */
		0x90,                           /* nop */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	softcpu_set_single_step(f->cpu, true);
	scpu_run(f, EXIT_DEBUG);
	assert_int_equal(f->exit.u.debug.pc, SCPU_CODE + 1);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 1);
	assert_int_equal(f->regs.rip, SCPU_CODE + 2);
	scpu_run(f, EXIT_DEBUG);
	assert_int_equal(f->exit.u.debug.pc, SCPU_CODE + 3);
}

static void test_single_step_and_breakpoint(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x90,                           /* nop */
		0xff, 0xc0,                     /* inc eax */
		0xff, 0xc0,                     /* inc eax */
		0xf4,                           /* hlt */
	};
	uint64_t bp = SCPU_CODE + 3;

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	softcpu_set_single_step(f->cpu, true);
	scpu_run(f, EXIT_DEBUG);
	assert_int_equal(f->exit.u.debug.exception, 1);
	assert_int_equal(f->exit.u.debug.pc, SCPU_CODE + 1);
	softcpu_set_single_step(f->cpu, false);
	assert_int_equal(softcpu_set_breakpoints(f->cpu, &bp, 1), 0);
	scpu_run(f, EXIT_DEBUG);
	assert_int_equal(f->exit.u.debug.pc, SCPU_CODE + 3);
	assert_int_equal(f->regs.rax, 1);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 2);
}

/* The program patches the immediate of an instruction it has already
 * run; the second pass must see the new byte. */
static void test_self_modifying_code(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb8, 0x01, 0x00, 0x00, 0x00,   /* 00: mov eax, 1 */
		0x85, 0xc9,                     /* 05: test ecx, ecx */
		0x75, 0x0c,                     /* 07: jnz 0x15 */
		0xff, 0xc1,                     /* 09: inc ecx */
		0xc6, 0x04, 0x25, 0x01, 0x00, 0x10, 0x00, 0x02,
						/* 0b: mov byte [0x100001], 2 */
		0xeb, 0xeb,                     /* 13: jmp 0 */
		0xf4,                           /* 15: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 2);
	assert_int_equal(f->exit.rip, SCPU_CODE + 0x15);
}

static void test_instruction_budget(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = { 0xeb, 0xfe };  /* jmp $ */
	struct softcpu_counters c;

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	assert_int_equal(softcpu_run(f->cpu, &f->exit, 1000), 0);
	assert_int_equal(f->exit.reason, EXIT_INTR);
	softcpu_get_counters(f->cpu, &c);
	assert_int_equal(c.instructions, 1000);
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_flags),
		T(test_operand_sizes),
		T(test_shift_and_mul_flags),
		T(test_out_and_in),
		T(test_mmio_read_and_write),
		T(test_vga_window_ram),
		T(test_vga_window_mmio),
		T(test_page_fault_delivery),
		T(test_write_protect_fault),
		T(test_divide_error),
		T(test_int3_pushes_no_rf),
		T(test_noncanonical_stack_is_ss),
		T(test_triple_fault),
		T(test_double_fault_cr2),
		T(test_page_tables_outside_ram),
		T(test_fetch_from_mmio),
		T(test_internal_error_bytes),
		T(test_single_step_over_hlt),
		T(test_single_step_and_breakpoint),
		T(test_self_modifying_code),
		T(test_instruction_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
