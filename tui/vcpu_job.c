/*
 * tui/vcpu_job.c - running a front end's job on the vCPU thread (see
 * vcpu_job.h).
 */
#include <stdio.h>

#include "core/clock.h"
#include "tui/vcpu_job.h"
#include "tui/vcpu_snapshot.h"
#include "tui/vcpu_thread_priv.h"

int vcpu_thread_job(struct vcpu_thread *t, const struct vcpu_job *job)
{
	return vcpu_thread_post(t, &(struct vcpu_cmd){ .kind = VCMD_JOB,
						       .job = *job });
}

void vcpu_job_run(struct vcpu_thread *t, const struct vcpu_job *job)
{
	vcpu_thread_end_step(t, VCPU_PAUSED);
	t->note[0] = '\0';
	t->mode = VCPU_JOB;
	t->run_since = clock_now_ns();
	t->job_tx = t->tx_bytes;
	vcpu_snapshot_publish(t);
	job->run(job->ctx, t);
	if (!t->vm_alive) {
		t->mode = VCPU_ENDED;
		return;
	}
	vcpu_thread_end_step(t, t->vm.state == VM_RUNNING ? VCPU_PAUSED
							  : VCPU_ENDED);
	vcpu_thread_note_crash(t);
}

struct vm *vcpu_job_vm(struct vcpu_thread *t)
{
	return t->vm_alive ? &t->vm : NULL;
}

void vcpu_job_exit(struct vcpu_thread *t, const struct exit_record *exit)
{
	atomic_store_explicit(&t->last_exit_ns, clock_now_ns(),
			      memory_order_relaxed);
	t->exit = *exit;
	t->have_exit = true;
	/* the bytes sent since the job's last exit are this exit's */
	vcpu_thread_annotate(t, t->job_tx);
	t->job_tx = t->tx_bytes;
	if (atomic_exchange(&t->want_snapshot, 0))
		vcpu_snapshot_publish(t);
}

void vcpu_job_publish(struct vcpu_thread *t)
{
	vcpu_snapshot_publish(t);
}

struct vm *vcpu_job_boot(struct vcpu_thread *t,
			 const struct vcpu_thread_config *cfg, char *err,
			 size_t len)
{
	t->cfg = *cfg;
	vcpu_thread_restart(t);
	t->job_tx = t->tx_bytes;
	if (!t->vm_alive) {
		snprintf(err, len, "%s", t->note);
		return NULL;
	}
	t->mode = VCPU_JOB;
	t->run_since = clock_now_ns();
	return &t->vm;
}
