/*
 * tests/fuzz/fuzz_elf.c - fuzz target: the guest ELF loader (core/elf.c)
 * and the symbol table it fills (core/symbols.c).
 *
 * The input is the image file itself: a student's file, or a mutated one.
 * elf_check() and elf_load() must agree, a refusal must come with a
 * message, and a loaded image's symbols must answer lookups at and around
 * every symbol (its first and last byte, one past its end), by name and
 * formatted, as the tracer asks them.  Guest RAM is the smallest the
 * machine allows (4 MiB), made once; loads over loads are fine, as on a
 * reset.
 */
#include <stdlib.h>
#include <string.h>

#include "core/elf.h"
#include "core/memory.h"
#include "core/symbols.h"
#include "tests/fuzz/support/fuzz_input.h"

#define FUZZ_ELF_RAM (4ULL << 20)

static struct guest_mem mem;

static void ask_symbols(const struct symtab *syms, const struct elf_image *img)
{
	const uint64_t around[] = { img->entry, img->lowest, img->highest, 0,
				    UINT64_MAX };
	char buf[128];

	for (size_t i = 0; i < syms->count; i++) {
		const struct symbol *s = &syms->syms[i];

		symtab_lookup(syms, s->addr);
		symtab_lookup(syms, s->addr + s->size - 1);
		symtab_format(syms, s->addr + s->size, buf, sizeof(buf));
		if (symtab_find(syms, s->name) == NULL)
			abort();    /* a kept symbol must be found by name */
	}
	for (size_t i = 0; i < sizeof(around) / sizeof(around[0]); i++)
		symtab_format(syms, around[i], buf, sizeof(buf));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct symtab syms;
	struct elf_image img;
	char err[160] = "";
	int checked, loaded;

	if (!mem.host && guest_mem_init(&mem, FUZZ_ELF_RAM) < 0)
		abort();
	symtab_init(&syms);
	checked = elf_check(data, size, mem.size, err, sizeof(err));
	if (checked < 0 && err[0] == '\0')
		abort();    /* a refusal names its reason */
	err[0] = '\0';
	loaded = elf_load(data, size, &mem, &syms, &img, err, sizeof(err));
	if ((checked == 0) != (loaded == 0) || (loaded < 0 && err[0] == '\0'))
		abort();
	if (loaded == 0)
		ask_symbols(&syms, &img);
	symtab_free(&syms);
	return 0;
}
