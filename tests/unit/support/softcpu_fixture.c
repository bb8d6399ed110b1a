/*
 * tests/unit/support/softcpu_fixture.c - see softcpu_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/boot.h"
#include "tests/unit/support/softcpu_fixture.h"

/* 64-bit interrupt gate fields (SDM Vol. 3A, figure 6-8) */
#define GATE_INTERRUPT (0xeULL << 40)
#define GATE_DPL_SHIFT 45
#define GATE_PRESENT   (1ULL << 47)

int scpu_setup(void **state)
{
	static struct scpu_fixture f;
	struct vcpu_sregs sregs;

	memset(&f, 0, sizeof(f));
	assert_int_equal(guest_mem_init(&f.mem, 8ULL << 20), 0);
	assert_int_equal(boot_build(&f.mem, SCPU_CODE, 0, &f.regs, &sregs), 0);
	assert_int_equal(softcpu_create(&f.cpu, &f.mem), 0);
	assert_int_equal(softcpu_set_sregs(f.cpu, &sregs), 0);
	assert_int_equal(softcpu_set_regs(f.cpu, &f.regs), 0);
	*state = &f;
	return 0;
}

int scpu_teardown(void **state)
{
	struct scpu_fixture *f = *state;

	softcpu_destroy(f->cpu);
	guest_mem_destroy(&f->mem);
	return 0;
}

void scpu_load(struct scpu_fixture *f, uint64_t gpa, const uint8_t *code,
	       size_t len)
{
	assert_int_equal(guest_mem_write(&f->mem, gpa, code, len), 0);
}

void scpu_run(struct scpu_fixture *f, uint32_t reason)
{
	assert_int_equal(softcpu_run(f->cpu, &f->exit, 1000000), 0);
	assert_int_equal(f->exit.reason, reason);
	assert_int_equal(softcpu_get_regs(f->cpu, &f->regs), 0);
}

void scpu_decoded(struct scpu_fixture *f, const uint8_t *code, size_t len)
{
	struct vcpu_regs regs;

	scpu_load(f, SCPU_CODE, code, len);
	softcpu_watch_writes(f->cpu, true);
	scpu_run(f, EXIT_HLT);
	regs = f->regs;
	regs.rip = SCPU_CODE;
	assert_int_equal(softcpu_set_regs(f->cpu, &regs), 0);
}

void scpu_set_gate_dpl(struct scpu_fixture *f, unsigned vector, unsigned dpl)
{
	uint64_t target = SCPU_HANDLERS + 16ULL * vector;
	uint64_t lo = (target & 0xffff) | ((uint64_t)SEL_KERNEL_CODE << 16) |
		      GATE_INTERRUPT | ((uint64_t)dpl << GATE_DPL_SHIFT) |
		      GATE_PRESENT | ((target >> 16 & 0xffff) << 48);
	uint64_t hi = target >> 32;

	assert_int_equal(guest_mem_write(&f->mem, SCPU_IDT + 16ULL * vector,
					 &lo, 8), 0);
	assert_int_equal(guest_mem_write(&f->mem, SCPU_IDT + 16ULL * vector + 8,
					 &hi, 8), 0);
}

void scpu_install_idt(struct scpu_fixture *f, unsigned dpl)
{
	struct vcpu_sregs s;
	uint8_t hlt = 0xf4;

	for (unsigned v = 0; v < 256; v++) {
		scpu_set_gate_dpl(f, v, dpl);
		scpu_load(f, SCPU_HANDLERS + 16ULL * v, &hlt, 1);
	}
	softcpu_get_sregs(f->cpu, &s);
	s.idt.base = SCPU_IDT;
	s.idt.limit = 256 * 16 - 1;
	assert_int_equal(softcpu_set_sregs(f->cpu, &s), 0);
}
