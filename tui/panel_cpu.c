/*
 * tui/panel_cpu.c - the vCPU at the last stop: general-purpose registers
 * (those changed since the stop before highlighted), RIP with its symbol,
 * RFLAGS and the control registers decoded bit by bit, the privilege
 * level, and the code around RIP disassembled.
 *
 * Bit names from the Intel SDM vol. 3A: RFLAGS 2.3, CR0/CR4 2.5, EFER 2.2.1
 * (and the AMD APM vol. 2, 3.1.7, for EFER's AMD bits).  Every value is
 * printed in hex with 0x but the general-purpose registers, a table of
 * 16 hex digits each.
 */
#include <stdio.h>
#include <string.h>

#include "core/regs.h"
#include "tui/panels.h"

/* One bit by its name, or a field of several bits (IOPL) printed as
 * name=value when it is not 0. */
struct bitname {
	uint64_t mask;
	const char *name;
};

static const struct bitname rflags_bits[] = {
	{ 1ULL << 0, "CF" }, { 1ULL << 2, "PF" }, { 1ULL << 4, "AF" },
	{ 1ULL << 6, "ZF" }, { 1ULL << 7, "SF" }, { 1ULL << 8, "TF" },
	{ 1ULL << 9, "IF" }, { 1ULL << 10, "DF" }, { 1ULL << 11, "OF" },
	{ 3ULL << 12, "IOPL" }, { 1ULL << 14, "NT" }, { 1ULL << 16, "RF" },
	{ 1ULL << 17, "VM" }, { 1ULL << 18, "AC" }, { 1ULL << 19, "VIF" },
	{ 1ULL << 20, "VIP" }, { 1ULL << 21, "ID" }, { 0, NULL },
};
static const struct bitname cr0_bits[] = {
	{ 1ULL << 0, "PE" }, { 1ULL << 1, "MP" }, { 1ULL << 2, "EM" },
	{ 1ULL << 3, "TS" }, { 1ULL << 4, "ET" }, { 1ULL << 5, "NE" },
	{ 1ULL << 16, "WP" }, { 1ULL << 18, "AM" }, { 1ULL << 29, "NW" },
	{ 1ULL << 30, "CD" }, { 1ULL << 31, "PG" }, { 0, NULL },
};
static const struct bitname cr4_bits[] = {
	{ 1ULL << 0, "VME" }, { 1ULL << 1, "PVI" }, { 1ULL << 2, "TSD" },
	{ 1ULL << 3, "DE" }, { 1ULL << 4, "PSE" }, { 1ULL << 5, "PAE" },
	{ 1ULL << 6, "MCE" }, { 1ULL << 7, "PGE" }, { 1ULL << 8, "PCE" },
	{ 1ULL << 9, "OSFXSR" }, { 1ULL << 10, "OSXMMEXCPT" },
	{ 1ULL << 11, "UMIP" }, { 1ULL << 12, "LA57" }, { 1ULL << 13, "VMXE" },
	{ 1ULL << 14, "SMXE" }, { 1ULL << 16, "FSGSBASE" },
	{ 1ULL << 17, "PCIDE" }, { 1ULL << 18, "OSXSAVE" }, { 1ULL << 19, "KL" },
	{ 1ULL << 20, "SMEP" }, { 1ULL << 21, "SMAP" }, { 1ULL << 22, "PKE" },
	{ 1ULL << 23, "CET" }, { 1ULL << 24, "PKS" }, { 0, NULL },
};
/* EFER: Intel SDM vol. 3A 2.2.1; SVME and up from the AMD APM vol. 2,
 * 3.1.7 (an L1 hypervisor on AMD sets SVME). */
static const struct bitname efer_bits[] = {
	{ 1ULL << 0, "SCE" }, { 1ULL << 8, "LME" }, { 1ULL << 10, "LMA" },
	{ 1ULL << 11, "NXE" }, { 1ULL << 12, "SVME" }, { 1ULL << 13, "LMSLE" },
	{ 1ULL << 14, "FFXSR" }, { 1ULL << 15, "TCE" }, { 0, NULL },
};

/* One entry's text for a value: " NAME" for a set bit, " NAME=n" for a
 * field that is not 0, "" otherwise. */
static int bit_text(const struct bitname *b, uint64_t value, char *buf,
		    size_t len)
{
	uint64_t field = value & b->mask;

	if (!field)
		return snprintf(buf, len, "%s", "");
	if (b->mask & (b->mask - 1))   /* a field of several bits */
		return snprintf(buf, len, " %s=%llu", b->name,
				(unsigned long long)(field /
						     (b->mask & -b->mask)));
	return snprintf(buf, len, " %s", b->name);
}

/* "name 0xVALUE" and every set bit by its name, in the table's order (the
 * bits' order); a set bit the table does not name is printed as bitN, so
 * a value is never half decoded.  Bits in `skip` are not printed at all:
 * RFLAGS' bit 1, which reads as 1 always (SDM vol. 1, 3.4.3). */
static void decode(const char *name, uint64_t value, uint64_t skip,
		   const struct bitname *bits, char *buf, size_t len)
{
	size_t pos = (size_t)snprintf(buf, len, "%s 0x%llx", name,
				      (unsigned long long)value);
	uint64_t named = skip;

	for (; bits->name && pos + 1 < len; bits++) {
		named |= bits->mask;
		pos += (size_t)bit_text(bits, value, buf + pos, len - pos);
	}
	for (unsigned n = 0; n < 64 && pos + 1 < len; n++)
		if (value & ~named & (1ULL << n))
			pos += (size_t)snprintf(buf + pos, len - pos, " bit%u",
						n);
}

static const char *const gpr_names[16] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static uint64_t gpr(const struct vcpu_regs *r, int i)
{
	const uint64_t v[16] = {
		r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, r->rsp, r->rbp,
		r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
	};

	return v[i];
}

#define REG_WIDTH 22   /* "rax 0000000000000000  " */
/* A register decoded with all 64 bits set (a guest may set reserved bits
 * of CR4 or EFER): its names and " bitN" for the rest fit, never cut. */
#define DECODED_MAX 512
#define CPU_SHORT 12   /* rows: fewer cannot show the registers and RIP */

static int gpr_rows(const struct tui_model *m, const struct view *v, int y)
{
	const struct vcpu_regs *r = &m->snap.regs;
	int per_row = v->w / REG_WIDTH > 0 ? v->w / REG_WIDTH : 1;

	if (per_row > 4)
		per_row = 4;
	for (int i = 0; i < 16; i++) {
		bool changed = m->have_prev &&
			       gpr(r, i) != gpr(&m->prev_regs, i);
		int x = (i % per_row) * REG_WIDTH, row = y + i / per_row;

		view_printf(v, x, row, GA_BOLD, "%-3s", gpr_names[i]);
		view_printf(v, x + 4, row, changed ? GA_CHANGED : GA_NORMAL,
			    "%016llx", (unsigned long long)gpr(r, i));
	}
	return y + (16 + per_row - 1) / per_row;
}

static int control_rows(const struct tui_model *m, const struct view *v,
			int y)
{
	const struct vcpu_snapshot *s = &m->snap;
	char efer[DECODED_MAX], buf[DECODED_MAX + 64];   /* + cr2 and cr3 */

	/* the decoded bits wrap in a narrow panel rather than being cut */
	snprintf(buf, sizeof(buf), "rip 0x%llx  %s  cpl %u",
		 (unsigned long long)s->regs.rip, s->rip_sym,
		 s->sregs.cs.selector & 3);
	y += view_wrap(v, y, v->h - y, GA_BOLD, buf);
	decode("rflags", s->regs.rflags, RFLAGS_FIXED, rflags_bits, buf,
	       sizeof(buf));
	y += view_wrap(v, y, v->h - y, GA_NORMAL, buf);
	decode("cr0", s->sregs.cr0, 0, cr0_bits, buf, sizeof(buf));
	y += view_wrap(v, y, v->h - y, GA_NORMAL, buf);
	decode("cr4", s->sregs.cr4, 0, cr4_bits, buf, sizeof(buf));
	y += view_wrap(v, y, v->h - y, GA_NORMAL, buf);
	decode("efer", s->sregs.efer, 0, efer_bits, efer, sizeof(efer));
	snprintf(buf, sizeof(buf), "cr2 0x%llx  cr3 0x%llx  %s",
		 (unsigned long long)s->sregs.cr2,
		 (unsigned long long)s->sregs.cr3, efer);
	return y + view_wrap(v, y, v->h - y, GA_NORMAL, buf);
}

/* Disassemble from code_addr; the stop's instruction marked "=>". */
static void code_rows(const struct tui_model *m, const struct view *v, int y)
{
	const struct vcpu_snapshot *s = &m->snap;
	uint64_t stop = s->have_exit ? s->exit.u.exit.rip : s->regs.rip;
	char lines[32][160];
	int n = 0, at = 0, first;
	uint32_t off = 0;

	while (off < s->code_len && n < 32) {
		char insn[64];
		uint64_t addr = s->code_addr + off;
		size_t len = disasm_one(m->dis, s->code + off,
					s->code_len - off, addr, insn,
					sizeof(insn));

		if (addr == stop)
			at = n;
		if (s->code_sym[0])
			snprintf(lines[n++], sizeof(lines[0]), "%s %s+0x%llx  %s",
				 addr == stop ? "=>" : "  ", s->code_sym,
				 (unsigned long long)(addr - s->code_sym_addr),
				 insn);
		else
			snprintf(lines[n++], sizeof(lines[0]), "%s 0x%llx  %s",
				 addr == stop ? "=>" : "  ",
				 (unsigned long long)addr, insn);
		if (!len)
			break;
		off += (uint32_t)len;
	}
	/* a third of the rows above the stop, the rest after it */
	first = at - (v->h - y) / 3;
	if (first < 0)
		first = 0;
	for (int i = first; i < n && y < v->h; i++, y++)
		view_put(v, 0, y, i == at ? GA_SELECTED : GA_NORMAL, lines[i]);
}

void panel_cpu(const struct tui_model *m, const struct view *v)
{
	int y;

	if (!m->snap.have_regs) {
		view_put(v, 0, 0, GA_DIM, "registers unavailable");
		return;
	}
	/* narrow or short (sharing a corner): RIP first, where a student
	 * looks */
	if (v->w < 2 * REG_WIDTH || v->h < CPU_SHORT) {
		y = control_rows(m, v, 0);
		gpr_rows(m, v, y);
		return;
	}
	y = gpr_rows(m, v, 0);
	y = control_rows(m, v, y);
	if (m->dis && y < v->h)
		code_rows(m, v, y);
}
