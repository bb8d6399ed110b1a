/*
 * tui/vcpu_snapshot.h - the vCPU thread publishing what the UI shows.
 */
#ifndef TUI_VCPU_SNAPSHOT_H
#define TUI_VCPU_SNAPSHOT_H

struct vcpu_thread;

/* vCPU thread only: fill t->snap from the VM and wake the waiters. */
void vcpu_snapshot_publish(struct vcpu_thread *t);

#endif /* TUI_VCPU_SNAPSHOT_H */
