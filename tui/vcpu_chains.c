/*
 * tui/vcpu_chains.c - each recent exit's note: its call chain and its
 * number among the guest's own exits (see vcpu_chains.h).
 */
#include <string.h>

#include "tui/vcpu_chains.h"

static struct chain_slot *slot_of(struct chain_store *s, uint64_t seq)
{
	return &s->slots[seq % CHAIN_SLOTS];
}

void chain_store_reset(struct chain_store *s)
{
	for (unsigned i = 0; i < CHAIN_SLOTS; i++)
		atomic_store(&s->slots[i].seq, 0);
}

void chain_store_put(struct chain_store *s, uint64_t seq,
		     struct exit_number num, const char *stack, size_t len)
{
	struct chain_slot *slot = slot_of(s, seq);

	atomic_store_explicit(&slot->seq, 0, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	slot->note.num = num;
	memcpy(slot->note.stack, stack, len + 1);
	atomic_store_explicit(&slot->seq, seq, memory_order_release);
}

enum chain_found chain_store_get(struct chain_store *s, uint64_t seq,
				 struct exit_note *out)
{
	struct chain_slot *slot = slot_of(s, seq);
	uint64_t before = atomic_load_explicit(&slot->seq,
					       memory_order_acquire);

	if (before != seq)
		return before > seq ? CHAIN_GONE : CHAIN_NOT_YET;
	/* while the writer overlaps, the text need not hold a NUL (the
	 * check below throws such a copy away) */
	memcpy(out, &slot->note, sizeof(*out));
	out->stack[sizeof(out->stack) - 1] = '\0';
	atomic_thread_fence(memory_order_acquire);
	if (atomic_load_explicit(&slot->seq, memory_order_relaxed) != seq)
		return CHAIN_GONE;   /* overwritten while copied */
	return CHAIN_FOUND;
}
