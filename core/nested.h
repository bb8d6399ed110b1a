/*
 * core/nested.h - the nesting stage's backend-independent part: L0's side
 * of the interface guest/abi/nested.h defines.
 *
 *   core/nested_validate.c  the checks on L0's copy of L1's control block
 *   core/nested_walk.c      the two-stage walk: L2's page tables, then
 *                           L1's nested page table
 *   core/nested_shadow.c    the shadow address space: L2-physical pages
 *                           L0 has mapped to L1-physical ones, and its
 *                           counters
 *   core/nested_reflect.c   the rule that decides, for each L2 exit,
 *                           "handled in L0" or "reflected to L1"
 *   core/nested_run.c       the doorbells, the copy, the entry into L2 and
 *                           the write-back at a reflected exit (the hook
 *                           core/vm.c calls)
 *   core/nested_boundary.c  the exits between two instructions of L2's:
 *                           an interrupt for L1, L1's NMI window
 *   core/nested_images.c    the images L1 is to run: checked to fit each
 *                           level's RAM, staged in L1's, their symbols
 * Each backend runs L2 its own way (struct nested_backend_ops: the soft CPU
 * in cpu/soft_nested.c).  docs/NESTING.md tells the whole story.
 *
 * Levels are named as in the Turtles paper: L0 is vmscope, L1 the guest it
 * runs, L2 the guest L1 runs, L3 the guest L2 runs (--nested 2).  An exit
 * record's level field counts from the guest vmscope runs: 0 for an exit
 * of L1's code, 1 for one of L2's, 2 for one of L3's.
 *
 * Threading: the vCPU thread only.
 */
#ifndef CORE_NESTED_H
#define CORE_NESTED_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/exit.h"
#include "core/memory.h"
#include "core/regs.h"
#include "core/symbols.h"
#include "guest/abi/nested.h"

struct vm;

#define NESTED_PAGE 4096ULL
#define NESTED_IMAGES_MAX 2   /* --nested 2: the hypervisor, the guest */

/* --- validation (core/nested_validate.c) ------------------------------ */

/* Can a control block live at gpa in RAM of ram_size bytes?  Not page 0,
 * page-aligned, wholly inside RAM.  False is VMX's VMfailInvalid. */
bool nested_block_gpa_ok(uint64_t gpa, uint64_t ram_size);
/* Check L0's copy of the block (at block_gpa) in that order: header,
 * controls, the addresses it names, then L2's state.  The first failed
 * check, or NESTED_FAIL_NONE. */
enum nested_failure nested_validate(const struct nested_block *b,
				    uint64_t block_gpa, uint64_t ram_size);
/* "CS.L and CS.D both set" ...: the words "entry failed: " go before. */
const char *nested_failure_text(uint32_t failure);

/* --- the walks (core/nested_walk.c) ------------------------------------ */

enum nested_walk_result {
	NESTED_WALK_OK = 0,
	NESTED_WALK_NOT_PRESENT,   /* L1's table has no entry: an NPF */
	NESTED_WALK_READ_ONLY,     /* a write through a read-only entry */
	NESTED_WALK_OUTSIDE_RAM,   /* a table or the page outside L1's RAM */
	NESTED_WALK_LOOP,          /* an entry points back at a table of
				      this walk */
	NESTED_WALK_RESERVED,      /* reserved bits set in an entry */
};

/* Stage 2: the L1-physical page address for L2-physical l2_gpa through
 * the nested table at root (4-level, 1 GiB, 2 MiB and 4 KiB leaves).
 * Never points outside L1's RAM (mem). */
enum nested_walk_result nested_walk(const struct guest_mem *mem,
				    uint64_t root, uint64_t l2_gpa, bool write,
				    uint64_t *l1_page);
/* Stage 1 alone: L2-virtual gva to L2-physical through L2's page tables
 * at l2_cr3 (each table found through stage 2); tables, when not NULL,
 * gets the L2-physical address of the table the walk read at each level
 * (PML4 first; a large leaf repeats its table below it).  0 or -EFAULT.
 * (The KVM backend maps L2's page-table pages before L2 runs.) */
int nested_translate_l2(const struct guest_mem *mem, uint64_t root,
			uint64_t l2_cr3, uint64_t gva, uint64_t *l2_gpa,
			uint64_t tables[4]);
/* Both stages: L2-virtual gva through L2's page tables at l2_cr3 (each
 * table itself found through stage 2), then stage 2.  Read-only: no
 * accessed or dirty bits.  0 or -EFAULT. */
int nested_translate(const struct guest_mem *mem, uint64_t root,
		     uint64_t l2_cr3, uint64_t gva, uint64_t *l1_gpa);
/* Copy len bytes of L2-virtual memory (may cross pages); how many bytes
 * could be read before the first that cannot. */
size_t nested_read_virt(const struct guest_mem *mem, uint64_t root,
			uint64_t l2_cr3, uint64_t gva, void *dst, size_t len);
const char *nested_walk_text(enum nested_walk_result r);

/* --- the shadow address space (core/nested_shadow.c) ------------------ */

/* A direct-mapped cache of stage-2 translations: slot = L2 page number
 * modulo the size.  What L0 built, not what L1 wrote: an entry is made
 * only from a walk that succeeded, so it never points outside L1's RAM.
 * The last RECENT entries made are kept beside it as well, whatever they
 * evicted: one instruction needs a handful of pages at once (its code,
 * its data, the page tables of both), and two that share a slot must not
 * evict each other at every restart, or L2 would never get past it. */
#define NESTED_SHADOW_SLOTS 4096
#define NESTED_SHADOW_RECENT 32

struct nested_shadow_entry {
	uint64_t l2_page;          /* UINT64_MAX: empty */
	uint64_t l1_page;
	bool writable;
};

/* Each counter of a level's runs and exits names the level: L2's, and
 * with --nested 2 L3's beside them (the l3_ ones; 0 at --nested 1). */
struct nested_counters {
	uint64_t runs;             /* run doorbells that entered L2 */
	uint64_t l3_runs;          /* ... that entered L3 */
	uint64_t entry_failures;   /* ... that failed a check (VMfailValid) */
	uint64_t bad_blocks;       /* ... whose block address was bad */
	uint64_t refused;          /* doorbells not from CPL 0 */
	uint64_t l2_exits;         /* exits of L2's code */
	uint64_t reflected;        /* ... reflected to L1 */
	uint64_t handled_l0;       /* ... handled in L0 alone */
	uint64_t l3_exits;         /* exits of L3's code */
	uint64_t l3_reflected;     /* ... reflected to L1 */
	uint64_t l3_handled_l0;    /* ... handled in L0 alone */
	uint64_t l1_exits_in_reflection; /* L1 exits between a reflection and
					    L1's next run doorbell */
	uint64_t shadow_faults;    /* stage-2 translations not in the shadow */
	uint64_t pages_mapped;     /* ... that L0 then mapped */
	uint64_t shadow_reused;    /* entries with a root L0 has a shadow of */
	uint64_t shadow_rebuilt;   /* entries with a new root: the least
				      recently used shadow dropped for it */
	uint64_t invalidates;      /* invalidate doorbells */
	uint64_t pages_dropped;    /* shadow entries they dropped */
	uint64_t npf_reflected;    /* nested page faults L1 had to see */
};

struct nested_shadow {
	uint64_t root;             /* the nested root the entries came from */
	bool built;                /* root is meaningful */
	uint64_t entries;          /* live entries */
	uint64_t generation;       /* new (unique among the set's) whenever
				      entries are dropped: a backend's TLB
				      filled under another may hold
				      translations this one lacks */
	uint64_t used;             /* when an entry last chose it */
	struct nested_shadow_entry slot[NESTED_SHADOW_SLOTS];
	struct nested_shadow_entry recent[NESTED_SHADOW_RECENT];
	unsigned recent_next;      /* the oldest, replaced next */
};

/* L0's shadows, one per nested root L1 runs guests with, a few at most
 * (KVM keeps its last roots so: kvm_mmu_root_info prev_roots): at
 * --nested 2 L1 runs L2 and L3 from two blocks with two roots, and each
 * keeps its shadow across the other's runs. */
#define NESTED_SHADOW_SETS 4
struct nested_shadows {
	struct nested_shadow set[NESTED_SHADOW_SETS];
	uint64_t clock;            /* entries so far: for used */
	uint64_t generations;      /* generations handed out */
};

/* No shadow built (a new VM, a reset). */
void nested_shadows_init(struct nested_shadows *ss);
/* An entry into L2 with this root: the shadow built from it, kept
 * (reused), or the least recently used one dropped and given to it. */
struct nested_shadow *nested_shadow_enter(struct nested_shadows *ss,
					  uint64_t root,
					  struct nested_counters *c);
/* L1's invalidate doorbell: drop every entry of every shadow (the
 * doorbell names no root: INVEPT's all-context invalidation). */
void nested_shadow_invalidate(struct nested_shadows *ss,
			      struct nested_counters *c);
/* L2-physical -> L1-physical (the byte address) from the shadow alone:
 * false when the shadow has no entry allowing the access (the CPU then
 * stops L2 with a shadow fault for L0). */
bool nested_shadow_lookup(const struct nested_shadow *s, uint64_t l2_gpa,
			  bool write, uint64_t *l1_gpa);
/* L2-physical -> L1-physical (the byte address), from the shadow or by a
 * walk of L1's table that fills it (a shadow fault). */
enum nested_walk_result nested_shadow_map(struct nested_shadow *s,
					  const struct guest_mem *mem,
					  uint64_t l2_gpa, bool write,
					  uint64_t *l1_gpa,
					  struct nested_counters *c);

/* --- the reflect rule (core/nested_reflect.c) -------------------------- */

enum nested_verdict {
	NESTED_NOT_NESTED = 0,     /* an exit of L1's own code */
	NESTED_REFLECT,            /* L1 asked for it: L1 handles it */
	NESTED_L0_HANDLES,         /* L0 needs it (and L1 did not ask) */
	NESTED_L0_DEVICE,          /* a port L1 does not intercept: L0's own
				      device model, directly */
};

/* What the rule looks at: L0's copy of L1's controls and I/O bitmaps. */
struct nested_controls {
	uint32_t intercepts;
	uint32_t exception_bitmap;
	uint8_t io_bitmap[8192];   /* bitmap A then B, at their offsets:
				      core/nested_run.c copies in the bytes
				      of an I/O exit's ports at the exit
				      (the rule reads only those) */
};

/* What L0 intercepts whatever L1 asks (OR'ed with L1's controls): every
 * port access, HLT, triple faults and nested page faults - L2 may never
 * touch a real port or halt L1's CPU without L0 knowing. */
#define NESTED_L0_INTERCEPTS (NESTED_INTERCEPT_HLT | NESTED_INTERCEPT_IO)

/* An L2 exit as the rule sees it. */
struct nested_exit {
	uint32_t reason;           /* NESTED_EXIT_* */
	uint16_t port;             /* NESTED_EXIT_IO */
	uint8_t size;
	uint8_t vector;            /* NESTED_EXIT_EXCEPTION */
	uint64_t gpa;              /* NESTED_EXIT_NPF */
	uint32_t walk;             /* ... enum nested_walk_result: why */
	uint32_t irq;              /* NESTED_EXIT_EXTINT: L1's PIC input */
};

/* nested_vmx_reflect_vmexit()'s question, answered with the rule that
 * decided in words (rule: "L1's I/O bitmap has port 0x3f8"). */
enum nested_verdict nested_decide(const struct nested_controls *c,
				  const struct nested_exit *e, char *rule,
				  size_t rule_len);
/* The last decision with what it was made on.  nested_decide() is a pure
 * function of these, and an L2 loop makes the same exit under the same
 * controls again and again: the memo hands back the verdict and the words
 * without printing them again (snprintf cost more than the rest of an
 * L2 exit handled in L0). */
struct nested_rule_memo {
	bool valid;
	struct nested_exit e;
	uint32_t intercepts, exception_bitmap;
	bool io_intercepted;       /* nested_io_intercepted() for e's ports */
	enum nested_verdict verdict;
	char rule[80];
};
/* nested_decide(), or the memo's answer when the exit and the controls
 * it looks at are the same as last time. */
enum nested_verdict nested_decide_memo(struct nested_rule_memo *m,
				       const struct nested_controls *c,
				       const struct nested_exit *e, char *rule,
				       size_t rule_len);
/* Does L1's I/O bitmap ask for an exit on any of the size bytes at port? */
bool nested_io_intercepted(const struct nested_controls *c, uint16_t port,
			   unsigned size);
const char *nested_verdict_text(uint32_t verdict);
/* "IO_INSTRUCTION(30)", "CPUID(10)": VMX's names for NESTED_EXIT_*. */
const char *nested_exit_format(uint32_t reason, char *buf, size_t len);
/* Is this an exit of L2's (or L3's) code, with VMX's basic reason for it
 * in nest.l2_reason - one L1 is shown when it is reflected, and one L0
 * handles alone (a shadow fault, a port of L0's device) just the same?
 * Not a stop vmscope made itself, nor L1's exit. */
bool nested_exit_of_l2(const struct exit_record *exit);
/*
 * An exit's hardware reason as every view shows it: for an exit of L2's
 * VMX's basic reason for it (whatever the host; what L1 is shown when the
 * exit is reflected), else exit_hw_brief()'s words (brief: a trace
 * column) or exit_hw_describe()'s.
 */
const char *nested_exit_hw(enum host_flavour flavour,
			   const struct exit_record *exit, bool brief,
			   char *buf, size_t len);

/* exit->nest.l2_reason of an L2 run that ended without an exit of L2's
 * (a kick, a debug stop, an error of the backend's) */
#define NESTED_EXIT_NONE UINT32_MAX

/* --- L0's state and the run loop hook (core/nested_run.c) ------------- */

struct nested_l0 {
	unsigned depth;            /* --nested N: 1 (L2) or more */
	bool active;               /* L2 runs: vm_run_exit() runs it */
	/* Which level a run is: L0 runs L2 and L3 alike, from blocks L1
	 * gives it.  A run doorbell of L2's reflected to L1 means L1's next
	 * run doorbell runs L2's guest: that block is L3's from then on. */
	uint32_t run_level;        /* the exits' level: 1 (L2) or 2 (L3) */
	bool guest_doorbell;       /* L2's run doorbell went to L1 */
	uint64_t l3_block_gpa;     /* the block L1 runs L3 from, or 0 */
	bool load_state;           /* the next L2 run loads l2_regs/sregs */
	bool awaiting_l1;          /* a reflection happened: count L1's exits
				      until its next run doorbell */
	uint64_t block_gpa;        /* the block the current run came from */
	struct nested_block shadow;      /* L0's copy, checked */
	struct nested_controls controls; /* ... the controls L0 obeys */
	struct vcpu_regs l2_regs;  /* L2's state as the backend left it */
	struct vcpu_sregs l2_sregs;
	/* L2's blocking (NESTED_BLOCK_*) as L1 sees it: what the backend
	 * saw at L2's exit - the instruction's exit reports what that
	 * instruction began under - or the block's at an entry */
	uint32_t l2_interruptibility;
	/* ... and at the instruction boundary L2's CPU stands at now (after
	 * an OUT L0's device took, past the OUT), with NESTED_HELD_BY_EVENT
	 * while an event waits for its delivery: what holds back an exit L0
	 * makes at a boundary */
	uint32_t l2_blocking_now;
	int l1_irq;                /* L1's PIC input with an interrupt for
				      L1 waiting, or -1 (at this run) */
	/* The backend stopped L2 at the first boundary where an exit L0
	 * waited for (nested_boundary_exit()) is no longer held */
	bool at_boundary;
	/* L0's device took an IN, INS or OUTS of L2's: its data and its
	 * registers reach L2 when L2 runs again, so the next run makes no
	 * exit before it (the backend completes the instruction, then stops
	 * at the boundary) */
	bool insn_waiting;
	struct nested_shadows shadows;
	struct nested_shadow *map; /* the shadow of the current run's root */
	struct nested_counters counters;
	struct nested_rule_memo rule_memo; /* the last exit's decision */
	/* the backend's L2 context; atomic: other threads' kicks read it
	 * (kvm/kvm_nested.c, kvm_nested_publish()) */
	void *_Atomic backend_l2;
	/* vmscope's own instruction breakpoints in the code of L2, and of
	 * L3 (the TUI's `l` and L2:, L3: breakpoints), at that level's
	 * virtual addresses (nested_set_breakpoints): the backend checks the
	 * set of run_level in the context it runs that level in */
	struct nested_breaks {
		uint64_t addrs[BACKEND_BREAKPOINTS];
		unsigned n;
	} breaks[2];               /* [run_level - 1] */
	/* L2's COM1 line control register, and L3's ([exit level - 1]), as
	 * L0 sees it: the UART L2 writes to is L1's model, but each write to
	 * it that L1 intercepts passes L0 as an exit, so L0 keeps the last
	 * LCR - whether a byte at the data port is text or the divisor latch
	 * (exit_io.text; unknown, so a number, until a write to LCR came) */
	struct nested_com1 {
		bool lcr_seen;
		uint8_t lcr;
	} com1[2];
	/* What L1 is to run: the images L0 leaves in L1's RAM - L2's, and
	 * with --nested 2 L3's after it (L2 is the hypervisor again) */
	struct nested_image_src {
		const uint8_t *bytes;
		size_t size;
		char name[NESTED_IMAGE_NAME]; /* as the hypervisor prints it */
	} image[NESTED_IMAGES_MAX];
	unsigned images;
	struct symtab l2_syms;     /* L2's symbols, for its exits */
	struct symtab l3_syms;     /* L3's (--nested 2: L2 is the
				      hypervisor, L3 the guest) */
};

/* How a backend runs L2 (core/backend.h's nested pointer). */
struct nested_backend_ops {
	/* Run L2 to its next exit; fill exit as a level-1 record with
	 * exit->nest.l2_reason set (NESTED_EXIT_*), and n->l2_regs/l2_sregs/
	 * l2_interruptibility/l2_blocking_now with L2's state after it.
	 * When n->load_state, first load L2's state from them (an entry from
	 * L1) and, when n->shadow.entry_intr_info is valid, deliver its
	 * vector through L2's IDT before L2's first instruction - an entry
	 * without one keeps the block's blocking by STI or MOV SS for L2's
	 * first instruction.  While nested_boundary_wanted(), a backend that
	 * can stops L2 at the first boundary nested_boundary_exit() allows
	 * (n->at_boundary, exit->nest.l2_reason NESTED_EXIT_NONE). */
	int (*run)(struct vm *vm, struct nested_l0 *n,
		   struct exit_record *exit);
	/* L0 refuses the instruction of L1's that made exit: L1 takes the
	 * exception info describes (guest/abi/nested.h's VMX format, a
	 * hardware exception) with error, at that instruction - RIP
	 * pointing at it, nothing of it done - as if the CPU had raised it
	 * there (VMX's #GP for VMLAUNCH at CPL > 0). */
	int (*fault_l1)(struct vm *vm, const struct exit_record *exit,
			uint32_t info, uint32_t error);
	/* L1 invalidated its nested table: drop cached translations.  NULL:
	 * the backend's caches follow map->generation (the soft CPU's TLB). */
	void (*invalidate)(struct vm *vm, struct nested_l0 *n);
	/* Free backend_l2 (the VM is going away). */
	void (*drop)(struct vm *vm, struct nested_l0 *n);
	/* Can this host run an L2 this way?  False with the reason in why
	 * (the KVM backend asks the host probe); NULL: always. */
	bool (*available)(char *why, size_t len);
};

/* Can the backend ops run an L2 on this host?  False with the reason in
 * why: it has no way to, or its probe says this host cannot. */
struct backend_ops;
bool nested_backend_can(const struct backend_ops *ops, char *why,
			size_t len);

/*
 * Switch the stage on, in vm_create() before RAM is loaded: the guest
 * vmscope runs becomes the L1 hypervisor (cfg->hypervisor: the front end
 * chose it, the built-in "hv" by default), and cfg's image becomes L1's
 * guest.  0, or -errno with the reason in err (the backend cannot run an
 * L2, a depth not built, no hypervisor, an image that does not fit L2's
 * RAM).
 */
struct vm_config;
int nested_setup(struct vm *vm, const struct vm_config *cfg, char *err,
		 size_t errlen);

/* --- the images L1 is to run (core/nested_images.c) -------------------- */

/* Do cfg's images fit the levels cfg->nested (1 or 2) gives them, in the
 * RAM cfg asks for: each below the RAM of the guest of every level that
 * carries it, and each ELF inside the RAM of the level it runs as?  0, or
 * -errno with which image and why in err - the words vm_create() would
 * fail with.  The lesson loader asks it of a `boot --nested` line. */
int nested_images_fit(const struct vm_config *cfg, char *err, size_t errlen);
/* nested_setup()'s part: the same checks, then n's images (their names
 * as the hypervisor is to print them) and each level's symbols. */
int nested_images_setup(struct nested_l0 *n, const struct vm_config *cfg,
			uint64_t l1_ram, char *err, size_t errlen);
/* Leave the images for L1 in its RAM (NESTED_BOOT_INFO, NESTED_IMAGES):
 * at each boot, after the ELF loader.  0 or -errno with err. */
int nested_stage(struct vm *vm, char *err, size_t errlen);
/* A machine reset: no L2 runs, nothing shadowed. */
void nested_reset(struct vm *vm);
void nested_free(struct vm *vm);
/* --- the counters, named (core/nested_stats.c) ------------------------- */

struct nested_stat {
	const char *name;          /* "reflected": the counter's field */
	const char *what;          /* what it counts, one line */
	uint64_t value;
};

/* The counters in reading order, at most max; 0 when nesting is off.
 * Each names the levels it counts: L3's rows only with --nested 2. */
int nested_stats(const struct vm *vm, struct nested_stat *out, int max);
/* The same rows for counters copied out of a VM (a TUI snapshot) of the
 * depth given (--nested N). */
int nested_stats_of(const struct nested_counters *c, unsigned depth,
		    struct nested_stat *out, int max);
/* L1's exits per reflected exit of L2's (or L3's) - Turtles' exit
 * multiplication; nesting must be on. */
double nested_l1_exits_per_reflection(const struct vm *vm);
/* "L2", or at --nested 2 "L2 or L3": the levels L0 runs from L1's run
 * doorbell, for a label. */
const char *nested_guest_levels(unsigned depth);
/* "L0 (vmscope) running L1 running L2", one level more per --nested
 * level (L3 at --nested 2); nesting must be on. */
const char *nested_levels_text(const struct vm *vm, char *buf, size_t len);

/* The symbols for an exit's code: L2's for level 1, L3's for level 2,
 * else the VM's. */
const struct symtab *nested_symbols(const struct vm *vm, uint32_t level);
/* Does the next vm_run_exit() run L2? */
bool nested_l2_active(const struct vm *vm);
/* The level whose code the next vm_run_exit() runs, as an exit record
 * counts it: 0 L1 (the guest vmscope runs), 1 L2, 2 L3. */
uint32_t nested_next_level(const struct vm *vm);
/* Stop the code of level (1 L2, 2 L3, as an exit record counts it) with
 * a DEBUG exit of that level before the instruction at any of the n
 * addresses, virtual addresses of that level, from its next run on (n <=
 * BACKEND_BREAKPOINTS; 0 clears them).  Kept across L1's entries; the
 * software CPU honours them (cpu/soft_nested.c).  0, or -EINVAL (no such
 * level, or too many). */
int nested_set_breakpoints(struct vm *vm, uint32_t level,
			   const uint64_t *addrs, unsigned n);
/* Not one of VMX's bits: an event waits for its delivery through L2's
 * IDT (injected at this entry, or one L0 delivers again after a shadow
 * fault cut it short).  It goes first: an exit between instructions
 * comes after it, before the handler's first instruction. */
#define NESTED_HELD_BY_EVENT (1u << 31)

/* The exit L0 makes at an instruction boundary of L2's whose blocking is
 * blocking (NESTED_BLOCK_*), in VMX's priority: L1's NMI window (held by
 * blocking by NMI or by MOV SS), then an interrupt for L1 that L1
 * intercepts (held by blocking by STI or by MOV SS); neither while an
 * event waits (NESTED_HELD_BY_EVENT); NESTED_EXIT_NONE when none is due
 * there.  nested_boundary_wanted(): is one due at all
 * (held or not)?  A backend that can stop L2 at each boundary steps it
 * while one is wanted and held, then sets n->at_boundary. */
uint32_t nested_boundary_exit(const struct nested_l0 *n, uint32_t blocking);
bool nested_boundary_wanted(const struct nested_l0 *n);
/* Make that exit in exit (level and the rest as an L2 exit's, RIP L2's,
 * no instruction) when one is due at blocking; false when none is. */
bool nested_make_boundary_exit(struct nested_l0 *n, struct exit_record *exit,
			       uint32_t blocking);
/* The PIC input of an interrupt waiting for L1: the lowest request the
 * master's mask lets through (the 8259's fixed priority; the slave's come
 * through the cascade, IRQ 2), or -1. */
int nested_l1_waiting_irq(struct vm *vm);
/* Run L2 to its next exit (core/vm.c calls it instead of the backend's
 * run() while L2 is active); now: the clock, read just before. */
int nested_run_l2(struct vm *vm, struct exit_record *exit, uint64_t now);
/*
 * The nesting rule's turn at an exit, before the ordinary dispatch: a
 * doorbell of L1's, or an exit of L2's.  True when it dealt with the exit;
 * false when the ordinary dispatch is to (an exit of L1's that is not a
 * doorbell; an L2 port access L1 does not intercept, for L0's device
 * model; an L2 exit that ends the VM).
 */
bool nested_take_exit(struct vm *vm, struct exit_record *exit);

#endif /* CORE_NESTED_H */
