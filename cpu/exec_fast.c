/*
 * cpu/exec_fast.c - handlers specialised at decode time.
 */
#include "cpu/cpu.h"
#include "cpu/exec.h"

cpu_handler cpu_pick_handler(const struct insn *insn)
{
	cpu_handler h = cpu_exec_table[insn->op];

	return h ? h : cpu_exec_unimplemented;
}
