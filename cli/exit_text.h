/*
 * cli/exit_text.h - the words for an exit that depend only on where it
 * happened: reason and hardware reason names, RIP as symbol+offset, the
 * disassembled instruction.
 *
 * A guest exits from the same few instructions over and over (the UART
 * driver's `in` and `out`), so these strings are cached by instruction:
 * formatting a trace line then costs a lookup, not a capstone call and a
 * symbol search.  That is what keeps tracing within 10% of a bare
 * KVM_RUN loop (bench/exit_cost.c).
 */
#ifndef CLI_EXIT_TEXT_H
#define CLI_EXIT_TEXT_H

#include "core/vm.h"

struct exit_text {
	char reason[32];     /* "IO(2)" */
	char hw[64];         /* "IO_INSTRUCTION(30)", PVM's explanation */
	char hw_brief[48];   /* the same for a column: "ring-0 emulated",
				"EPT_VIOLATION(48)/EPT_MISCONFIG(49)" */
	char sym[96];        /* "uart_putc+0x12" */
	char insn[64];       /* "out dx, al"; "next: cli" where the exit
				came before it ran (exit_before_insn()) */
	unsigned insn_size;  /* its length in bytes; 0 when it did not decode */
	/* Which making of these strings this is, unique in the process
	 * (0: made by hand, not by a cache): what a formatter that keeps
	 * text made from them compares (cli/trace_line.c). */
	uint64_t id;
};

struct exit_text_cache;

int exit_text_cache_open(struct exit_text_cache **out);
void exit_text_cache_close(struct exit_text_cache *cache);
/*
 * The strings for exit, from the cache or made now.  The pointer is valid
 * until the next call.  One cache serves one VM (symbols and host flavour
 * are part of what it remembers).
 */
const struct exit_text *exit_text_describe(struct exit_text_cache *cache,
					   struct vm *vm,
					   const struct exit_record *exit);

#endif /* CLI_EXIT_TEXT_H */
