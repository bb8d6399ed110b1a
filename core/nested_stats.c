/*
 * core/nested_stats.c - the nesting stage's counters, named and explained
 * once for every front end (the trace summary's text and JSON, the TUI's
 * Nesting panel).  Each name and line says the level it counts: with
 * --nested 2, L3's runs and exits have rows of their own (l3_*) beside
 * L2's.
 *
 * The figure the Turtles paper made famous is here too: how many exits of
 * L1's one reflected L2 exit causes - from the reflection to L1's next
 * run doorbell, that doorbell included.  On x86 hardware L1's VMREAD and
 * VMWRITE exit as well (Turtles measured 31 exits per port-I/O exit of
 * L2's); here L1 reads the control block as plain memory, so what is left
 * is the doorbell and the work L1's own device model does (its console).
 */
#include <stdio.h>

#include "core/nested.h"
#include "core/vm.h"

/* A row, and whether it is one of L3's (shown only with --nested 2). */
struct row {
	struct nested_stat stat;
	bool l3;
};

#define ROW(field, l3, what) { { #field, what, c->field }, l3 }

int nested_stats_of(const struct nested_counters *c, unsigned depth,
		    struct nested_stat *out, int max)
{
	bool deep = depth > 1;
	int n = 0;
	const struct row rows[] = {
		ROW(runs, false, "run doorbells that entered L2"),
		ROW(l3_runs, true, "run doorbells that entered L3"),
		ROW(entry_failures, false, "run doorbells whose block failed a "
		    "check (ZF = 1, exit 33)"),
		ROW(bad_blocks, false, "run doorbells with a bad block address "
		    "(VMfailInvalid)"),
		ROW(refused, false, "doorbells refused: not from CPL 0"),
		ROW(l2_exits, false, "exits of L2's code"),
		ROW(reflected, false, "... reflected to L1 (L1's controls "
		    "asked)"),
		ROW(handled_l0, false, "... handled in L0 alone (L1 did not "
		    "ask)"),
		ROW(l3_exits, true, "exits of L3's code"),
		ROW(l3_reflected, true, "... reflected to L1 (L1's controls "
		    "asked)"),
		ROW(l3_handled_l0, true, "... handled in L0 alone (L1 did not "
		    "ask)"),
		ROW(l1_exits_in_reflection, false, "L1's exits from a "
		    "reflection to its next run doorbell"),
		ROW(shadow_faults, false, deep
		    ? "L2- and L3-physical pages not in L0's shadows: L1's "
		      "tables walked"
		    : "L2-physical pages not in L0's shadow: L1's table "
		      "walked"),
		ROW(pages_mapped, false, "... that L0 then mapped"),
		ROW(shadow_reused, false, deep
		    ? "entries into L2 or L3 that kept their nested root's "
		      "shadow"
		    : "entries into L2 that kept their nested root's shadow"),
		ROW(shadow_rebuilt, false, "entries with a root new to L0: an "
		    "old shadow dropped"),
		ROW(invalidates, false, "invalidate doorbells"),
		ROW(pages_dropped, false, "shadow pages they dropped"),
		ROW(npf_reflected, false, "nested page faults reflected to L1"),
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]) && n < max; i++)
		if (!rows[i].l3 || deep)
			out[n++] = rows[i].stat;
	return n;
}

int nested_stats(const struct vm *vm, struct nested_stat *out, int max)
{
	const struct nested_l0 *n = vm->nested;

	return n ? nested_stats_of(&n->counters, n->depth, out, max) : 0;
}

double nested_l1_exits_per_reflection(const struct vm *vm)
{
	const struct nested_counters *c = &vm->nested->counters;
	uint64_t reflected = c->reflected + c->l3_reflected;

	return reflected ? (double)c->l1_exits_in_reflection /
			   (double)reflected : 0.0;
}

const char *nested_guest_levels(unsigned depth)
{
	return depth > 1 ? "L2 or L3" : "L2";
}

const char *nested_levels_text(const struct vm *vm, char *buf, size_t len)
{
	int pos = snprintf(buf, len, "L0 (vmscope) running L1");

	for (unsigned l = 2; l <= vm->nested->depth + 1; l++)
		if (pos >= 0 && (size_t)pos < len)
			pos += snprintf(buf + pos, len - (size_t)pos,
					" running L%u", l);
	return buf;
}
