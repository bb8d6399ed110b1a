/*
 * tui/net_keys.c - n and d in the Network panel (see tui/net_keys.h).  The
 * switch runs on the vCPU thread as a job (tui/vcpu_job.h): the card's
 * worker is stopped or started and the kick's ioeventfd moved there,
 * between two runs of the guest (core/vm_net.c).  The path switched to is
 * the machine's from then on: a restart (r) builds the card on it, not on
 * the one --net-path named.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/vm_net.h"
#include "tui/net_keys.h"
#include "tui/vcpu_job.h"
#include "tui/vcpu_thread_priv.h"

static void switch_job(void *ctx, struct vcpu_thread *t)
{
	const struct net_switch *sw = ctx;
	struct vm *vm = vcpu_job_vm(t);
	int err = vm ? vm_net_set_path(vm, sw->path) : -ENODEV;

	if (err) {
		snprintf(t->note, sizeof(t->note), "network path: cannot "
			 "switch to %s: %s", net_path_names[sw->path],
			 strerror(-err));
		return;
	}
	t->cfg.vm.net.path = sw->path;   /* what r builds the card on */
	snprintf(t->note, sizeof(t->note), "network path: %s now (c goes on)",
		 net_path_names[sw->path]);
}

bool net_keys_next_path(struct tui_model *m, struct vcpu_thread *t,
			struct net_switch *sw)
{
	struct vcpu_job job = { switch_job, sw };

	if (!model_net(m)) {
		snprintf(m->ui_note, sizeof(m->ui_note), "no network card: "
			 "start vmscope with --net");
		return false;
	}
	sw->path = (enum net_path)((m->snap.net.path + 1) % NET_PATHS);
	m->ui_note[0] = '\0';
	if (vcpu_thread_job(t, &job)) {
		snprintf(m->ui_note, sizeof(m->ui_note), "busy: the guest has "
			 "not taken the last commands");
		return false;
	}
	return true;
}

void net_keys_toggle_ring(struct tui_model *m)
{
	m->net_ring = !m->net_ring;
	m->ui_note[0] = '\0';
}
