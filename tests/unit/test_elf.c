/*
 * tests/unit/test_elf.c - the ELF loader's accept and reject paths.
 *
 * Every reject case starts from the one valid image of
 * tests/unit/support/elf_builder.h and breaks one field.  Each must give
 * -ENOEXEC, a one-line message naming the problem, and leave guest RAM and
 * the caller's symbol table exactly as they were.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/elf.h"
#include "tests/unit/support/elf_builder.h"
#include "tests/unit/support/mem_syms.h"
#include "tests/unit/support/resident.h"

#define RAM_SIZE   (64ULL << 20)
#define FILL       0xcc              /* RAM's contents before a load */
#define FILL_LEN   (4ULL << 20)      /* the part of RAM the tests watch */

struct reject_case;

struct fixture {
	struct guest_mem mem;
	struct symtab syms;     /* holds "sentinel" before each load */
	struct test_elf img;
	char err[256];
	const struct reject_case *rc;   /* reject tests: the case to run */
};

static const struct sym_def sentinel = { "sentinel", 0x1234, 1 };

/* *state on entry: the test's initial state (a reject case, or NULL). */
static int setup(void **state)
{
	static struct fixture f;

	if (mem_syms_init(&f.mem, &f.syms, RAM_SIZE, &sentinel, 1))
		return -1;
	f.rc = *state;
	*state = &f;
	memset(f.mem.host, FILL, FILL_LEN);
	test_elf_build(&f.img);
	strcpy(f.err, "untouched");
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mem_syms_free(&f->mem, &f->syms);
	return 0;
}

static int load(struct fixture *f, size_t len, struct elf_image *out)
{
	return elf_load((const uint8_t *)&f->img, len, &f->mem, &f->syms, out,
			f->err, sizeof(f->err));
}

/* elf_check() must say exactly what elf_load() says, without loading. */
static void assert_check_agrees(struct fixture *f, size_t len, int expected)
{
	char err[sizeof(f->err)] = "untouched";

	assert_int_equal(elf_check((const uint8_t *)&f->img, len, f->mem.size,
				   err, sizeof(err)), expected);
	assert_string_equal(err, f->err);
}

static void assert_ram_untouched(const struct fixture *f)
{
	uint64_t i;

	for (i = 0; i < FILL_LEN; i++) {
		if (f->mem.host[i] != FILL)
			fail_msg("guest RAM changed at 0x%llx", (unsigned long long)i);
	}
}

/* ---- reject cases: one broken field each ---------------------------- */

struct reject_case {
	const char *name;
	void (*mutate)(struct test_elf *img);
	size_t len;           /* bytes handed to the loader; 0: the whole image */
	const char *msg;      /* expected message ... */
	int exact;            /* ... in full (1) or as a substring (0) */
};

static void no_change(struct test_elf *img) { (void)img; }
static void bad_magic(struct test_elf *img) { img->eh.e_ident[EI_MAG1] = 'X'; }
static void class32(struct test_elf *img) { img->eh.e_ident[EI_CLASS] = ELFCLASS32; }
static void class7(struct test_elf *img) { img->eh.e_ident[EI_CLASS] = 7; }
static void big_endian(struct test_elf *img) { img->eh.e_ident[EI_DATA] = ELFDATA2MSB; }
static void data0(struct test_elf *img) { img->eh.e_ident[EI_DATA] = 0; }
static void ident_version(struct test_elf *img) { img->eh.e_ident[EI_VERSION] = 0; }
static void machine_arm(struct test_elf *img) { img->eh.e_machine = EM_ARM; }
static void machine_odd(struct test_elf *img) { img->eh.e_machine = 9999; }
static void type_dyn(struct test_elf *img) { img->eh.e_type = ET_DYN; }
static void type_rel(struct test_elf *img) { img->eh.e_type = ET_REL; }
static void version2(struct test_elf *img) { img->eh.e_version = 2; }
static void phentsize(struct test_elf *img) { img->eh.e_phentsize = 32; }
static void phnum0(struct test_elf *img) { img->eh.e_phnum = 0; }
static void phoff_end(struct test_elf *img) { img->eh.e_phoff = sizeof(*img) - 2 * sizeof(Elf64_Phdr); }
static void phoff_wrap(struct test_elf *img) { img->eh.e_phoff = UINT64_MAX - 8; }
static void filesz_big(struct test_elf *img) { img->ph[0].p_filesz = 0x41; }
static void offset_end(struct test_elf *img) { img->ph[0].p_offset = sizeof(*img) - 0x20; }
static void offset_wrap(struct test_elf *img) { img->ph[0].p_offset = UINT64_MAX - 0x10; }
static void vaddr_high(struct test_elf *img) { img->ph[0].p_vaddr = 0xffffffff80100000ULL; }

static void place(Elf64_Phdr *ph, uint64_t addr, uint64_t memsz)
{
	ph->p_vaddr = addr;
	ph->p_paddr = addr;
	ph->p_memsz = memsz;
}

/* The text segment (0x40 bytes) moved onto each range the machine uses. */
static void text_at(struct test_elf *img, uint64_t addr)
{
	place(&img->ph[0], addr, 0x40);
	img->eh.e_entry = addr;
}

static void text_page0(struct test_elf *img) { text_at(img, 0xfe0); }
static void text_gdt(struct test_elf *img) { text_at(img, 0x1010); }
static void text_boot_info(struct test_elf *img) { text_at(img, 0x1ff0); }
static void text_page_tables(struct test_elf *img) { text_at(img, 0x16ff0); }
static void text_boot_stack(struct test_elf *img) { text_at(img, 0x7ffe0); }
static void text_vga(struct test_elf *img) { text_at(img, 0xb7fe0); }
static void data_far(struct test_elf *img) { place(&img->ph[1], 0x5000000, 0x1000); }
static void data_crosses_end(struct test_elf *img) { place(&img->ph[1], 0x3fff000, 0x2000); }
static void data_wraps(struct test_elf *img) { place(&img->ph[1], 0xfffffffffffff000ULL, 0x2000); }
static void data_overlaps(struct test_elf *img) { place(&img->ph[1], 0x100020, 0x1000); }

static void no_load(struct test_elf *img)
{
	img->ph[0].p_type = PT_NOTE;
	img->ph[1].p_type = PT_NOTE;
}

static void interp(struct test_elf *img) { img->ph[2].p_type = PT_INTERP; }
static void entry_outside(struct test_elf *img) { img->eh.e_entry = 0x200000; }
static void entry_in_data(struct test_elf *img) { img->eh.e_entry = TEST_ELF_DATA_ADDR; }
static void entry_past_text(struct test_elf *img) { img->eh.e_entry = TEST_ELF_TEXT_ADDR + 0x40; }
static void shentsize(struct test_elf *img) { img->eh.e_shentsize = 40; }
static void shoff_end(struct test_elf *img) { img->eh.e_shoff = sizeof(*img) - sizeof(Elf64_Shdr); }
static void sym_entsize(struct test_elf *img) { img->sh[1].sh_entsize = 16; }
static void sym_partial(struct test_elf *img) { img->sh[1].sh_size -= 1; }
static void sym_offset_end(struct test_elf *img) { img->sh[1].sh_offset = sizeof(*img) - 0x18; }
static void sym_link0(struct test_elf *img) { img->sh[1].sh_link = 0; }
static void sym_link7(struct test_elf *img) { img->sh[1].sh_link = 7; }
static void sym_link_self(struct test_elf *img) { img->sh[1].sh_link = 1; }
static void strtab_wrap(struct test_elf *img) { img->sh[2].sh_offset = UINT64_MAX; }
static void name_outside(struct test_elf *img) { img->syms[3].st_name = sizeof(img->strtab); }

/* Cut the string table in the middle of "main". */
static void name_unterminated(struct test_elf *img)
{
	img->sh[2].sh_size = img->syms[3].st_name + 2;
}

static const struct reject_case reject_cases[] = {
	{ "empty file", no_change, 1, "not an ELF file (bad magic)", 1 },
	{ "bad magic", bad_magic, 0, "not an ELF file (bad magic)", 1 },
	{ "truncated header", no_change, 40, "truncated ELF header (40 bytes, need 64)", 1 },
	{ "class 32", class32, 0, "ELF class 32 is not supported: vmscope runs 64-bit guests", 1 },
	{ "class 7", class7, 0, "ELF class byte 7 is not valid", 1 },
	{ "big endian", big_endian, 0, "big-endian ELF is not supported", 0 },
	{ "data byte 0", data0, 0, "ELF data byte 0 is not valid", 1 },
	{ "ident version", ident_version, 0, "identification version 0 is not 1", 0 },
	{ "machine ARM", machine_arm, 0, "machine 40 (ARM) is not x86-64", 1 },
	{ "machine unknown", machine_odd, 0, "machine 9999 is not x86-64", 1 },
	{ "type DYN", type_dyn, 0, "type 3 (shared object or PIE) is not supported", 0 },
	{ "type REL", type_rel, 0, "type 1 (relocatable object) is not supported", 0 },
	{ "e_version", version2, 0, "ELF version 2 is not 1", 1 },
	{ "phentsize", phentsize, 0, "program header entry size 32, expected 56", 1 },
	{ "phnum 0", phnum0, 0, "no program headers", 1 },
	{ "phoff at end", phoff_end, 0, "program header table (offset 0x", 0 },
	{ "phoff wraps", phoff_wrap, 0, "program header table (offset 0xfffffffffffffff7, 3 entries) lies outside the file", 0 },
	{ "filesz > memsz", filesz_big, 0, "segment 0: file size 0x41 exceeds memory size 0x40", 1 },
	{ "offset past end", offset_end, 0, "segment 0: file bytes (offset 0x", 0 },
	{ "offset wraps", offset_wrap, 0, "segment 0: file bytes (offset 0xffffffffffffffef, size 0x40) lie outside the file", 0 },
	{ "vaddr != paddr", vaddr_high, 0, "segment 0: virtual address 0xffffffff80100000 differs from physical 0x100000", 0 },
	{ "segment on page 0", text_page0, 0, "segment 0 [0xfe0-0x1020) overlaps page 0 (not mapped) [0x0-0x1000), which vmscope uses: link the image elsewhere (docs/GUEST.md)", 1 },
	{ "segment on the boot GDT", text_gdt, 0, "segment 0 [0x1010-0x1050) overlaps the boot GDT [0x1000-0x1018), which vmscope uses: link the image elsewhere (docs/GUEST.md)", 1 },
	{ "segment on the boot info", text_boot_info, 0, "segment 0 [0x1ff0-0x2030) overlaps the boot info [0x2000-0x2020), which vmscope uses: link the image elsewhere (docs/GUEST.md)", 1 },
	{ "segment on the page tables", text_page_tables, 0, "segment 0 [0x16ff0-0x17030) overlaps the boot page tables [0x10000-0x17000), which vmscope uses: link the image elsewhere (docs/GUEST.md)", 1 },
	{ "segment on the boot stack", text_boot_stack, 0, "segment 0 [0x7ffe0-0x80020) overlaps the boot stack [0x70000-0x80000), which vmscope uses: link the image elsewhere (docs/GUEST.md)", 1 },
	{ "segment on the VGA window", text_vga, 0, "segment 0 [0xb7fe0-0xb8020) overlaps the VGA text window [0xb8000-0xc0000), which vmscope uses: link the image elsewhere (docs/GUEST.md)", 1 },
	{ "segment beyond RAM", data_far, 0, "segment 1 [0x5000000-0x5001000) is outside guest RAM (64 MiB)", 1 },
	{ "segment crosses RAM end", data_crosses_end, 0, "segment 1 [0x3fff000-0x4001000) is outside guest RAM (64 MiB)", 1 },
	{ "segment wraps", data_wraps, 0, "segment 1 at 0xfffffffffffff000 with size 0x2000 wraps around", 0 },
	{ "segments overlap", data_overlaps, 0, "segments 0 [0x100000-0x100040) and 1 [0x100020-0x101020) overlap", 1 },
	{ "no PT_LOAD", no_load, 0, "no loadable (PT_LOAD) segment", 1 },
	{ "PT_INTERP", interp, 0, "segment 2 asks for a dynamic loader (PT_INTERP)", 0 },
	{ "entry outside", entry_outside, 0, "entry point 0x200000 is not inside an executable loaded segment", 1 },
	{ "entry in data", entry_in_data, 0, "entry point 0x101000 is not inside an executable", 0 },
	{ "entry past text", entry_past_text, 0, "entry point 0x100040 is not inside an executable", 0 },
	{ "shentsize", shentsize, 0, "section header entry size 40, expected 64", 1 },
	{ "shoff at end", shoff_end, 0, "section header table (offset 0x", 0 },
	{ "symtab entsize", sym_entsize, 0, "symbol table: entry size 16, expected 24", 1 },
	{ "symtab partial entry", sym_partial, 0, "symbol table: section 1 (offset 0x", 0 },
	{ "symtab past end", sym_offset_end, 0, "is not whole entries inside the file", 0 },
	{ "strtab link 0", sym_link0, 0, "symbol table: string table index 0 is not a section (3 sections)", 1 },
	{ "strtab link 7", sym_link7, 0, "symbol table: string table index 7 is not a section (3 sections)", 1 },
	{ "strtab link to symtab", sym_link_self, 0, "symbol table: linked section 1 is not a string table (type 2)", 1 },
	{ "strtab wraps", strtab_wrap, 0, "symbol table: string table (offset 0xffffffffffffffff", 0 },
	{ "name outside strtab", name_outside, 0, "symbol 3: name offset 0x50 is outside the string table (0x50 bytes)", 1 },
	{ "name unterminated", name_unterminated, 0, "symbol 3: name is not NUL-terminated inside the string table", 1 },
};

static void run_reject_case(void **state)
{
	struct fixture *f = *state;
	const struct reject_case *rc = f->rc;
	struct elf_image out = { 0 };

	rc->mutate(&f->img);
	assert_int_equal(load(f, rc->len ? rc->len : sizeof(f->img), &out),
			 -ENOEXEC);
	assert_check_agrees(f, rc->len ? rc->len : sizeof(f->img), -ENOEXEC);
	if (rc->exact)
		assert_string_equal(f->err, rc->msg);
	else if (!strstr(f->err, rc->msg))
		fail_msg("message \"%s\" does not contain \"%s\"", f->err, rc->msg);
	assert_null(strchr(f->err, '\n'));
	assert_ram_untouched(f);
	assert_int_equal(f->syms.count, 1);
	assert_string_equal(f->syms.syms[0].name, "sentinel");
}

/* 17 loadable segments, one more than the loader takes: a program header
 * table appended after the image. */
static void test_too_many_segments(void **state)
{
	struct fixture *f = *state;
	size_t len = sizeof(f->img) + 17 * sizeof(Elf64_Phdr), i;
	uint8_t *bytes = calloc(1, len);
	struct elf_image out;

	assert_non_null(bytes);
	f->img.eh.e_phoff = sizeof(f->img);
	f->img.eh.e_phnum = 17;
	memcpy(bytes, &f->img, sizeof(f->img));
	for (i = 0; i < 17; i++) {
		Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = PF_R | PF_X };

		place(&ph, 0x200000 + i * 0x1000, 0x1000);
		memcpy(bytes + sizeof(f->img) + i * sizeof(ph), &ph, sizeof(ph));
	}
	assert_int_equal(elf_load(bytes, len, &f->mem, &f->syms, &out, f->err,
				  sizeof(f->err)), -ENOEXEC);
	assert_string_equal(f->err, "more than 16 loadable segments");
	assert_ram_untouched(f);
	free(bytes);
}

/* ---- accept cases --------------------------------------------------- */

static void expect_symbol(const struct symtab *syms, uint64_t addr,
			  const char *name, uint64_t size)
{
	const struct symbol *sym = symtab_lookup(syms, addr);

	assert_non_null(sym);
	assert_string_equal(sym->name, name);
	assert_int_equal(sym->size, size);
}

static void test_valid_image(void **state)
{
	struct fixture *f = *state;
	struct elf_image out = { 0 };
	const uint8_t *ram = f->mem.host;
	uint64_t i;

	assert_int_equal(load(f, sizeof(f->img), &out), 0);
	assert_string_equal(f->err, "untouched");
	assert_check_agrees(f, sizeof(f->img), 0);
	assert_int_equal(out.entry, 0x100000);
	assert_int_equal(out.lowest, 0x100000);
	assert_int_equal(out.highest, 0x102000);
	assert_memory_equal(ram + 0x100000, f->img.text, sizeof(f->img.text));
	assert_memory_equal(ram + 0x101000, f->img.data, sizeof(f->img.data));
	for (i = 0x101000 + sizeof(f->img.data); i < 0x102000; i++)
		assert_int_equal(ram[i], 0);                /* bss zeroed */
	assert_int_equal(ram[0xfffff], FILL);               /* neighbours kept */
	assert_int_equal(ram[0x100040], FILL);
	assert_int_equal(ram[0x100fff], FILL);
	assert_int_equal(ram[0x102000], FILL);
}

/* A .bss of several pages reads as zeros, its neighbour keeps its bytes,
 * and the load leaves its whole pages untouched (core/memory.h,
 * guest_mem_zero(): given back, not written). */
static void test_bss_pages_untouched(void **state)
{
	struct fixture *f = *state;
	struct elf_image out = { 0 };
	const uint8_t *ram = f->mem.host;
	uint64_t i;

	f->img.ph[1].p_memsz = 0x4800;   /* data, then .bss to 0x105800 */
	assert_int_equal(load(f, sizeof(f->img), &out), 0);
	assert_int_equal(out.highest, 0x105800);
	for (i = 0x102000; i < 0x105000; i += 0x1000)   /* before reading */
		assert_false(test_page_resident(ram + i));
	for (i = 0x101000 + sizeof(f->img.data); i < 0x105800; i++)
		assert_int_equal(ram[i], 0);
	assert_int_equal(ram[0x105800], FILL);
}

/* Functions first at a shared address; local labels, undefined and
 * zero-sized symbols are left out; the old table is replaced. */
static void test_valid_symbols(void **state)
{
	struct fixture *f = *state;
	struct elf_image out;

	assert_int_equal(load(f, sizeof(f->img), &out), 0);
	assert_int_equal(f->syms.count, 3);
	assert_string_equal(f->syms.syms[0].name, "_start");
	assert_string_equal(f->syms.syms[1].name, "main");
	assert_string_equal(f->syms.syms[2].name, "counter");
	expect_symbol(&f->syms, 0x100000, "_start", 0x10);
	expect_symbol(&f->syms, 0x100025, "main", 0x30);   /* not local_label */
	expect_symbol(&f->syms, 0x101007, "counter", 8);
	assert_null(symtab_lookup(&f->syms, 0x101008));
	assert_null(symtab_find(&f->syms, "sentinel"));
	assert_null(symtab_find(&f->syms, "_start_alias"));
	assert_null(symtab_find(&f->syms, "undefined"));
	assert_null(symtab_find(&f->syms, "empty"));
}

/* A global label with a size and no function at its address is kept. */
static void test_global_label_kept(void **state)
{
	struct fixture *f = *state;
	struct elf_image out;

	f->img.syms[2].st_value = TEST_ELF_TEXT_ADDR + 0x3c;   /* move _start */
	f->img.syms[2].st_size = 4;
	f->img.syms[3].st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC);
	assert_int_equal(load(f, sizeof(f->img), &out), 0);
	expect_symbol(&f->syms, 0x100000, "_start_alias", 0x10);
	expect_symbol(&f->syms, 0x10003c, "_start", 4);
	assert_non_null(symtab_find(&f->syms, "main"));    /* local functions too */
}

static void test_syms_null(void **state)
{
	struct fixture *f = *state;
	struct elf_image out;

	/* a broken symbol table does not matter when nobody reads it */
	f->img.sh[1].sh_link = 0;
	assert_int_equal(elf_load((const uint8_t *)&f->img, sizeof(f->img),
				  &f->mem, NULL, &out, f->err, sizeof(f->err)), 0);
	assert_int_equal(out.entry, 0x100000);
	assert_memory_equal(f->mem.host + 0x100000, f->img.text, sizeof(f->img.text));
}

static void test_no_section_table(void **state)
{
	struct fixture *f = *state;
	struct elf_image out;

	f->img.eh.e_shoff = 0;
	f->img.eh.e_shnum = 0;
	assert_int_equal(load(f, sizeof(f->img), &out), 0);
	assert_int_equal(f->syms.count, 0);
}

static void test_no_symtab_section(void **state)
{
	struct fixture *f = *state;
	struct elf_image out;

	f->img.sh[1].sh_type = SHT_PROGBITS;
	assert_int_equal(load(f, sizeof(f->img), &out), 0);
	assert_int_equal(f->syms.count, 0);
}

/* The last byte of RAM may be loaded; an empty PT_LOAD is ignored. */
static void test_segment_at_ram_end(void **state)
{
	struct fixture *f = *state;
	struct elf_image out;

	place(&f->img.ph[1], RAM_SIZE - 0x1000, 0x1000);
	f->img.ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X };
	f->img.eh.e_entry = TEST_ELF_TEXT_ADDR + 0x3f;
	assert_int_equal(load(f, sizeof(f->img), &out), 0);
	assert_int_equal(out.lowest, 0x100000);
	assert_int_equal(out.highest, RAM_SIZE);
	assert_int_equal(out.entry, 0x10003f);
	assert_memory_equal(f->mem.host + RAM_SIZE - 0x1000, f->img.data,
			    sizeof(f->img.data));
	assert_int_equal(f->mem.host[RAM_SIZE - 1], 0);
}

/*
 * Between the ranges the machine uses, low memory is the image's: what
 * `ld -Ttext=0x100000` makes (a header-only PT_LOAD a page below the
 * text) and segments in the gaps load.
 */
static void test_low_memory_gaps(void **state)
{
	struct fixture *f = *state;
	struct elf_image out;
	static const uint64_t gaps[][2] = {
		{ 0x1018, 0x2000 }, { 0x2020, 0x10000 }, { 0x17000, 0x70000 },
		{ 0x80000, 0xb8000 }, { 0xc0000, 0x100000 },
	};

	for (size_t i = 0; i < sizeof(gaps) / sizeof(gaps[0]); i++) {
		place(&f->img.ph[1], gaps[i][0], gaps[i][1] - gaps[i][0]);
		assert_int_equal(load(f, sizeof(f->img), &out), 0);
		assert_int_equal(out.lowest, gaps[i][0]);
		assert_check_agrees(f, sizeof(f->img), 0);
	}
}

static const struct CMUnitTest fixed_tests[] = {
	cmocka_unit_test_setup_teardown(test_low_memory_gaps, setup, teardown),
	cmocka_unit_test_setup_teardown(test_too_many_segments, setup, teardown),
	cmocka_unit_test_setup_teardown(test_valid_image, setup, teardown),
	cmocka_unit_test_setup_teardown(test_bss_pages_untouched, setup,
					teardown),
	cmocka_unit_test_setup_teardown(test_valid_symbols, setup, teardown),
	cmocka_unit_test_setup_teardown(test_global_label_kept, setup, teardown),
	cmocka_unit_test_setup_teardown(test_syms_null, setup, teardown),
	cmocka_unit_test_setup_teardown(test_no_section_table, setup, teardown),
	cmocka_unit_test_setup_teardown(test_no_symtab_section, setup, teardown),
	cmocka_unit_test_setup_teardown(test_segment_at_ram_end, setup, teardown),
};

int main(void)
{
	enum {
		NFIXED = sizeof(fixed_tests) / sizeof(fixed_tests[0]),
		NCASES = sizeof(reject_cases) / sizeof(reject_cases[0]),
	};
	struct CMUnitTest tests[NFIXED + NCASES];
	size_t i;

	memcpy(tests, fixed_tests, sizeof(fixed_tests));
	/* One named test per reject case, the case as its initial state. */
	for (i = 0; i < NCASES; i++)
		tests[NFIXED + i] = (struct CMUnitTest){
			.name = reject_cases[i].name,
			.test_func = run_reject_case,
			.setup_func = setup,
			.teardown_func = teardown,
			.initial_state = (void *)&reject_cases[i],
		};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
