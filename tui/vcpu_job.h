/*
 * tui/vcpu_job.h - a front end's work on the vCPU thread, with the VM.
 *
 * The lesson engine runs the guest itself (core/lesson_run.h): it calls
 * vm_run_exit() in a loop of its own and checks each exit.  So that the
 * panels watch that very run, the Lesson panel posts it to the vCPU thread
 * as a job.  The thread runs it with the guest stopped, in mode VCPU_JOB,
 * and takes no other command until it returns (a job must be bounded, as
 * every lesson run is).  Inside, the job tells the thread about each exit
 * it ran (vcpu_job_exit), which the thread then looks at exactly as at an
 * exit of its own: unwound, counted per layer, in the snapshot.
 *
 * Every function here but vcpu_thread_job() is for the vCPU thread,
 * inside a job.
 */
#ifndef TUI_VCPU_JOB_H
#define TUI_VCPU_JOB_H

#include <stddef.h>

#include "tui/vcpu_thread.h"

/* Post a job (UI thread): -EAGAIN when the mailbox is full. */
int vcpu_thread_job(struct vcpu_thread *t, const struct vcpu_job *job);

/* The machine, or NULL when it could not be rebuilt. */
struct vm *vcpu_job_vm(struct vcpu_thread *t);
/* The job ran exit on the machine (valid until its next run). */
void vcpu_job_exit(struct vcpu_thread *t, const struct exit_record *exit);
/* Publish a snapshot now: the job is about to wait for the student. */
void vcpu_job_publish(struct vcpu_thread *t);
/*
 * Swap the machine for one built afresh from cfg (a retry's, or a lesson
 * step's own machine, which may be another guest on another backend): the
 * old one is destroyed first, under the lock the UI reads the VM with, and
 * the generation moves on, as at r (tui/vcpu_thread.h), so no panel mixes
 * the two.  cfg's image must stay until the next swap or the thread's
 * end.  The new machine, or NULL with why in err (then the thread has
 * none: the job ends the guest).
 */
struct vm *vcpu_job_boot(struct vcpu_thread *t,
			 const struct vcpu_thread_config *cfg, char *err,
			 size_t len);

#endif /* TUI_VCPU_JOB_H */
