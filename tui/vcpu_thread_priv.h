/*
 * tui/vcpu_thread_priv.h - the vCPU thread's state, shared by
 * vcpu_thread.c (the loop), vcpu_mailbox.c (the UI's side: commands in,
 * snapshots out), vcpu_snapshot.c (what it publishes) and vcpu_job.c (a
 * front end's work on the thread).  Nothing outside those files includes
 * it.
 *
 * Fields below "vCPU thread only" are touched by the vCPU thread alone
 * (the UI reaches the VM only through vcpu_thread_lock_vm()).
 */
#ifndef TUI_VCPU_THREAD_PRIV_H
#define TUI_VCPU_THREAD_PRIV_H

#include "core/unwind_memo.h"
#include "tui/vcpu_thread.h"

/* A call chain's guest layers and --stack text. */
struct chain_view {
	uint32_t layers;
	size_t len;                  /* of text */
	char text[CHAIN_TEXT];
};

struct vcpu_thread {
	pthread_t thread;
	pthread_mutex_t lock;        /* mailbox, snap, start handshake */
	pthread_cond_t cmd_cond;     /* a command was posted */
	pthread_cond_t snap_cond;    /* a snapshot was published / started */
	pthread_rwlock_t vm_lock;    /* written only to rebuild the machine */
	struct vcpu_cmd mailbox[VCPU_MAILBOX];
	unsigned head, count;
	_Atomic int pending;         /* count != 0, read without the lock */
	_Atomic int want_snapshot;
	_Atomic uint64_t last_exit_ns;
	struct vcpu_snapshot snap;
	bool started;
	int start_err;
	char start_msg[256];
	char *crash_text;            /* the crash report, when it crashed */

	/* vCPU thread only */
	struct vcpu_thread_config cfg;
	struct vm vm;
	bool vm_alive;
	struct sdl_window *window;    /* --display sdl, with the VM */
	struct event_ring ring;
	struct exit_record exit;     /* the record vm_run_exit() reuses */
	bool have_exit;
	struct unwind_memo unwind;   /* recent chains (core/unwind_memo.h) */
	const struct unwind_chain *chain;  /* at the last exit */
	/* what the Flow panel and the log take from each of the memo's
	 * chains, worked out when the chain is unwound; and from none */
	struct chain_view views[UNWIND_MEMO_SLOTS], no_view;
	const struct chain_view *view;     /* the last exit's */
	struct chain_store chains;   /* at each recent exit, for the log */
	uint32_t layers;
	const char *device;          /* the bus range that claimed it */
	uint64_t layer_hits[FLOW_LAYERS];
	uint64_t breakpoint_hits;
	struct exit_counter numbers;  /* the guest's exits and the stops,
					 counted apart (core/exit_number.h) */
	uint64_t tx_bytes;
	uint64_t job_tx;              /* tx_bytes at a job's last exit */
	uint64_t run_ns;              /* wall time in running modes */
	uint64_t run_since;           /* when the current run began */
	uint64_t generation;
	enum vcpu_mode mode;
	/* step keys that came while a step ran, oldest first: each begun
	 * when the one before it has ended (a burst of s is that many steps) */
	enum vcpu_mode owed[VCPU_MAILBOX];
	unsigned nowed;
	struct stop_cond brks[VCPU_BREAKS];  /* vcpu_breaks.c keeps them */
	unsigned nbrks;
	char note[240];
	bool quit;
};

/* vCPU thread (vcpu_thread.c), for vcpu_job.c too: the machine rebuilt
 * (r), the last exit in t->exit looked at, a crash's report kept, the
 * current step or run ended with the mode set to next. */
void vcpu_thread_restart(struct vcpu_thread *t);
void vcpu_thread_annotate(struct vcpu_thread *t, uint64_t tx_before);
void vcpu_thread_note_crash(struct vcpu_thread *t);
void vcpu_thread_end_step(struct vcpu_thread *t, enum vcpu_mode next);
/* Run a posted job (tui/vcpu_job.h) to its end. */
void vcpu_job_run(struct vcpu_thread *t, const struct vcpu_job *job);

/* vCPU thread: take every posted command into cmds, after waiting up to
 * wait_ms for one (-1: as long as it takes, 0: not at all); returns how
 * many. */
unsigned vcpu_mailbox_take(struct vcpu_thread *t,
			   struct vcpu_cmd cmds[VCPU_MAILBOX], int wait_ms);

#endif /* TUI_VCPU_THREAD_PRIV_H */
