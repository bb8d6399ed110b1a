/*
 * tui/help.c - the help overlay (? or F1): every key, one line each, then
 * what the less obvious words on the screen mean - PVM's above all, which
 * a student meets on this workplace's hosts and finds in no textbook -
 * and the 8259's register names.
 * tests/integration/test_tui_keys.sh checks that each key is listed.
 */
#include "tui/panels.h"

const char help_pvm_hardware[] =
	"hardware: none (PVM: ...) - this host's KVM is PVM, which runs the "
	"guest without VMX or SVM: ring-0 guest code goes through KVM's "
	"instruction emulator, ring-3 code runs natively and traps into KVM. "
	"So no hardware exit reason exists; the text says how the access "
	"reached KVM (ring-0 insn emulated, ring-3 insn trapped, or an exit "
	"KVM made itself). On Intel (VMX) or AMD (SVM) hardware this column "
	"names the hardware exit, e.g. IO_INSTRUCTION(30) or IOIO(0x7b).";

const char help_pvm_int80[] =
	"int 0x80 (#UD, emulated) - on PVM an int instruction in ring 3 does "
	"not reach the interrupt gate: the CPU raises an invalid-opcode fault "
	"(#UD) instead. The kernel's #UD handler sees that the faulting "
	"instruction is int 0x80 and runs the system call itself "
	"(trap-and-emulate; guest/kernel/trap.c). On hardware KVM the gate "
	"takes it directly and the stack shows int 0x80.";

static const char help_pic_words[] =
	"IRR, ISR, IMR (Interrupts panel) - an 8259's three registers, a bit "
	"per input: IRR holds the requests waiting, ISR the ones in service "
	"(delivered to the CPU, no end of interrupt yet: the guest's EOI "
	"clears the bit), IMR the inputs the guest masked. AEOI: automatic "
	"end of interrupt (ICW4), the chip clears the ISR bit itself when the "
	"CPU takes the interrupt. SMM: special mask mode (OCW3). A value "
	"highlighted there, or in the CPU panel, changed since the stop "
	"before.";

static const struct para help_text[] = {
	{ "space, s   run to the next VM exit", GA_NORMAL },
	{ "l          run to the next layer function (breakpoints)", GA_NORMAL },
	{ "i          run one instruction (single step)", GA_NORMAL },
	{ "c          continue, animated: one exit at a time", GA_NORMAL },
	{ "C          continue flat out", GA_NORMAL },
	{ "p, Ctrl-C  pause", GA_NORMAL },
	{ "b          break on an exit reason or port (a prompt)", GA_NORMAL },
	{ "r          restart the guest", GA_NORMAL },
	{ "Tab        move the focus to the next panel", GA_NORMAL },
	{ "n          (Network panel, --net) the next receive path: "
	  "emulated, vhost, zerocopy", GA_NORMAL },
	{ "d          (Network panel) its receive ring: descriptors, owners, "
	  "indexes; d again: the counters", GA_NORMAL },
	{ "Up, Down   select an exit in the exit log (End: newest)", GA_NORMAL },
	{ "Enter      the selected exit in full (Up/Down scroll it)", GA_NORMAL },
	{ "?, F1      this help (Up/Down scroll; other keys close it)",
	  GA_NORMAL },
	{ "Ctrl-L     redraw the screen", GA_NORMAL },
	{ "q          quit", GA_NORMAL },
	{ "", GA_NORMAL },
	{ "With the Console focused, keys go to the guest's keyboard (q "
	  "too); Tab moves the focus away again, F1 opens this help. Keys "
	  "typed while the guest is paused wait for it; the status bar "
	  "counts them.", GA_NORMAL },
	{ "", GA_NORMAL },
	{ "In a lesson (vmscope lesson)", GA_BOLD },
	{ "n, Space   run the step; once it passed, the next one", GA_NORMAL },
	{ "a          answer the question: the choice's letter or number, "
	  "Enter", GA_NORMAL },
	{ "h          the step's next hint", GA_NORMAL },
	{ "r          the step again, from a fresh boot", GA_NORMAL },
	{ "The lesson runs the guest: s, l, i, c, C, p and b only say so.",
	  GA_NORMAL },
	{ "", GA_NORMAL },
	{ "In one cell's panels (vmscope run --cell)", GA_BOLD },
	{ "v          back to the Cells view", GA_NORMAL },
	{ "", GA_NORMAL },
	{ "Words on the screen", GA_BOLD },
	{ help_pvm_hardware, GA_NORMAL },
	{ "", GA_NORMAL },
	{ help_pvm_int80, GA_NORMAL },
	{ "", GA_NORMAL },
	{ help_pic_words, GA_NORMAL },
};

#define HELP_PARAS (int)(sizeof(help_text) / sizeof(help_text[0]))

int help_render(const struct view *v, int skip)
{
	return view_paras(v, help_text, HELP_PARAS, skip);
}
