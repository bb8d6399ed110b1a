/*
 * tests/unit/support/elf_builder.h - one small, valid guest ELF image, as a
 * C struct, for the loader's tests.
 *
 * The image is laid out field by field so a test can break exactly one
 * header field by name (img.ph[1].p_memsz = ...) and hand the bytes to
 * elf_load() with (const uint8_t *)&img, sizeof(img).  Every member is a
 * multiple of 8 bytes, so the struct has no padding and its layout is the
 * file's layout; offsetof() gives file offsets.
 *
 * The valid image, for 64 MiB of RAM:
 *   ph[0] PT_LOAD R+X  [0x100000-0x100040)  file: text[]
 *   ph[1] PT_LOAD R+W  [0x101000-0x102000)  file: data[] (16 bytes), then bss
 *   ph[2] PT_NOTE      (ignored by the loader)
 *   entry 0x100000
 *   symbols (symtab order): "_start_alias" (NOTYPE global, 0x100000, 0x10),
 *     "_start" (FUNC, 0x100000, 0x10), "main" (FUNC, 0x100010, 0x30),
 *     "counter" (OBJECT, 0x101000, 8), "local_label" (NOTYPE local, 0x100020,
 *     0x10: dropped), "undefined" (FUNC, SHN_UNDEF: dropped), "empty"
 *     (OBJECT, size 0: dropped)
 *   sections: [0] null, [1] .symtab (link 2), [2] .strtab
 */
#ifndef TESTS_UNIT_SUPPORT_ELF_BUILDER_H
#define TESTS_UNIT_SUPPORT_ELF_BUILDER_H

#include <elf.h>
#include <stdint.h>

#define TEST_ELF_TEXT_ADDR 0x100000ULL
#define TEST_ELF_DATA_ADDR 0x101000ULL
#define TEST_ELF_DATA_MEMSZ 0x1000ULL
#define TEST_ELF_NSYMS 8

struct test_elf {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[3];
	uint8_t text[64];
	uint8_t data[16];
	Elf64_Sym syms[TEST_ELF_NSYMS];
	char strtab[80];
	Elf64_Shdr sh[3];
};

/* Fill img with the valid image described above.  text[i] = 0x90 + i % 16
 * (never 0), data[i] = 0xa0 + i. */
void test_elf_build(struct test_elf *img);

#endif /* TESTS_UNIT_SUPPORT_ELF_BUILDER_H */
