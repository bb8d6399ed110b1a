/*
 * tests/unit/support/elf_builder.c - the valid test image (see the header).
 */
#include <stddef.h>
#include <string.h>

#include "tests/unit/support/elf_builder.h"

_Static_assert(sizeof(struct test_elf) ==
	       sizeof(Elf64_Ehdr) + 3 * sizeof(Elf64_Phdr) + 64 + 16 +
	       TEST_ELF_NSYMS * sizeof(Elf64_Sym) + 80 + 3 * sizeof(Elf64_Shdr),
	       "struct test_elf must have no padding: it is the file layout");

static void build_header(struct test_elf *img)
{
	Elf64_Ehdr *eh = &img->eh;

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = TEST_ELF_TEXT_ADDR;
	eh->e_phoff = offsetof(struct test_elf, ph);
	eh->e_shoff = offsetof(struct test_elf, sh);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 3;
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = 3;
}

static void build_segments(struct test_elf *img)
{
	unsigned i;

	for (i = 0; i < sizeof(img->text); i++)
		img->text[i] = 0x90 + i % 16;
	for (i = 0; i < sizeof(img->data); i++)
		img->data[i] = 0xa0 + i;
	img->ph[0] = (Elf64_Phdr){
		.p_type = PT_LOAD, .p_flags = PF_R | PF_X,
		.p_offset = offsetof(struct test_elf, text),
		.p_vaddr = TEST_ELF_TEXT_ADDR, .p_paddr = TEST_ELF_TEXT_ADDR,
		.p_filesz = sizeof(img->text), .p_memsz = sizeof(img->text),
		.p_align = 0x1000,
	};
	img->ph[1] = (Elf64_Phdr){
		.p_type = PT_LOAD, .p_flags = PF_R | PF_W,
		.p_offset = offsetof(struct test_elf, data),
		.p_vaddr = TEST_ELF_DATA_ADDR, .p_paddr = TEST_ELF_DATA_ADDR,
		.p_filesz = sizeof(img->data), .p_memsz = TEST_ELF_DATA_MEMSZ,
		.p_align = 0x1000,
	};
	img->ph[2] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_flags = PF_R };
}

/* Append name to the string table at *pos; returns its offset. */
static Elf64_Word add_name(struct test_elf *img, size_t *pos, const char *name)
{
	size_t at = *pos;

	strcpy(img->strtab + at, name);
	*pos += strlen(name) + 1;
	return (Elf64_Word)at;
}

static Elf64_Sym sym(Elf64_Word name, unsigned bind, unsigned type,
		     Elf64_Half shndx, uint64_t value, uint64_t size)
{
	return (Elf64_Sym){
		.st_name = name, .st_info = ELF64_ST_INFO(bind, type),
		.st_shndx = shndx, .st_value = value, .st_size = size,
	};
}

static void build_symbols(struct test_elf *img)
{
	size_t pos = 1;   /* strtab[0] is the empty name */
	Elf64_Half text = 1;   /* any defined section index will do */

	img->syms[1] = sym(add_name(img, &pos, "_start_alias"), STB_GLOBAL,
			   STT_NOTYPE, text, TEST_ELF_TEXT_ADDR, 0x10);
	img->syms[2] = sym(add_name(img, &pos, "_start"), STB_GLOBAL, STT_FUNC,
			   text, TEST_ELF_TEXT_ADDR, 0x10);
	img->syms[3] = sym(add_name(img, &pos, "main"), STB_GLOBAL, STT_FUNC,
			   text, TEST_ELF_TEXT_ADDR + 0x10, 0x30);
	img->syms[4] = sym(add_name(img, &pos, "counter"), STB_GLOBAL,
			   STT_OBJECT, text, TEST_ELF_DATA_ADDR, 8);
	img->syms[5] = sym(add_name(img, &pos, "local_label"), STB_LOCAL,
			   STT_NOTYPE, text, TEST_ELF_TEXT_ADDR + 0x20, 0x10);
	img->syms[6] = sym(add_name(img, &pos, "undefined"), STB_GLOBAL,
			   STT_FUNC, SHN_UNDEF, 0, 0x10);
	img->syms[7] = sym(add_name(img, &pos, "empty"), STB_GLOBAL,
			   STT_OBJECT, text, TEST_ELF_DATA_ADDR + 8, 0);
}

static void build_sections(struct test_elf *img)
{
	img->sh[1] = (Elf64_Shdr){
		.sh_type = SHT_SYMTAB, .sh_offset = offsetof(struct test_elf, syms),
		.sh_size = sizeof(img->syms), .sh_link = 2, .sh_info = 1,
		.sh_entsize = sizeof(Elf64_Sym), .sh_addralign = 8,
	};
	img->sh[2] = (Elf64_Shdr){
		.sh_type = SHT_STRTAB, .sh_offset = offsetof(struct test_elf, strtab),
		.sh_size = sizeof(img->strtab), .sh_addralign = 1,
	};
}

void test_elf_build(struct test_elf *img)
{
	memset(img, 0, sizeof(*img));
	build_header(img);
	build_segments(img);
	build_symbols(img);
	build_sections(img);
}
