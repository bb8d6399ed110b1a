/*
 * core/elf.c - the guest ELF64 loader.
 *
 * The image is untrusted input (a student's file, a fuzzer's bytes), so the
 * loader works in two phases: first every header field it will use is
 * checked - the file header, each program header, the section headers and
 * symbols - and only when all of it is sound are the segments copied into
 * guest RAM.  A refused image leaves RAM and the symbol table untouched.
 *
 * Every "offset + size inside the file" and "address + size inside RAM"
 * test is written as "size <= limit - offset" after checking
 * "offset <= limit", because the image chooses both numbers and their sum
 * may wrap around 2^64.
 *
 * Reference: System V ABI, "Object Files" (ELF-64 Object File Format 1.5),
 * and <elf.h>.  The image is read with memcpy into aligned structs: its
 * bytes come from a file or a blob with no alignment promise.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <elf.h>

#include "core/boot.h"
#include "core/elf.h"
#include "guest/abi/machine.h"

/* More loadable segments than any guest needs; bounds the overlap check. */
#define ELF_MAX_LOADS 16

/* What validation found, handed to the copy phase. */
struct elf_ctx {
	const uint8_t *bytes;
	size_t len;
	const struct guest_mem *mem;
	Elf64_Ehdr eh;
	Elf64_Phdr loads[ELF_MAX_LOADS];   /* non-empty PT_LOADs */
	unsigned load_index[ELF_MAX_LOADS]; /* their program header numbers */
	unsigned nloads;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int elf_fail(struct elf_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err && c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return -ENOEXEC;
}

/* [off, off+size) lies inside the file. */
static bool in_file(const struct elf_ctx *c, uint64_t off, uint64_t size)
{
	return off <= c->len && size <= c->len - off;
}

static const char *machine_name(unsigned machine)
{
	switch (machine) {
	case EM_386: return "i386";
	case EM_MIPS: return "MIPS";
	case EM_PPC: return "PowerPC";
	case EM_PPC64: return "PowerPC64";
	case EM_S390: return "s390";
	case EM_ARM: return "ARM";
	case EM_AARCH64: return "AArch64";
	case EM_RISCV: return "RISC-V";
	default: return NULL;
	}
}

static const char *type_name(unsigned type)
{
	switch (type) {
	case ET_NONE: return "no file type";
	case ET_REL: return "relocatable object";
	case ET_DYN: return "shared object or PIE";
	case ET_CORE: return "core dump";
	default: return NULL;
	}
}

static int check_ident(struct elf_ctx *c)
{
	const unsigned char *id;

	if (c->len < SELFMAG || memcmp(c->bytes, ELFMAG, SELFMAG) != 0)
		return elf_fail(c, "not an ELF file (bad magic)");
	if (c->len < sizeof(Elf64_Ehdr))
		return elf_fail(c, "truncated ELF header (%zu bytes, need %zu)",
				c->len, sizeof(Elf64_Ehdr));
	memcpy(&c->eh, c->bytes, sizeof(c->eh));
	id = c->eh.e_ident;
	if (id[EI_CLASS] == ELFCLASS32)
		return elf_fail(c, "ELF class 32 is not supported: vmscope runs 64-bit guests");
	if (id[EI_CLASS] != ELFCLASS64)
		return elf_fail(c, "ELF class byte %u is not valid", id[EI_CLASS]);
	if (id[EI_DATA] == ELFDATA2MSB)
		return elf_fail(c, "big-endian ELF is not supported: x86-64 is little-endian");
	if (id[EI_DATA] != ELFDATA2LSB)
		return elf_fail(c, "ELF data byte %u is not valid", id[EI_DATA]);
	if (id[EI_VERSION] != EV_CURRENT)
		return elf_fail(c, "ELF identification version %u is not 1",
				id[EI_VERSION]);
	return 0;
}

static int check_header(struct elf_ctx *c)
{
	const Elf64_Ehdr *eh = &c->eh;
	const char *name;

	if (eh->e_machine != EM_X86_64) {
		name = machine_name(eh->e_machine);
		if (name)
			return elf_fail(c, "machine %u (%s) is not x86-64",
					eh->e_machine, name);
		return elf_fail(c, "machine %u is not x86-64", eh->e_machine);
	}
	if (eh->e_type != ET_EXEC) {
		name = type_name(eh->e_type);
		return elf_fail(c, "type %u (%s) is not supported: vmscope loads "
				"ET_EXEC images (link with -static -no-pie)",
				eh->e_type, name ? name : "unknown");
	}
	if (eh->e_version != EV_CURRENT)
		return elf_fail(c, "ELF version %u is not 1", eh->e_version);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return elf_fail(c, "program header entry size %u, expected %zu",
				eh->e_phentsize, sizeof(Elf64_Phdr));
	if (eh->e_phnum == 0)
		return elf_fail(c, "no program headers");
	if (!in_file(c, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return elf_fail(c, "program header table (offset 0x%" PRIx64
				", %u entries) lies outside the file (%zu bytes)",
				eh->e_phoff, eh->e_phnum, c->len);
	return 0;
}

/* Where a loadable segment may go: in RAM, clear of what the machine
 * itself uses (core/boot.c names each of those). */
static int check_placement(struct elf_ctx *c, unsigned i, const Elf64_Phdr *ph)
{
	uint64_t start = ph->p_paddr, size = ph->p_memsz;
	const struct boot_region *r;

	if (size - 1 > UINT64_MAX - start)
		return elf_fail(c, "segment %u at 0x%" PRIx64 " with size 0x%"
				PRIx64 " wraps around the address space",
				i, start, size);
	if (start >= c->mem->size || size > c->mem->size - start)
		return elf_fail(c, "segment %u [0x%" PRIx64 "-0x%" PRIx64
				") is outside guest RAM (%" PRIu64 " MiB)",
				i, start, start + size, c->mem->size >> 20);
	r = boot_reserved_overlap(start, start + size);
	if (r)
		return elf_fail(c, "segment %u [0x%" PRIx64 "-0x%" PRIx64
				") overlaps %s [0x%" PRIx64 "-0x%" PRIx64
				"), which vmscope uses: link the image "
				"elsewhere (docs/GUEST.md)",
				i, start, start + size, r->name, r->start,
				r->end);
	return 0;
}

static int check_load(struct elf_ctx *c, unsigned i, const Elf64_Phdr *ph)
{
	int err;

	if (ph->p_filesz > ph->p_memsz)
		return elf_fail(c, "segment %u: file size 0x%" PRIx64
				" exceeds memory size 0x%" PRIx64,
				i, ph->p_filesz, ph->p_memsz);
	if (!in_file(c, ph->p_offset, ph->p_filesz))
		return elf_fail(c, "segment %u: file bytes (offset 0x%" PRIx64
				", size 0x%" PRIx64 ") lie outside the file (%zu bytes)",
				i, ph->p_offset, ph->p_filesz, c->len);
	if (ph->p_vaddr != ph->p_paddr)
		return elf_fail(c, "segment %u: virtual address 0x%" PRIx64
				" differs from physical 0x%" PRIx64
				": vmscope loads identity-mapped images",
				i, ph->p_vaddr, ph->p_paddr);
	if (ph->p_memsz == 0)
		return 0;   /* nothing to place */
	err = check_placement(c, i, ph);
	if (err)
		return err;
	if (c->nloads == ELF_MAX_LOADS)
		return elf_fail(c, "more than %d loadable segments", ELF_MAX_LOADS);
	c->loads[c->nloads] = *ph;
	c->load_index[c->nloads++] = i;
	return 0;
}

static int check_program_headers(struct elf_ctx *c)
{
	Elf64_Phdr ph;
	unsigned i;
	int err;

	for (i = 0; i < c->eh.e_phnum; i++) {
		memcpy(&ph, c->bytes + c->eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_INTERP)
			return elf_fail(c, "segment %u asks for a dynamic loader "
					"(PT_INTERP): link the guest with -static", i);
		if (ph.p_type != PT_LOAD)
			continue;
		err = check_load(c, i, &ph);
		if (err)
			return err;
	}
	if (c->nloads == 0)
		return elf_fail(c, "no loadable (PT_LOAD) segment");
	return 0;
}

/* Placement checks ruled out wrapping, so p_paddr + p_memsz is exact. */
static int check_overlaps(struct elf_ctx *c)
{
	unsigned i, j;

	for (i = 0; i < c->nloads; i++) {
		const Elf64_Phdr *a = &c->loads[i];

		for (j = i + 1; j < c->nloads; j++) {
			const Elf64_Phdr *b = &c->loads[j];

			if (a->p_paddr < b->p_paddr + b->p_memsz &&
			    b->p_paddr < a->p_paddr + a->p_memsz)
				return elf_fail(c, "segments %u [0x%" PRIx64 "-0x%"
						PRIx64 ") and %u [0x%" PRIx64 "-0x%"
						PRIx64 ") overlap",
						c->load_index[i], a->p_paddr,
						a->p_paddr + a->p_memsz,
						c->load_index[j], b->p_paddr,
						b->p_paddr + b->p_memsz);
		}
	}
	return 0;
}

static int check_entry(struct elf_ctx *c)
{
	uint64_t entry = c->eh.e_entry;
	unsigned i;

	for (i = 0; i < c->nloads; i++) {
		const Elf64_Phdr *ph = &c->loads[i];

		if ((ph->p_flags & PF_X) && entry >= ph->p_paddr &&
		    entry - ph->p_paddr < ph->p_memsz)
			return 0;
	}
	return elf_fail(c, "entry point 0x%" PRIx64
			" is not inside an executable loaded segment", entry);
}

/* Section header i; the caller has checked the table lies in the file. */
static Elf64_Shdr section(const struct elf_ctx *c, unsigned i)
{
	Elf64_Shdr sh;

	memcpy(&sh, c->bytes + c->eh.e_shoff + i * sizeof(sh), sizeof(sh));
	return sh;
}

static int check_section_table(struct elf_ctx *c)
{
	const Elf64_Ehdr *eh = &c->eh;

	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return elf_fail(c, "section header entry size %u, expected %zu",
				eh->e_shentsize, sizeof(Elf64_Shdr));
	if (!in_file(c, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))
		return elf_fail(c, "section header table (offset 0x%" PRIx64
				", %u entries) lies outside the file (%zu bytes)",
				eh->e_shoff, eh->e_shnum, c->len);
	return 0;
}

/* Section i is a symbol table: check it and the string table it links. */
static int check_symtab(struct elf_ctx *c, unsigned i, const Elf64_Shdr *symsh,
			Elf64_Shdr *strsh)
{
	if (symsh->sh_entsize != sizeof(Elf64_Sym))
		return elf_fail(c, "symbol table: entry size %" PRIu64
				", expected %zu", symsh->sh_entsize,
				sizeof(Elf64_Sym));
	if (symsh->sh_size % sizeof(Elf64_Sym) != 0 ||
	    !in_file(c, symsh->sh_offset, symsh->sh_size))
		return elf_fail(c, "symbol table: section %u (offset 0x%" PRIx64
				", size 0x%" PRIx64 ") is not whole entries "
				"inside the file (%zu bytes)", i,
				symsh->sh_offset, symsh->sh_size, c->len);
	if (symsh->sh_link == 0 || symsh->sh_link >= c->eh.e_shnum)
		return elf_fail(c, "symbol table: string table index %u is not "
				"a section (%u sections)", symsh->sh_link,
				c->eh.e_shnum);
	*strsh = section(c, symsh->sh_link);
	if (strsh->sh_type != SHT_STRTAB)
		return elf_fail(c, "symbol table: linked section %u is not a "
				"string table (type %u)", symsh->sh_link,
				strsh->sh_type);
	if (!in_file(c, strsh->sh_offset, strsh->sh_size))
		return elf_fail(c, "symbol table: string table (offset 0x%" PRIx64
				", size 0x%" PRIx64 ") lies outside the file "
				"(%zu bytes)", strsh->sh_offset, strsh->sh_size,
				c->len);
	return 0;
}

/*
 * Find the (first) symbol table and its string table.  Returns 1 with both
 * filled in, 0 when the image has none (that is fine: no symbols), or
 * -ENOEXEC.
 */
static int find_symtab(struct elf_ctx *c, Elf64_Shdr *symsh, Elf64_Shdr *strsh)
{
	unsigned i;
	int err;

	if (c->eh.e_shoff == 0 || c->eh.e_shnum == 0)
		return 0;
	err = check_section_table(c);
	if (err)
		return err;
	for (i = 0; i < c->eh.e_shnum; i++) {
		*symsh = section(c, i);
		if (symsh->sh_type == SHT_SYMTAB) {
			err = check_symtab(c, i, symsh, strsh);
			return err ? err : 1;
		}
	}
	return 0;
}

/*
 * Which symbols the table keeps: functions, objects, and global labels
 * without a type (assembly entry points such as trap_entry), each with a
 * size and defined in the image.  Functions are taken in a first pass so
 * that symtab_sort() prefers them at a shared address.
 */
static bool symbol_wanted(const Elf64_Sym *s, bool functions)
{
	unsigned type = ELF64_ST_TYPE(s->st_info);

	if (s->st_size == 0 || s->st_shndx == SHN_UNDEF)
		return false;
	if (functions)
		return type == STT_FUNC;
	return type == STT_OBJECT ||
	       (type == STT_NOTYPE && ELF64_ST_BIND(s->st_info) == STB_GLOBAL);
}

/* The wanted symbols (functions or the rest) into out, or - out NULL -
 * only their names checked. */
static int add_symbols(struct elf_ctx *c, const Elf64_Shdr *symsh,
		       const Elf64_Shdr *strsh, bool functions,
		       struct symtab *out)
{
	const char *strtab = (const char *)c->bytes + strsh->sh_offset;
	uint64_t n = symsh->sh_size / sizeof(Elf64_Sym), i;
	Elf64_Sym s;

	for (i = 0; i < n; i++) {
		memcpy(&s, c->bytes + symsh->sh_offset + i * sizeof(s), sizeof(s));
		if (!symbol_wanted(&s, functions))
			continue;
		if (s.st_name >= strsh->sh_size)
			return elf_fail(c, "symbol %" PRIu64 ": name offset 0x%x is "
					"outside the string table (0x%" PRIx64
					" bytes)", i, s.st_name, strsh->sh_size);
		if (!memchr(strtab + s.st_name, 0, strsh->sh_size - s.st_name))
			return elf_fail(c, "symbol %" PRIu64 ": name is not "
					"NUL-terminated inside the string table", i);
		if (strtab[s.st_name] == '\0' || !out)
			continue;
		if (symtab_add(out, strtab + s.st_name, s.st_value, s.st_size))
			return -ENOMEM;
	}
	return 0;
}

/* The symbol table into out, or - out NULL - only checked. */
static int read_symbols(struct elf_ctx *c, struct symtab *out)
{
	Elf64_Shdr symsh, strsh;
	int found, err;

	found = find_symtab(c, &symsh, &strsh);
	if (found <= 0)
		return found;
	err = add_symbols(c, &symsh, &strsh, true, out);
	if (!err)
		err = add_symbols(c, &symsh, &strsh, false, out);
	if (!err && out)
		err = symtab_sort(out);
	if (err == -ENOMEM)
		elf_fail(c, "out of memory reading the symbol table");
	return err;
}

/* Phase two: everything was checked, nothing here can fail. */
static void copy_segments(struct elf_ctx *c, struct elf_image *out)
{
	unsigned i;

	out->entry = c->eh.e_entry;
	out->lowest = UINT64_MAX;
	out->highest = 0;
	for (i = 0; i < c->nloads; i++) {
		const Elf64_Phdr *ph = &c->loads[i];
		uint8_t *dst = guest_mem_ptr(c->mem, ph->p_paddr, ph->p_memsz);

		memcpy(dst, c->bytes + ph->p_offset, ph->p_filesz);
		guest_mem_wrote(c->mem, ph->p_paddr, ph->p_filesz);
		/* .bss: its untouched pages stay untouched (core/memory.h) */
		guest_mem_zero(c->mem, ph->p_paddr + ph->p_filesz,
			       ph->p_memsz - ph->p_filesz);
		if (ph->p_paddr < out->lowest)
			out->lowest = ph->p_paddr;
		if (ph->p_paddr + ph->p_memsz > out->highest)
			out->highest = ph->p_paddr + ph->p_memsz;
	}
}

static int validate(struct elf_ctx *c)
{
	int err;

	err = check_ident(c);
	if (!err)
		err = check_header(c);
	if (!err)
		err = check_program_headers(c);
	if (!err)
		err = check_overlaps(c);
	if (!err)
		err = check_entry(c);
	return err;
}

int elf_load(const uint8_t *bytes, size_t len, struct guest_mem *mem,
	     struct symtab *syms, struct elf_image *out, char *err,
	     size_t errlen)
{
	struct elf_ctx c = {
		.bytes = bytes, .len = len, .mem = mem,
		.err = err, .errlen = errlen,
	};
	struct symtab found;
	int ret;

	symtab_init(&found);
	ret = validate(&c);
	if (!ret && syms)
		ret = read_symbols(&c, &found);
	if (ret) {
		symtab_free(&found);
		return ret;
	}
	copy_segments(&c, out);
	if (syms) {
		symtab_free(syms);
		*syms = found;
	}
	return 0;
}

/* Every check elf_load() makes, for ram_size bytes of RAM, loading
 * nothing; the symbols into found unless it is NULL. */
static int check_image(const uint8_t *bytes, size_t len, uint64_t ram_size,
		       struct symtab *found, char *err, size_t errlen)
{
	struct guest_mem ram = { .host = NULL, .size = ram_size };
	struct elf_ctx c = {
		.bytes = bytes, .len = len, .mem = &ram,
		.err = err, .errlen = errlen,
	};
	int ret = validate(&c);

	return ret ? ret : read_symbols(&c, found);
}

int elf_read_symbols(const uint8_t *bytes, size_t len, uint64_t ram_size,
		     struct symtab *syms, char *err, size_t errlen)
{
	struct symtab found;
	int ret;

	symtab_init(&found);
	ret = check_image(bytes, len, ram_size, &found, err, errlen);
	if (ret) {
		symtab_free(&found);
		return ret;
	}
	symtab_free(syms);
	*syms = found;
	return 0;
}

/* The symbol table is checked, not built: the load that follows builds
 * it (building it twice was ~35 us of every start, docs/BENCH.md). */
int elf_check(const uint8_t *bytes, size_t len, uint64_t ram_size, char *err,
	      size_t errlen)
{
	return check_image(bytes, len, ram_size, NULL, err, errlen);
}
