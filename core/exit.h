/*
 * core/exit.h - the unified exit record.
 *
 * Both backends (kvm/, cpu/) describe every return from guest execution with
 * one struct exit_record.  The reason is KVM's user-space exit reason, with
 * KVM's number (KVM_EXIT_IO is 2 whichever backend produced it); the hardware
 * reason is what the host's virtualization hardware would have reported, for
 * display only.  An exit of L2's that KVM would never hand to user space
 * has one of vmscope's own reasons instead (EXIT_HANDLED_IN_L0 ...).
 * Names for unknown numbers print as UNKNOWN(n).
 *
 * Ownership: the backend fills the record in run(); the dispatcher
 * (core/vm.c) completes it (IN data, MMIO read data, handling time) and the
 * backend hands the completed data to the guest on the next run().
 */
#ifndef CORE_EXIT_H
#define CORE_EXIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* KVM's user-space exit reasons (include/uapi/linux/kvm.h). */
enum exit_reason {
	EXIT_UNKNOWN = 0,
	EXIT_EXCEPTION = 1,
	EXIT_IO = 2,
	EXIT_HYPERCALL = 3,
	EXIT_DEBUG = 4,
	EXIT_HLT = 5,
	EXIT_MMIO = 6,
	EXIT_IRQ_WINDOW_OPEN = 7,
	EXIT_SHUTDOWN = 8,
	EXIT_FAIL_ENTRY = 9,
	EXIT_INTR = 10,
	EXIT_INTERNAL_ERROR = 17,
	EXIT_SYSTEM_EVENT = 24,
	EXIT_REASON_TABLE_SIZE = 41, /* names known for 0..40 */
	/*
	 * vmscope's own reasons, for an exit of L2's (--nested,
	 * docs/NESTING.md) that no KVM_RUN returns to user space: a nested
	 * hypervisor's host kernel resolves it itself - in its shadow of
	 * L1's nested page table (HANDLED_IN_L0) or as a VM exit it makes
	 * L1 see (REFLECTED_TO_L1).  The hardware reason stays in
	 * exit->nest.l2_reason.  Numbered apart from KVM's, which new
	 * kernels extend, and printed as NAME(vmscope).
	 */
	EXIT_VMSCOPE_FIRST = 0x10000,
	EXIT_HANDLED_IN_L0 = EXIT_VMSCOPE_FIRST,
	EXIT_REFLECTED_TO_L1,
	EXIT_VMSCOPE_END,
};

/* Every reason with a name, KVM's (0..40) then vmscope's: the slots of a
 * per-reason table (core/stats.h).  A KVM reason's slot is its number. */
#define EXIT_REASON_SLOTS \
	(EXIT_REASON_TABLE_SIZE + (EXIT_VMSCOPE_END - EXIT_VMSCOPE_FIRST))

/* Which hardware sits under the backend: decides the "hardware reason". */
enum host_flavour {
	HOST_VMX,      /* hardware KVM on Intel VT-x */
	HOST_SVM,      /* hardware KVM on AMD-V */
	HOST_PVM,      /* KVM's PVM: no VMX/SVM, ring 0 emulated, ring 3 native */
	HOST_SOFT,     /* vmscope's own software CPU */
};

enum io_direction { IO_IN = 0, IO_OUT = 1 };

struct exit_io {
	uint16_t port;
	uint8_t size;          /* 1, 2 or 4 bytes per element */
	uint8_t direction;     /* enum io_direction */
	uint32_t count;        /* elements: > 1 for rep ins/outs */
	uint8_t *data;         /* size * count bytes, owned by the backend,
				  valid until the next run() */
	/* Set by the dispatcher after vmscope's device took the access:
	 * the register it reached, as the device names it ("THR", "DLL"),
	 * and whether its bytes are characters (the UART's THR or RBR).
	 * NULL and false where no register is named - not the UART, or an
	 * exit of L2's reflected to L1, whose own device model answers it. */
	const char *reg;       /* a static string of the device's */
	bool text;
};

struct exit_mmio {
	uint64_t gpa;
	uint32_t len;          /* 1, 2, 4 or 8 */
	bool is_write;
	uint8_t data[8];       /* little-endian */
};

#define EXIT_INSN_MAX 15

/* An interrupt vmscope's PIC had the backend inject just before a run. */
struct exit_inject {
	bool valid;
	uint8_t irq;           /* the PIC input, 0-15 */
	uint8_t vector;        /* what the guest's IDT was asked for */
	uint64_t due_ns;       /* IRQ 0: when the PIT's tick it stands for
				  was due (the oldest edge since the last
				  injection; CLOCK_MONOTONIC); 0 for other
				  lines.  The run began - and the interrupt
				  went in - at the record's resume_ns, so
				  resume_ns - due_ns is vmscope's own delay
				  (core/cells_ticks.h) */
};

/* For an exit of L2's code (level 1: the nesting stage, core/nested.h):
 * the exit as L1 would see it and how L0 decided. */
struct exit_nesting {
	uint32_t l2_reason;    /* VMX's basic exit reason (NESTED_EXIT_*) */
	uint32_t verdict;      /* enum nested_verdict; 0 for L1's exits */
	uint32_t insn_len;     /* length of L2's exiting instruction */
	uint64_t next_rip;     /* an I/O, HLT or CPUID exit's: where L2 goes
				  on once L0 completes the instruction, after
				  it (not used for INS/OUTS: L2's next run
				  completes their element and says where L2
				  stands, core/nested_run.c) */
	uint32_t intr_info;    /* an exception's vector (VMX's layout) */
	uint32_t intr_error;   /* ... and its error code */
	uint32_t vect_info;    /* the event whose delivery the exit cut short
				  (VMX's IDT-vectoring information) */
	uint32_t vect_error;   /* ... and its error code */
	uint64_t gpa;          /* a nested page fault's L2-physical address */
	uint64_t qualification; /* ... how it was accessed */
	uint32_t walk;         /* ... and why (enum nested_walk_result) */
	uint32_t irq;          /* an external interrupt's PIC input (L1's) */
	char rule[80];         /* the rule that decided, in words */
};

struct exit_record {
	uint64_t seq;          /* 1, 2, 3 ... per VM */
	uint64_t resume_ns;    /* CLOCK_MONOTONIC when vmscope called run() */
	uint64_t t_ns;         /* CLOCK_MONOTONIC when run() returned */
	uint64_t handle_ns;    /* time the dispatcher spent on it */
	uint32_t level;        /* 0: the guest itself, 1: L2 under an L1 ... */
	uint32_t reason;       /* enum exit_reason, KVM's numbering */
	uint32_t hw_reason;    /* VMX basic reason / SVM exit code, if known */
	bool hw_reason_known;  /* false where the backend could not tell */
	uint64_t rip;          /* address of the instruction that exited */
	uint8_t cpl;           /* privilege level it ran at */
	uint8_t insn_len;      /* bytes fetched at rip (0: unreadable) */
	uint8_t insn[EXIT_INSN_MAX];
	struct exit_inject injected; /* went in before this run, if valid */
	struct exit_nesting nest;
	union {
		struct exit_io io;
		struct exit_mmio mmio;
		struct {
			uint32_t suberror;
			uint32_t ndata;
			uint64_t data[4];
			char why[80];  /* the backend's own words, or "" */
		} internal;
		struct {
			uint64_t hw_reason;
		} fail_entry;
		struct {
			uint32_t exception;
			uint64_t pc;
		} debug;
		struct {
			uint32_t type;
		} system_event;
	} u;
};

/* The reason in a slot (0 .. EXIT_REASON_SLOTS - 1). */
uint32_t exit_reason_at(unsigned slot);
/* A reason's slot, or -1 for a number with no name. */
int exit_reason_slot(uint32_t reason);
/* "IO", "MMIO", "HANDLED_IN_L0" ...; NULL for a number without a name. */
const char *exit_reason_name(uint32_t reason);
/* "IO(2)", "HANDLED_IN_L0(vmscope)" or "UNKNOWN(99)" into buf; returns
 * buf. */
const char *exit_reason_format(uint32_t reason, char *buf, size_t len);
/* "IO_INSTRUCTION(30)", "IOIO(0x7b)", "UNKNOWN(n)" for the flavour. */
const char *exit_hw_format(enum host_flavour flavour, uint32_t code,
			   char *buf, size_t len);
/*
 * The hardware exit that produces this user-space exit on the flavour, for
 * display: VMX IO -> IO_INSTRUCTION(30), SVM IO -> IOIO(0x7b).  Where KVM
 * may have taken either of two, both are named, "A or B" (an MMIO exit on
 * VMX: EPT_VIOLATION(48) or EPT_MISCONFIG(49); a kick: an external
 * interrupt or none).  On PVM no VMX/SVM exit exists; the text says how
 * the access reached KVM instead (an emulated ring-0 instruction or a
 * trapped ring-3 one).  tui/stopcond.c finds a breakpoint's names in this
 * text by their "NAME(" form: keep each name so written.
 */
const char *exit_hw_describe(enum host_flavour flavour,
			     const struct exit_record *exit,
			     char *buf, size_t len);
/*
 * The same for a trace's column: VMX and SVM as above, two names as
 * "A/B"; on PVM "ring-0
 * emulated", "ring-3 trapped" or "KVM's own"; on the software CPU "-".
 * A trace says once, in its header, what the host is.
 */
const char *exit_hw_brief(enum host_flavour flavour,
			  const struct exit_record *exit, char *buf, size_t len);
/*
 * Does an exit of this reason come between instructions, with no
 * instruction that made it, so that the one at its RIP is about to run?
 * An interrupt window opens before the next instruction (SDM Vol. 3C,
 * "Interrupt-Window Exiting"), a kick (INTR) lands between two.
 * vmscope's DEBUG stops are not counted: they are stops "at" an
 * instruction, as a debugger's are, numbered apart (core/exit_number.h).
 */
bool exit_before_insn(uint32_t reason);
/*
 * One paragraph of plain English on what the exit means, into buf: what
 * the guest did, how the exit reached vmscope on this flavour (KVM_RUN's
 * return, or the software CPU's run() - HOST_SOFT - which has no KVM_RUN)
 * and what vmscope did with it; for an exit of L2's reflected to L1, that
 * L1's own handler dealt with it.  Returns buf.
 */
const char *exit_explain(const struct exit_record *exit,
			 enum host_flavour flavour, char *buf, size_t len);
const char *host_flavour_name(enum host_flavour flavour);

/*
 * Time since the previous exit (at prev_t_ns; 0 for none), leaving out any
 * time vmscope held the guest stopped in between - a student stepping, a
 * paused view: when the guest was resumed more than EXIT_HOLD_NS after the
 * previous exit, the count starts at the resume.
 */
#define EXIT_HOLD_NS 1000000ULL
uint64_t exit_time_since(const struct exit_record *exit, uint64_t prev_t_ns);

/* Element i of an I/O exit's data, zero-extended. */
uint64_t exit_io_value(const struct exit_io *io, uint32_t i);
/* An MMIO exit's data as a number. */
uint64_t exit_mmio_value(const struct exit_mmio *mmio);

#endif /* CORE_EXIT_H */
