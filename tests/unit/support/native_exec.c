/*
 * tests/unit/support/native_exec.c - map the fixed areas and run a byte
 * sequence natively through the trampoline (native_exec.h).
 */
#include "tests/unit/support/native_exec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* native_exec_trampoline.S */
void native_exec_enter(struct native_state *st, const void *code);
extern const char native_exec_return[];

struct native_area {
	uint64_t base;
	uint64_t size;
	int prot;
	const char *name;
};

static const struct native_area areas[] = {
	{ NATIVE_DATA_BASE, NATIVE_DATA_SIZE, PROT_READ | PROT_WRITE, "data" },
	{ NATIVE_STACK_TOP - NATIVE_STACK_SIZE, NATIVE_STACK_SIZE,
	  PROT_READ | PROT_WRITE, "stack" },
	{ NATIVE_CODE_AREA, NATIVE_CODE_AREA_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, "code" },
};
#define AREA_COUNT (sizeof(areas) / sizeof(areas[0]))

static int map_area(const struct native_area *a)
{
	void *p = mmap((void *)a->base, a->size, a->prot,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		       -1, 0);

	if (p == MAP_FAILED) {
		int err = errno;

		fprintf(stderr, "native_exec: cannot map the %s area at %#llx: "
			"%s%s\n", a->name, (unsigned long long)a->base,
			strerror(err), err == EEXIST ?
			" (something in this process already lives there)" : "");
		return -err;
	}
	if (p != (void *)a->base) {
		/* A kernel older than 4.17 ignores MAP_FIXED_NOREPLACE. */
		munmap(p, a->size);
		fprintf(stderr, "native_exec: the %s area landed at %p, not "
			"%#llx\n", a->name, p, (unsigned long long)a->base);
		return -EEXIST;
	}
	return 0;
}

int native_exec_init(void)
{
	for (size_t i = 0; i < AREA_COUNT; i++) {
		int err = map_area(&areas[i]);

		if (err) {
			while (i-- > 0)
				munmap((void *)areas[i].base, areas[i].size);
			return err;
		}
	}
	return 0;
}

void native_exec_fini(void)
{
	for (size_t i = 0; i < AREA_COUNT; i++)
		munmap((void *)areas[i].base, areas[i].size);
}

uint8_t *native_exec_data(void)
{
	return (uint8_t *)NATIVE_DATA_BASE;
}

/* "jmp *[rip+0]" followed by the absolute address of the way back. */
static void write_exit_stub(uint8_t *at)
{
	static const uint8_t jmp_rip_indirect[6] = { 0xff, 0x25, 0, 0, 0, 0 };
	uint64_t target = (uint64_t)(uintptr_t)native_exec_return;

	memcpy(at, jmp_rip_indirect, sizeof(jmp_rip_indirect));
	memcpy(at + sizeof(jmp_rip_indirect), &target, sizeof(target));
}

int native_exec_run(const uint8_t *code, size_t len, struct native_state *st)
{
	uint8_t *page = (uint8_t *)NATIVE_CODE_BASE;
	uint64_t rsp = st->gpr[NATIVE_RSP];

	if (len > NATIVE_CODE_SIZE - NATIVE_EXIT_STUB_SIZE)
		return -EINVAL;
	if (rsp > NATIVE_STACK_TOP ||
	    rsp < NATIVE_STACK_TOP - NATIVE_STACK_SIZE + 64)
		return -EINVAL;
	if (len)
		memcpy(page, code, len);
	write_exit_stub(page + len);
	st->rflags = (st->rflags & NATIVE_RFLAGS_INPUT) | NATIVE_RFLAGS_FIXED;
	native_exec_enter(st, page);
	return 0;
}
