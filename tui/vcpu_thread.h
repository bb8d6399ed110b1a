/*
 * tui/vcpu_thread.h - the guest runs in a thread of its own.
 *
 * The UI thread never waits for the guest: it posts commands to a small
 * mailbox (step to the next exit, continue, pause, restart, a key for the
 * guest's keyboard) and reads what happened from two places:
 *
 *   - the core event ring (core/events.h): every exit and every byte the
 *     UART transmitted, in order.  The vCPU thread never blocks on it; a
 *     reader that falls a ring behind is told how many events it lost.
 *   - a snapshot the vCPU thread publishes at each stop, and while running
 *     whenever the UI asks for one (once a frame): registers, the code
 *     around RIP, the last exit with its unwound call chain and flow path,
 *     the per-layer hit counts, the stats and the backend's counters.
 *
 * Everything that touches the VM (running it, unwinding, reading guest
 * memory, the device models) happens on the vCPU thread.  The one thing the
 * UI reads from the VM directly is its symbol table and host flavour, to
 * name exits; it does that under vcpu_thread_lock_vm(), which the vCPU
 * thread takes for writing only while it rebuilds the machine (restart).
 */
#ifndef TUI_VCPU_THREAD_H
#define TUI_VCPU_THREAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli/machine_opts.h"
#include "core/events.h"
#include "core/vm.h"
#include "core/flow.h"
#include "core/nested_view.h"
#include "core/vm_net.h"
#include "tui/stopcond.h"
#include "tui/vcpu_chains.h"

enum vcpu_mode {
	VCPU_PAUSED,      /* waiting for a command */
	VCPU_STEP_EXIT,   /* running to the next exit */
	VCPU_STEP_LAYER,  /* running to the next layer function (or exit) */
	VCPU_STEP_INSN,   /* running one instruction */
	VCPU_ANIMATED,    /* continuing, one exit at a time, slowly */
	VCPU_FLAT_OUT,    /* continuing as fast as the guest goes */
	VCPU_JOB,         /* a job runs the guest (a lesson step) */
	VCPU_ENDED,       /* the guest ended: restart or quit */
};

/* Is the guest let run in this mode (not paused, not ended)? */
static inline bool vcpu_mode_runs(enum vcpu_mode mode)
{
	return mode != VCPU_PAUSED && mode != VCPU_ENDED;
}

enum vcpu_cmd_kind {
	VCMD_STEP_EXIT,
	VCMD_STEP_LAYER,
	VCMD_STEP_INSN,
	VCMD_CONTINUE,
	VCMD_FLAT_OUT,
	VCMD_PAUSE,
	VCMD_BREAK,       /* cond: one more breakpoint (STOP_NONE: clear all) */
	VCMD_UNBREAK,     /* index: clear breakpoint index (1-based; 0: all) */
	VCMD_RESTART,
	VCMD_JOB,         /* job: run it on the vCPU thread (vcpu_job.h) */
	VCMD_QUIT,
};

struct vcpu_thread;

/* Work run on the vCPU thread with the guest stopped (tui/vcpu_job.h). */
struct vcpu_job {
	void (*run)(void *ctx, struct vcpu_thread *t);
	void *ctx;
};

struct vcpu_cmd {
	enum vcpu_cmd_kind kind;
	struct stop_cond cond;
	unsigned index;
	struct vcpu_job job;
};

#define VCPU_MAILBOX 64
#define VCPU_BREAKS 8         /* `b` breakpoints at a time */
#define SNAP_CODE_BYTES 96
#define SNAP_COUNTERS 128
#define SNAP_NAME 40

struct snap_frame {
	char name[SNAP_NAME];   /* function, or the trap boundary's label */
	uint8_t layer;          /* enum flow_layer */
	bool trap;
};

struct vcpu_snapshot {
	uint64_t version;             /* bumped at every publish */
	uint64_t generation;          /* bumped at every restart */
	enum vcpu_mode mode;
	enum vm_state state;
	int exit_status;
	char end_reason[160];
	char note[240];               /* the answer to the last command */
	struct stop_cond brks[VCPU_BREAKS];  /* the `b` breakpoints */
	unsigned nbrks;
	const char *backend;          /* "kvm", "soft" */
	enum host_flavour flavour;
	/* the vCPU at the stop: with --nested, of the level whose code made
	 * the stop's exit (level 1: L2's, as L0 holds them) */
	uint32_t level;
	bool have_regs;
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;
	uint64_t code_addr;           /* code[] holds guest bytes from here */
	uint32_t code_len;
	uint8_t code[SNAP_CODE_BYTES];
	char code_sym[SNAP_NAME];     /* the function holding code_addr */
	uint64_t code_sym_addr;
	char rip_sym[SNAP_NAME + 24]; /* regs.rip as symbol+offset */
	/* the last exit and its path */
	bool have_exit;
	struct event exit;            /* an EVENT_EXIT: the record and its data */
	uint32_t layers;              /* 1u << enum flow_layer */
	struct snap_frame frames[UNWIND_MAX_FRAMES];  /* outermost first */
	uint32_t nframes;
	char stack[CHAIN_TEXT];       /* the chain as the tracer's --stack */
	char device[24];              /* the device that claimed the access */
	/* counts */
	uint64_t layer_hits[FLOW_LAYERS];
	uint64_t breakpoint_hits;     /* stops at layer functions */
	uint64_t debug_stops;         /* DEBUG exits: l, i and b stops */
	uint64_t guest_exits;         /* the guest's own exits so far (the
					 last one's number, vcpu_chains.h) */
	uint32_t stop;                /* the last exit is the stop-th DEBUG
					 stop after guest exit guest_exits */
	struct exit_stats stats;
	struct bus_unclaimed unclaimed_pio;   /* accesses no device claimed */
	struct bus_unclaimed unclaimed_mmio;
	struct backend_counter counters[SNAP_COUNTERS];
	int ncounters;
	struct nested_view nest;      /* --nested: the control block, L0's
					 shadow, the counters */
	struct net_view net;          /* --net: the path, each path's counters */
	bool have_pic;
	struct vm_pic_state pic;      /* the 8259s as the last exit left them */
	uint64_t run_ns;              /* time the guest was let run */
	uint64_t t_ns;                /* when this snapshot was taken */
};

/* What the thread needs to build (and rebuild) the machine. */
struct vcpu_thread_config {
	struct vm_config vm;          /* serial sink is the thread's own */
	uint32_t ring_capacity;       /* power of two */
	/* --display and --keys: the window opened and the keys typed at
	 * each boot (the rest is already in vm) */
	struct machine_opts machine;
	/* No person at the keyboard (--batch): called on the vCPU thread
	 * after an exit where the guest waits for a key with none on its
	 * way (vm_waits_for_key()), to type some or stop the machine.
	 * NULL: the guest waits. */
	void (*key_wait)(void *opaque, struct vm *vm);
	void *key_wait_opaque;
};

/* Start the thread and build the VM on it (KVM wants one thread for a
 * vCPU's whole life).  0, or -errno with the reason in err. */
int vcpu_thread_start(struct vcpu_thread **out,
		      const struct vcpu_thread_config *cfg, char *err,
		      size_t len);
/* Post a command; never waits for the guest.  -EAGAIN when the mailbox is
 * full (the UI may drop the key). */
int vcpu_thread_post(struct vcpu_thread *t, const struct vcpu_cmd *cmd);
/* Post n commands at once: the thread takes all of them or none. */
int vcpu_thread_post_n(struct vcpu_thread *t, const struct vcpu_cmd *cmds,
		       unsigned n);
/* Does the guest have what the condition names (a function)?  0, or
 * -ENOENT with the reason in err.  UI thread. */
int vcpu_thread_knows(struct vcpu_thread *t, const struct stop_cond *c,
		      char *err, size_t len);
/* `--until EVENT`: break on the condition and run flat out to it (for
 * "exit": one step; for "end": flat out, nothing to break on).  -EAGAIN
 * when the mailbox is full. */
int vcpu_thread_run_until(struct vcpu_thread *t, const struct stop_cond *until);
/* Ask for a fresh snapshot at the next exit (running) - cheap, no wait. */
void vcpu_thread_want_snapshot(struct vcpu_thread *t);
/* Keys for the guest's keyboard (core/vm.h vm_keys_push), straight from
 * the UI thread: they wake a halted guest without waiting for the vCPU
 * thread.  0, or -errno when they could not be queued. */
int vcpu_thread_keys(struct vcpu_thread *t, const uint8_t *bytes, size_t n);
/* How many key strokes wait for the guest to take them (UI thread). */
unsigned vcpu_thread_keys_waiting(struct vcpu_thread *t);
/* Copy the latest snapshot; returns its version. */
uint64_t vcpu_thread_snapshot(struct vcpu_thread *t, struct vcpu_snapshot *out);
/* Wait until the version differs from seen or timeout_ms passes. */
void vcpu_thread_wait(struct vcpu_thread *t, uint64_t seen, int timeout_ms);
/* The VM and the event ring, for reading under the lock (see above);
 * *generation says which build of the machine they belong to.  NULL when
 * the machine could not be rebuilt. */
struct vm *vcpu_thread_lock_vm(struct vcpu_thread *t, uint64_t *generation);
void vcpu_thread_unlock_vm(struct vcpu_thread *t);
struct event_ring *vcpu_thread_events(struct vcpu_thread *t);
/* What the vCPU thread noted at exit seq (vcpu_chains.h): the call chain
 * it unwound there and the guest's own exit number; under
 * vcpu_thread_lock_vm(), so that a restart cannot mix two machines' exit
 * numbers. */
enum chain_found vcpu_thread_note(struct vcpu_thread *t, uint64_t seq,
				  struct exit_note *out);
/* Quit: the thread destroys the VM and ends; then free.  Returns the crash
 * report text when the guest crashed (caller frees), else NULL. */
char *vcpu_thread_stop(struct vcpu_thread *t);

#endif /* TUI_VCPU_THREAD_H */
