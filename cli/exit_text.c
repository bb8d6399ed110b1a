/*
 * cli/exit_text.c - a small direct-mapped cache of exit_text, keyed by
 * everything the strings depend on: RIP, the instruction bytes (RIP-
 * relative operands, self-modifying code), CPL and the reason numbers.
 *
 * The texts (300 bytes each) are not kept in the slots: the hash spreads
 * the slots over the table, and every page of memory touched for the
 * first time costs a page fault (12 us on the PVM host, docs/BENCH.md).
 * A slot's text is the next unused one of an array given out in order,
 * so the first exits' texts share a page or two, and the array is
 * malloc'd, not calloc'd: a text is written whole before it is read, and
 * no page of it is touched before a text needs it.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/disasm.h"
#include "cli/exit_text.h"
#include "core/nested.h"

#define CACHE_SLOTS 256     /* a power of two */

struct cache_key {
	uint64_t rip;
	uint32_t reason;
	uint32_t hw_reason;
	uint8_t hw_reason_known;
	uint8_t level;
	uint8_t cpl;
	uint8_t insn_len;
	uint8_t insn[EXIT_INSN_MAX];
};

struct cache_slot {
	struct cache_key key;
	int used;
	unsigned text;   /* used: its text is texts[text] */
};

struct exit_text_cache {
	struct disasm *dis;
	struct exit_text *texts;   /* CACHE_SLOTS, given out in order */
	unsigned texts_given;
	struct cache_slot slots[CACHE_SLOTS];
};

int exit_text_cache_open(struct exit_text_cache **out)
{
	struct exit_text_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->texts = malloc(CACHE_SLOTS * sizeof(*c->texts));
	if (!c->texts || disasm_open(&c->dis)) {
		free(c->texts);
		free(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

void exit_text_cache_close(struct exit_text_cache *cache)
{
	if (!cache)
		return;
	disasm_close(cache->dis);
	free(cache->texts);
	free(cache);
}

static void make_key(const struct exit_record *exit, struct cache_key *key)
{
	memset(key, 0, sizeof(*key));   /* padding too: keys are memcmp'd */
	key->rip = exit->rip;
	key->reason = exit->reason;
	key->hw_reason = exit->hw_reason;
	key->hw_reason_known = exit->hw_reason_known;
	key->level = (uint8_t)exit->level;
	key->cpl = exit->cpl;
	key->insn_len = exit->insn_len;
	memcpy(key->insn, exit->insn, exit->insn_len);
}

/* exit_text.id's source: every cache of every thread counts here. */
static atomic_uint_fast64_t texts_made;

/* The instruction at RIP; "next: cli" where the exit came before it
 * ran (exit_before_insn()): nothing there exited. */
static void insn_words(struct exit_text_cache *c,
		       const struct exit_record *exit, struct exit_text *t)
{
	static const char next[] = "next: ";
	char insn[sizeof(t->insn) - sizeof(next) + 1];

	t->insn_size = (unsigned)disasm_one(c->dis, exit->insn, exit->insn_len,
					    exit->rip, insn, sizeof(insn));
	snprintf(t->insn, sizeof(t->insn), "%s%s",
		 exit_before_insn(exit->reason) && insn[0] ? next : "", insn);
}

static void make_text(struct exit_text_cache *c, struct vm *vm,
		      const struct exit_record *exit, struct exit_text *t)
{
	enum host_flavour flavour = vm->backend->flavour(vm);

	t->id = atomic_fetch_add(&texts_made, 1) + 1;
	exit_reason_format(exit->reason, t->reason, sizeof(t->reason));
	nested_exit_hw(flavour, exit, false, t->hw, sizeof(t->hw));
	nested_exit_hw(flavour, exit, true, t->hw_brief, sizeof(t->hw_brief));
	symtab_format(nested_symbols(vm, exit->level), exit->rip, t->sym,
		      sizeof(t->sym));
	insn_words(c, exit, t);
}

const struct exit_text *exit_text_describe(struct exit_text_cache *cache,
					   struct vm *vm,
					   const struct exit_record *exit)
{
	struct cache_key key;
	struct cache_slot *slot;

	make_key(exit, &key);
	slot = &cache->slots[(exit->rip ^ (exit->rip >> 8) ^ exit->reason) &
			     (CACHE_SLOTS - 1)];
	if (!slot->used) {
		slot->used = 1;
		slot->text = cache->texts_given++;
	} else if (memcmp(&slot->key, &key, sizeof(key)) == 0) {
		return &cache->texts[slot->text];
	}
	memcpy(&slot->key, &key, sizeof(key));
	make_text(cache, vm, exit, &cache->texts[slot->text]);
	return &cache->texts[slot->text];
}
