/*
 * tests/unit/test_softcpu_share_code.c - two CPU contexts over the same
 * RAM that share their code tracking (softcpu_share_code(): L1's and
 * L2's under the nesting stage, whose decoded blocks L2 keeps across
 * entries).  A store of one context to a page the other has decoded code
 * from makes the other run the new bytes: whether the storing context
 * reached the page through a TLB miss, or through a TLB entry with write
 * rights it filled before the other decoded the page (those rights go
 * when the page becomes code).  With tracking of its own, each context
 * ran its stale block.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/support/softcpu_fixture.h"

#define READER SCPU_CODE              /* mov eax, imm32; hlt */
#define WRITER (SCPU_CODE + 0x1000)   /* mov [rdi], sil; hlt: another page */

static const uint8_t reader[] = { 0xb8, 1, 0, 0, 0, 0xf4 };
static const uint8_t writer[] = { 0x40, 0x88, 0x37, 0xf4 };

/* Run cpu from rip with RDI, RSI set, to its HLT; RAX after. */
static uint64_t run_at(struct softcpu *cpu, uint64_t rip, uint64_t rdi,
		       uint64_t rsi)
{
	struct exit_record exit;
	struct vcpu_regs r;

	assert_int_equal(softcpu_get_regs(cpu, &r), 0);
	r.rip = rip;
	r.rdi = rdi;
	r.rsi = rsi;
	assert_int_equal(softcpu_set_regs(cpu, &r), 0);
	assert_int_equal(softcpu_run(cpu, &exit, 1000), 0);
	assert_int_equal(exit.reason, EXIT_HLT);
	assert_int_equal(softcpu_get_regs(cpu, &r), 0);
	return r.rax;
}

/* The two programs loaded, and a second context in the first one's
 * state, sharing its tracking. */
static struct softcpu *peer_of(struct scpu_fixture *f)
{
	struct softcpu *peer;
	struct vcpu_sregs s;

	scpu_load(f, READER, reader, sizeof(reader));
	scpu_load(f, WRITER, writer, sizeof(writer));
	assert_int_equal(softcpu_create(&peer, &f->mem), 0);
	assert_int_equal(softcpu_get_sregs(f->cpu, &s), 0);
	assert_int_equal(softcpu_set_sregs(peer, &s), 0);
	softcpu_share_code(peer, f->cpu);
	return peer;
}

static void test_store_after_decode(void **state)
{
	struct scpu_fixture *f = *state;
	struct softcpu *peer = peer_of(f);

	assert_int_equal(run_at(f->cpu, READER, 0, 0), 1);
	run_at(peer, WRITER, READER + 1, 2);
	assert_int_equal(run_at(f->cpu, READER, 0, 0), 2);
	/* and the other way: the first context writes the peer's code */
	assert_int_equal(run_at(peer, READER, 0, 0), 2);
	run_at(f->cpu, WRITER, READER + 1, 5);
	assert_int_equal(run_at(peer, READER, 0, 0), 5);
	softcpu_destroy(peer);
}

/* The peer wrote the page first, so its TLB holds write rights to it;
 * they must go when the first context decodes code there. */
static void test_store_through_old_rights(void **state)
{
	struct scpu_fixture *f = *state;
	struct softcpu *peer = peer_of(f);

	run_at(peer, WRITER, READER + 1, 3);
	run_at(peer, WRITER, READER + 1, 3);   /* now through its TLB */
	assert_int_equal(run_at(f->cpu, READER, 0, 0), 3);
	run_at(peer, WRITER, READER + 1, 4);
	assert_int_equal(run_at(f->cpu, READER, 0, 0), 4);
	softcpu_destroy(peer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_after_decode,
						scpu_setup, scpu_teardown),
		cmocka_unit_test_setup_teardown(test_store_through_old_rights,
						scpu_setup, scpu_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
