/*
 * cpu/memory.c - the guest's memory accesses: linear addresses through the
 * TLB to RAM, or to an MMIO exit.
 *
 * The fast path is a TLB hit on a RAM page with the right permission bit:
 * one host load or store (cpu_tlb_hit() in cpu/cpu.h, which the
 * specialised MOV handlers use directly).  Everything else - a miss, a first write to a clean page, a
 * write to a page holding decoded instructions or in the VGA window (whose
 * dirty bits the CPU keeps, as KVM keeps its dirty log: core/memory.h),
 * an access that crosses a page, MMIO - takes the slow path here.
 *
 * MMIO (guest-physical memory no RAM backs): one MMIO access per
 * instruction is supported.  A write is reported as an EXIT_MMIO after
 * the instruction completes; a read stops the instruction with an
 * EXIT_MMIO, and the next softcpu_run() executes it again - its copy
 * decoded at the exit, cpu/softcpu.c - this time with the data the
 * dispatcher put in the record (cpu->mmio_ready).
 * An instruction that needs a second MMIO access stops with
 * INTERNAL_ERROR rather than guessing.  A write that matches an
 * ioeventfd signals it instead of exiting (cpu/ioeventfd.c).
 */
#include <string.h>

#include "cpu/cpu.h"

#define PAGE_SIZE 4096ULL

/* Start an MMIO exit for this instruction; NULL when it already has an
 * exit (one MMIO access per instruction is what this CPU supports). */
static struct exit_mmio *mmio_exit(struct softcpu *cpu, uint64_t gpa,
				   unsigned size, bool is_write)
{
	struct exit_mmio *m;

	if (cpu->exit_pending)
		return NULL;
	cpu_exit_begin(cpu, EXIT_MMIO);
	m = &cpu->exit->u.mmio;
	m->gpa = gpa;
	m->len = size;
	m->is_write = is_write;
	return m;
}

/* The data of the previous exit is for the instruction's one MMIO read;
 * a read elsewhere while it waits is a second one (CMPS between two MMIO
 * addresses, a split read with MMIO on both sides), which would otherwise
 * exit for the first address again, and again, forever. */
static int mmio_read(struct softcpu *cpu, uint64_t gpa, unsigned size,
		     uint64_t *val)
{
	struct exit_mmio *m;

	if (cpu->mmio_ready) {
		if (cpu->mmio_gpa != gpa)
			return cpu_exit_internal(cpu, "a second MMIO read in "
						 "one instruction");
		cpu->mmio_ready = false;
		*val = 0;
		memcpy(val, cpu->mmio_data, size);
		return CPU_OK;
	}
	m = mmio_exit(cpu, gpa, size, false);
	if (!m)
		return cpu_exit_internal(cpu, "a second MMIO access in one "
					 "instruction");
	cpu->mmio_gpa = gpa;
	return CPU_STOP;
}

static int mmio_write(struct softcpu *cpu, uint64_t gpa, unsigned size,
		      uint64_t val)
{
	struct exit_mmio *m;

	if (cpu_ioeventfd_signal(cpu, gpa, size, val))
		return CPU_OK;
	m = mmio_exit(cpu, gpa, size, true);
	if (!m)
		return cpu_exit_internal(cpu, "a second MMIO access in one "
					 "instruction");
	memcpy(m->data, &val, size);
	return CPU_OK;
}

void cpu_ram_written(struct softcpu *cpu, uint64_t gpa)
{
	if (cpu->code_pages[gpa / PAGE_SIZE])
		icache_invalidate_page(cpu, gpa & ~(PAGE_SIZE - 1));
	guest_mem_mark_dirty(cpu->mem, gpa);
}

/* One access within one page, any privilege, through the MMU. */
static int access_page(struct softcpu *cpu, uint64_t va, unsigned size,
		       uint64_t *val, enum mem_access acc, unsigned cpl)
{
	struct tlb_entry *e;
	uint64_t off = va & (PAGE_SIZE - 1);

	if (mmu_translate(cpu, va, acc, cpl, &e))
		return CPU_STOP;
	if (!e->host)
		return acc == ACC_WRITE ? mmio_write(cpu, e->gpa + off, size, *val)
					: mmio_read(cpu, e->gpa + off, size, val);
	if (acc == ACC_WRITE) {
		cpu_ram_written(cpu, e->gpa);
		memcpy(e->host + off, val, size);
	} else {
		*val = 0;
		memcpy(val, e->host + off, size);
	}
	return CPU_OK;
}

/*
 * An access that crosses into the next page: both pages are translated
 * (and may fault) before any byte is written, so a faulting write leaves
 * memory untouched.  MMIO on either side is not supported.
 */
/* Both pages of [va, va + len) translate for acc at cpl, before a byte
 * is touched: a #PF on the second leaves the first untouched, with CR2
 * the first byte on the page that faults. */
static int span_translates(struct softcpu *cpu, uint64_t va, unsigned len,
			   enum mem_access acc, unsigned cpl)
{
	uint64_t second = (va | (PAGE_SIZE - 1)) + 1;
	struct tlb_entry *e;

	if (mmu_translate(cpu, va, acc, cpl, &e))
		return CPU_STOP;
	if (second - va >= len)
		return CPU_OK;
	return mmu_translate(cpu, second, acc, cpl, &e);
}

int cpu_span_translates(struct softcpu *cpu, uint64_t va, unsigned len,
			enum mem_access acc)
{
	return span_translates(cpu, va, len, acc, cpu->cpl);
}

static int access_split(struct softcpu *cpu, uint64_t va, unsigned size,
			uint64_t *val, enum mem_access acc, unsigned cpl)
{
	unsigned first = (unsigned)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));
	uint64_t lo = 0, hi = 0;

	if (span_translates(cpu, va, size, acc, cpl))
		return CPU_STOP;
	if (acc != ACC_WRITE) {
		if (access_page(cpu, va, first, &lo, acc, cpl) ||
		    access_page(cpu, va + first, size - first, &hi, acc, cpl))
			return CPU_STOP;
		*val = lo | (hi << (first * 8));
		return CPU_OK;
	}
	lo = *val;
	hi = *val >> (first * 8);
	if (access_page(cpu, va, first, &lo, acc, cpl))
		return CPU_STOP;
	return access_page(cpu, va + first, size - first, &hi, acc, cpl);
}

static int access(struct softcpu *cpu, uint64_t va, unsigned size,
		  uint64_t *val, enum mem_access acc, unsigned cpl)
{
	if ((va & (PAGE_SIZE - 1)) + size > PAGE_SIZE)
		return access_split(cpu, va, size, val, acc, cpl);
	return access_page(cpu, va, size, val, acc, cpl);
}

/*
 * In 64-bit mode a non-canonical address is #SS(0) when the access goes
 * through SS and #GP(0) through any other segment (SDM Vol. 3A, 3.3.7.1
 * and 6.15 "Interrupt 12"): the stack's own accesses (PUSH, POP, CALL,
 * RET, ENTER, LEAVE, IRET) and a memory operand whose segment is SS (an
 * RSP or RBP base, or an SS: prefix).  The check comes before paging, as
 * the CPU's does; the MMU's own check (cpu/mmu.c) gives #GP(0).  A TLB
 * hit never has a non-canonical address, so only the slow path pays.
 * Exported for a store that checks its pages before writing (SGDT/SIDT,
 * cpu/exec_system.c).
 */
int cpu_segment_check(struct softcpu *cpu, unsigned seg, uint64_t va,
		      unsigned size)
{
	if (seg != INSN_SEG_SS ||
	    (cpu_canonical(va) && cpu_canonical(va + size - 1)))
		return CPU_OK;
	return cpu_raise_err(cpu, VEC_SS, 0);
}

int cpu_read_seg(struct softcpu *cpu, unsigned seg, uint64_t va,
		 unsigned size, uint64_t *val)
{
	const uint8_t *p = cpu_tlb_hit(cpu, va, size, TLB_R_SUP, TLB_R_USER);

	if (p) {
		*val = cpu_load(p, size);
		return CPU_OK;
	}
	if (cpu_segment_check(cpu, seg, va, size))
		return CPU_STOP;
	return access(cpu, va, size, val, ACC_READ, cpu->cpl);
}

int cpu_write_seg(struct softcpu *cpu, unsigned seg, uint64_t va,
		  unsigned size, uint64_t val)
{
	uint8_t *p = cpu_tlb_hit(cpu, va, size, TLB_W_SUP, TLB_W_USER);

	if (p) {
		cpu_store(p, size, val);
		return CPU_OK;
	}
	if (cpu_segment_check(cpu, seg, va, size))
		return CPU_STOP;
	return access(cpu, va, size, &val, ACC_WRITE, cpu->cpl);
}

int cpu_read(struct softcpu *cpu, uint64_t va, unsigned size, uint64_t *val)
{
	return cpu_read_seg(cpu, INSN_SEG_DS, va, size, val);
}

int cpu_write(struct softcpu *cpu, uint64_t va, unsigned size, uint64_t val)
{
	return cpu_write_seg(cpu, INSN_SEG_DS, va, size, val);
}

int cpu_read_sys(struct softcpu *cpu, uint64_t va, unsigned size,
		 uint64_t *val)
{
	return access(cpu, va, size, val, ACC_READ, 0);
}

int cpu_write_sys(struct softcpu *cpu, uint64_t va, unsigned size,
		  uint64_t val)
{
	return access(cpu, va, size, &val, ACC_WRITE, 0);
}

int cpu_push(struct softcpu *cpu, unsigned size, uint64_t val)
{
	uint64_t rsp = cpu->gpr[REG_RSP] - size;

	if (cpu_write_seg(cpu, INSN_SEG_SS, rsp, size, val))
		return CPU_STOP;
	cpu->gpr[REG_RSP] = rsp;
	return CPU_OK;
}

int cpu_pop(struct softcpu *cpu, unsigned size, uint64_t *val)
{
	if (cpu_read_seg(cpu, INSN_SEG_SS, cpu->gpr[REG_RSP], size, val))
		return CPU_STOP;
	cpu->gpr[REG_RSP] += size;
	return CPU_OK;
}

uint64_t cpu_ea_offset(const struct softcpu *cpu, const struct insn *insn,
		       const struct insn_operand *o)
{
	const struct insn_mem *m = &o->mem;
	uint64_t ea = (uint64_t)m->disp;

	if (m->rip_relative)
		ea += cpu->next_rip;
	if (m->base != INSN_REG_NONE)
		ea += cpu->gpr[m->base];
	if (m->index != INSN_REG_NONE)
		ea += cpu->gpr[m->index] * m->scale;
	if (insn->addrsize == 4)
		ea &= 0xffffffffULL;
	return ea;
}

/* In 64-bit mode only FS and GS add a base (SDM Vol. 3A, 3.2.4). */
uint64_t cpu_ea(const struct softcpu *cpu, const struct insn *insn,
		const struct insn_operand *o)
{
	uint64_t ea = cpu_ea_offset(cpu, insn, o);
	const struct insn_mem *m = &o->mem;

	if (m->segment == INSN_SEG_FS)
		ea += cpu->sregs.fs.base;
	else if (m->segment == INSN_SEG_GS)
		ea += cpu->sregs.gs.base;
	return ea;
}

int cpu_opd_read(struct softcpu *cpu, const struct insn *insn,
		 const struct insn_operand *o, uint64_t *val)
{
	switch (o->kind) {
	case INSN_OPD_REG:
		*val = cpu_reg_read(cpu, o);
		return CPU_OK;
	case INSN_OPD_MEM:
		return cpu_read_seg(cpu, o->mem.segment, cpu_ea(cpu, insn, o),
				    o->size, val);
	default:
		*val = (uint64_t)o->imm & cpu_size_mask(o->size);
		return CPU_OK;
	}
}

int cpu_opd_write(struct softcpu *cpu, const struct insn *insn,
		  const struct insn_operand *o, uint64_t val)
{
	if (o->kind == INSN_OPD_MEM)
		return cpu_write_seg(cpu, o->mem.segment, cpu_ea(cpu, insn, o),
				     o->size, val);
	cpu_reg_write(cpu, o, val);
	return CPU_OK;
}
