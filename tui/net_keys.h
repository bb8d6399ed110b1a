/*
 * tui/net_keys.h - the Network panel's keys: n switches the card's receive
 * path to the next one (emulated, vhost, zerocopy, emulated, ...); d shows
 * the receive ring instead of the counters, and back.
 */
#ifndef TUI_NET_KEYS_H
#define TUI_NET_KEYS_H

#include "tui/model.h"
#include "tui/vcpu_thread.h"

/* What n asks for; lives as long as the thread takes commands. */
struct net_switch {
	enum net_path path;
};

/*
 * Ask the vCPU thread to switch to the path after the one in m's snapshot
 * (a job: the guest stops, the key bar says what happened, c goes on).
 * False, with the reason in m->ui_note, when the machine has no card or
 * the thread is busy.
 */
bool net_keys_next_path(struct tui_model *m, struct vcpu_thread *t,
			struct net_switch *sw);

/* d: the ring, or the counters again; the key bar says which. */
void net_keys_toggle_ring(struct tui_model *m);

#endif /* TUI_NET_KEYS_H */
