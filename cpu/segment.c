/*
 * cpu/segment.c - segment registers in 64-bit mode: loading a selector
 * from the GDT into the hidden descriptor cache (MOV Sreg, RETF, IRETQ,
 * interrupt delivery) and the fixed flat segments SYSCALL/SYSRET load.
 *
 * In 64-bit mode segmentation is mostly off (SDM Vol. 3A, 3.2.4): CS's
 * L bit selects 64-bit code and its DPL is the CPL; DS/ES/SS bases and
 * limits are ignored; FS and GS keep a base.  The checks are those of
 * SDM Vol. 2B "MOV - Move to/from Segment Registers" and Vol. 3A, 5.5-5.8.
 * There is no LDT: a selector with TI = 1 is #GP.
 */
#include "cpu/cpu.h"

/* Segment descriptor fields (SDM Vol. 3A, 3.4.5, figure 3-8) */
#define DESC_TYPE(d)  (((d) >> 40) & 0xf)
#define DESC_S(d)     (((d) >> 44) & 1)       /* 1: code/data, 0: system */
#define DESC_DPL(d)   (((d) >> 45) & 3)
#define DESC_P(d)     (((d) >> 47) & 1)
#define DESC_AVL(d)   (((d) >> 52) & 1)
#define DESC_L(d)     (((d) >> 53) & 1)       /* 64-bit code */
#define DESC_DB(d)    (((d) >> 54) & 1)
#define DESC_G(d)     (((d) >> 55) & 1)       /* limit in 4 KiB units */
#define TYPE_CODE     0x8   /* type bit 3: code (else data) */
#define TYPE_WRITABLE 0x2   /* data: writable; code: readable */
#define TYPE_ACCESSED 0x1
#define SEL_TI        0x4   /* table indicator: LDT */
#define SEL_RPL       0x3

#define TYPE_CODE_XR_ACCESSED 11
#define TYPE_DATA_RW_ACCESSED 3

static void desc_to_segment(uint64_t d, uint16_t sel, struct vcpu_segment *s)
{
	uint32_t limit = (uint32_t)((d & 0xffff) | (((d >> 48) & 0xf) << 16));

	s->base = ((d >> 16) & 0xffffff) | (((d >> 56) & 0xff) << 24);
	s->limit = DESC_G(d) ? (limit << 12) | 0xfff : limit;
	s->selector = sel;
	s->type = (uint8_t)DESC_TYPE(d);
	s->s = (uint8_t)DESC_S(d);
	s->dpl = (uint8_t)DESC_DPL(d);
	s->present = (uint8_t)DESC_P(d);
	s->avl = (uint8_t)DESC_AVL(d);
	s->l = (uint8_t)DESC_L(d);
	s->db = (uint8_t)DESC_DB(d);
	s->g = (uint8_t)DESC_G(d);
}

/* Read the descriptor sel names; #GP(sel) outside the GDT or in an LDT. */
int cpu_read_descriptor(struct softcpu *cpu, uint16_t sel, uint64_t *d)
{
	if ((sel & SEL_TI) || (uint32_t)(sel | 7) > cpu->sregs.gdt.limit)
		return cpu_raise_err(cpu, VEC_GP, sel & ~SEL_RPL);
	return cpu_read_sys(cpu, cpu->sregs.gdt.base + (sel & ~7u), 8, d);
}

/* The CPU marks a descriptor accessed the first time it is loaded. */
static int set_accessed(struct softcpu *cpu, uint16_t sel, uint64_t d)
{
	if (d & (1ULL << 40))
		return CPU_OK;
	return cpu_write_sys(cpu, cpu->sregs.gdt.base + (sel & ~7u), 8,
			     d | (1ULL << 40));
}

static struct vcpu_segment *sreg(struct softcpu *cpu, unsigned seg)
{
	switch (seg) {
	case INSN_SEG_ES: return &cpu->sregs.es;
	case INSN_SEG_CS: return &cpu->sregs.cs;
	case INSN_SEG_SS: return &cpu->sregs.ss;
	case INSN_SEG_DS: return &cpu->sregs.ds;
	case INSN_SEG_FS: return &cpu->sregs.fs;
	default: return &cpu->sregs.gs;
	}
}

/* A null selector: allowed for DS/ES/FS/GS, and for SS below CPL 3. */
static int load_null(struct softcpu *cpu, unsigned seg, uint16_t sel)
{
	struct vcpu_segment *s = sreg(cpu, seg);

	if (seg == INSN_SEG_SS && (cpu->cpl == 3 || (sel & SEL_RPL) != cpu->cpl))
		return cpu_gp0(cpu);
	*s = (struct vcpu_segment){ .selector = sel };
	return CPU_OK;
}

static bool data_ok(const struct softcpu *cpu, unsigned seg, uint16_t sel,
		    uint64_t d)
{
	unsigned type = (unsigned)DESC_TYPE(d), rpl = sel & SEL_RPL;

	if (!DESC_S(d))
		return false;
	if (seg == INSN_SEG_SS)
		return !(type & TYPE_CODE) && (type & TYPE_WRITABLE) &&
		       rpl == cpu->cpl && DESC_DPL(d) == cpu->cpl;
	if ((type & TYPE_CODE) && !(type & TYPE_WRITABLE))
		return false;
	return DESC_DPL(d) >= cpu->cpl && DESC_DPL(d) >= rpl;
}

/* MOV Sreg (DS, ES, SS, FS, GS). */
int cpu_load_segment(struct softcpu *cpu, unsigned seg, uint16_t sel)
{
	uint64_t d;

	if ((sel & ~SEL_RPL) == 0)
		return load_null(cpu, seg, sel);
	if (cpu_read_descriptor(cpu, sel, &d))
		return CPU_STOP;
	if (!data_ok(cpu, seg, sel, d))
		return cpu_raise_err(cpu, VEC_GP, sel & ~SEL_RPL);
	if (!DESC_P(d))
		return cpu_raise_err(cpu, seg == INSN_SEG_SS ? VEC_SS : VEC_NP,
				     sel & ~SEL_RPL);
	if (set_accessed(cpu, sel, d))
		return CPU_STOP;
	desc_to_segment(d | (1ULL << 40), sel, sreg(cpu, seg));
	return CPU_OK;
}

/*
 * Check a code selector that a far transfer (RETF, IRETQ, an interrupt
 * gate) is about to load into CS; the new CPL is rpl for a return and the
 * descriptor's DPL for a gate.  Only 64-bit code (L = 1) is supported:
 * compatibility mode stops with INTERNAL_ERROR.
 */
int cpu_check_code(struct softcpu *cpu, uint16_t sel, unsigned new_cpl,
		   uint64_t *d)
{
	if ((sel & ~SEL_RPL) == 0)
		return cpu_gp0(cpu);
	if (cpu_read_descriptor(cpu, sel, d))
		return CPU_STOP;
	if (!DESC_S(*d) || !(DESC_TYPE(*d) & TYPE_CODE) ||
	    DESC_DPL(*d) != new_cpl)
		return cpu_raise_err(cpu, VEC_GP, sel & ~SEL_RPL);
	if (!DESC_P(*d))
		return cpu_raise_err(cpu, VEC_NP, sel & ~SEL_RPL);
	if (!DESC_L(*d))
		return cpu_exit_internal(cpu, "a far transfer to 32-bit "
					 "(compatibility mode) code");
	return CPU_OK;
}

unsigned cpu_desc_dpl(uint64_t d)
{
	return (unsigned)DESC_DPL(d);
}

/* Commit a checked code descriptor to CS; the CPL follows. */
void cpu_load_cs(struct softcpu *cpu, uint16_t sel, unsigned cpl, uint64_t d)
{
	desc_to_segment(d | (1ULL << 40), (uint16_t)((sel & ~SEL_RPL) | cpl),
			&cpu->sregs.cs);
	cpu->cpl = (uint8_t)cpl;
}

/* The SS an IRETQ/RETF to sel loads: a checked data descriptor, or null
 * at CPL 0-2.  Check with cpu_load_segment's rules at the new CPL. */
int cpu_load_ss_for(struct softcpu *cpu, uint16_t sel, unsigned cpl)
{
	uint8_t old = cpu->cpl;
	int err;

	cpu->cpl = (uint8_t)cpl;
	err = cpu_load_segment(cpu, INSN_SEG_SS, sel);
	cpu->cpl = old;
	return err;
}

/* SYSCALL/SYSRET load fixed flat segments without reading the GDT
 * (SDM Vol. 2B, SYSCALL: "the caches are loaded with fixed values"). */
void cpu_set_cs_flat(struct softcpu *cpu, uint16_t sel)
{
	cpu->sregs.cs = (struct vcpu_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel,
		.type = TYPE_CODE_XR_ACCESSED, .present = 1,
		.dpl = sel & SEL_RPL, .s = 1, .l = 1, .g = 1 };
	cpu->cpl = sel & SEL_RPL;
}

void cpu_set_ss_flat(struct softcpu *cpu, uint16_t sel)
{
	cpu->sregs.ss = (struct vcpu_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel,
		.type = TYPE_DATA_RW_ACCESSED, .present = 1,
		.dpl = sel & SEL_RPL, .s = 1, .db = 1, .g = 1 };
}
