/*
 * tests/unit/support/softcpu_fixture.h - a software CPU over 8 MiB of guest
 * RAM in the boot state core/boot.c builds, for the tests that run small
 * programs on it (test_softcpu_*.c, test_virtio_net_host_write.c): cmocka
 * setup/teardown, loading code, running to an expected exit, a program
 * run once for its decoded blocks, and an IDT of 64-bit interrupt gates
 * whose every vector leads to a "hlt" at SCPU_HANDLERS + 16 * vector.
 */
#ifndef TESTS_UNIT_SUPPORT_SOFTCPU_FIXTURE_H
#define TESTS_UNIT_SUPPORT_SOFTCPU_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "core/exit.h"
#include "core/memory.h"
#include "core/regs.h"
#include "cpu/softcpu.h"
#include "guest/abi/machine.h"

#define SCPU_CODE     KERNEL_BASE       /* where scpu_load() puts code */
#define SCPU_IDT      0x20000ULL
#define SCPU_HANDLERS 0x30000ULL        /* one "hlt" per vector */
#define SCPU_BOOT_PT  (BOOT_PML4 + 6 * 4096)   /* maps the first 2 MiB */

struct scpu_fixture {
	struct guest_mem mem;
	struct softcpu *cpu;
	struct exit_record exit;
	struct vcpu_regs regs;     /* after the last scpu_run() */
};

/* cmocka fixtures: *state is a struct scpu_fixture, at the boot state
 * with RIP = SCPU_CODE. */
int scpu_setup(void **state);
int scpu_teardown(void **state);

void scpu_load(struct scpu_fixture *f, uint64_t gpa, const uint8_t *code,
	       size_t len);
/* Run (at most 1,000,000 instructions), assert the exit reason, and
 * read the registers into f->regs. */
void scpu_run(struct scpu_fixture *f, uint32_t reason);
/* For a test of vmscope's writes over decoded code: load code at
 * SCPU_CODE, have the CPU watch those writes (softcpu_watch_writes()),
 * run it once to its HLT - its blocks decoded and kept, f->regs as it
 * left them - and put RIP back at SCPU_CODE. */
void scpu_decoded(struct scpu_fixture *f, const uint8_t *code, size_t len);
/* Every vector an interrupt gate of this DPL to SCPU_HANDLERS + 16 * v. */
void scpu_install_idt(struct scpu_fixture *f, unsigned dpl);
/* (Re)write vector's gate with this DPL. */
void scpu_set_gate_dpl(struct scpu_fixture *f, unsigned vector, unsigned dpl);

#endif /* TESTS_UNIT_SUPPORT_SOFTCPU_FIXTURE_H */
