/*
 * cpu/exec_table.c - which handler executes which operation.
 *
 * The one place a reader looks up "what runs ADD?".  An operation the
 * decoder knows but this table leaves empty stops the guest with
 * INTERNAL_ERROR (cpu_exec_unimplemented), never a silent wrong result.
 */
#include "cpu/exec.h"

const cpu_handler cpu_exec_table[INSN_OP_COUNT] = {
	[INSN_ADD] = cpu_exec_alu, [INSN_OR] = cpu_exec_alu,
	[INSN_ADC] = cpu_exec_alu, [INSN_SBB] = cpu_exec_alu,
	[INSN_AND] = cpu_exec_alu, [INSN_SUB] = cpu_exec_alu,
	[INSN_XOR] = cpu_exec_alu, [INSN_CMP] = cpu_exec_alu,
	[INSN_TEST] = cpu_exec_alu,
	[INSN_ROL] = cpu_exec_shift, [INSN_ROR] = cpu_exec_shift,
	[INSN_RCL] = cpu_exec_shift, [INSN_RCR] = cpu_exec_shift,
	[INSN_SHL] = cpu_exec_shift, [INSN_SHR] = cpu_exec_shift,
	[INSN_SAR] = cpu_exec_shift,
	[INSN_NOT] = cpu_exec_not, [INSN_NEG] = cpu_exec_neg,
	[INSN_MUL] = cpu_exec_mul, [INSN_IMUL1] = cpu_exec_mul,
	[INSN_DIV] = cpu_exec_div, [INSN_IDIV] = cpu_exec_div,
	[INSN_IMUL] = cpu_exec_imul,
	[INSN_INC] = cpu_exec_inc, [INSN_DEC] = cpu_exec_dec,
	[INSN_BT] = cpu_exec_bt, [INSN_BTS] = cpu_exec_bt,
	[INSN_BTR] = cpu_exec_bt, [INSN_BTC] = cpu_exec_bt,
	[INSN_MOVS] = cpu_exec_string, [INSN_CMPS] = cpu_exec_string,
	[INSN_STOS] = cpu_exec_string, [INSN_LODS] = cpu_exec_string,
	[INSN_SCAS] = cpu_exec_string,
	[INSN_INS] = cpu_exec_ins, [INSN_OUTS] = cpu_exec_outs,
	[INSN_SETCC] = cpu_exec_setcc, [INSN_CMOVCC] = cpu_exec_cmovcc,
	[INSN_JCC] = cpu_exec_jcc,
	[INSN_JMP] = cpu_exec_jmp, [INSN_CALL] = cpu_exec_call,
	[INSN_RET] = cpu_exec_ret, [INSN_PUSH] = cpu_exec_push,
	[INSN_POP] = cpu_exec_pop, [INSN_RETF] = cpu_exec_retf,
	[INSN_ENTER] = cpu_exec_enter, [INSN_LEAVE] = cpu_exec_leave,
	[INSN_PUSHF] = cpu_exec_pushf, [INSN_POPF] = cpu_exec_popf,
	[INSN_MOV] = cpu_exec_mov,
	[INSN_MOV_FROM_SREG] = cpu_exec_mov_from_sreg,
	[INSN_MOV_TO_SREG] = cpu_exec_mov_to_sreg,
	[INSN_LEA] = cpu_exec_lea, [INSN_XCHG] = cpu_exec_xchg,
	[INSN_CMPXCHG] = cpu_exec_cmpxchg, [INSN_XADD] = cpu_exec_xadd,
	[INSN_MOVZX] = cpu_exec_movx, [INSN_MOVSX] = cpu_exec_movx,
	[INSN_MOVSXD] = cpu_exec_movx,
	[INSN_CBW] = cpu_exec_cbw, [INSN_CWD] = cpu_exec_cwd,
	[INSN_SAHF] = cpu_exec_sahf, [INSN_LAHF] = cpu_exec_lahf,
	[INSN_NOP] = cpu_exec_nop, [INSN_PAUSE] = cpu_exec_nop,
	[INSN_CLC] = cpu_exec_flagop, [INSN_STC] = cpu_exec_flagop,
	[INSN_CMC] = cpu_exec_flagop, [INSN_CLD] = cpu_exec_flagop,
	[INSN_STD] = cpu_exec_flagop,
	[INSN_CLI] = cpu_exec_cli_sti, [INSN_STI] = cpu_exec_cli_sti,
	[INSN_IN] = cpu_exec_in, [INSN_OUT] = cpu_exec_out,
	[INSN_HLT] = cpu_exec_hlt,
	[INSN_LGDT] = cpu_exec_lgdt_lidt, [INSN_LIDT] = cpu_exec_lgdt_lidt,
	[INSN_LTR] = cpu_exec_ltr, [INSN_INVLPG] = cpu_exec_invlpg,
	[INSN_SGDT] = cpu_exec_sgdt_sidt, [INSN_SIDT] = cpu_exec_sgdt_sidt,
	[INSN_SLDT] = cpu_exec_store_sysreg, [INSN_STR] = cpu_exec_store_sysreg,
	[INSN_SMSW] = cpu_exec_store_sysreg,
	[INSN_MOV_FROM_CR] = cpu_exec_mov_from_cr,
	[INSN_MOV_TO_CR] = cpu_exec_mov_to_cr,
	[INSN_RDMSR] = cpu_exec_rdmsr, [INSN_WRMSR] = cpu_exec_wrmsr,
	[INSN_SWAPGS] = cpu_exec_swapgs,
	[INSN_SYSCALL] = cpu_exec_syscall, [INSN_SYSRET] = cpu_exec_sysret,
	[INSN_INT] = cpu_exec_int, [INSN_INT3] = cpu_exec_int,
	[INSN_IRET] = cpu_exec_iret,
	[INSN_CPUID] = cpu_exec_cpuid, [INSN_RDTSC] = cpu_exec_rdtsc,
	[INSN_UD2] = cpu_exec_ud2,
};

/*
 * The operations after which a block of decoded instructions ends
 * (cpu/icache.c): those that may jump, change the CPL, the paging or
 * segment state, RFLAGS.TF/IF, or that always exit.  The instructions in
 * between fall through to the next one, unless they fault or exit - which
 * the run loop sees in any case.
 */
bool cpu_ends_block(enum insn_op op)
{
	switch (op) {
	case INSN_JCC: case INSN_JMP: case INSN_CALL: case INSN_RET:
	case INSN_RETF: case INSN_INT: case INSN_INT3: case INSN_IRET:
	case INSN_SYSCALL: case INSN_SYSRET: case INSN_UD2:
	case INSN_POPF: case INSN_CLI: case INSN_STI: case INSN_HLT:
	case INSN_IN: case INSN_OUT: case INSN_INS: case INSN_OUTS:
	case INSN_LGDT: case INSN_LIDT: case INSN_LTR: case INSN_INVLPG:
	case INSN_MOV_TO_CR: case INSN_MOV_TO_SREG: case INSN_WRMSR:
	case INSN_SWAPGS: case INSN_INVALID:
		return true;
	default:
		return cpu_exec_table[op] == NULL;
	}
}
