/*
 * core/nested_stats.c - the nesting stage's counters, named and explained
 * once for every front end (the trace summary's text and JSON, the TUI's
 * Nesting panel).
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

#define ROW(field, what) { #field, what, c->field }

int nested_stats_of(const struct nested_counters *c, struct nested_stat *out,
		    int max)
{
	int n = 0;
	const struct nested_stat rows[] = {
		ROW(runs, "run doorbells that entered L2"),
		ROW(entry_failures, "run doorbells whose block failed a check "
		    "(VMfailValid)"),
		ROW(bad_blocks, "run doorbells with a bad block address "
		    "(VMfailInvalid)"),
		ROW(refused, "doorbells refused: not from CPL 0"),
		ROW(l2_exits, "exits of L2's code"),
		ROW(reflected, "... reflected to L1 (L1's controls asked)"),
		ROW(handled_l0, "... handled in L0 alone (L1 did not ask)"),
		ROW(l1_exits_in_reflection, "L1's exits from a reflection to "
		    "its next run doorbell"),
		ROW(shadow_faults, "L2-physical pages not in L0's shadow: "
		    "L1's table walked"),
		ROW(pages_mapped, "... that L0 then mapped"),
		ROW(shadow_reused, "entries into L2 that kept their nested "
		    "root's shadow"),
		ROW(shadow_rebuilt, "entries with a root new to L0: an old "
		    "shadow dropped"),
		ROW(invalidates, "invalidate doorbells"),
		ROW(pages_dropped, "shadow pages they dropped"),
		ROW(npf_reflected, "nested page faults reflected to L1"),
	};

	for (; n < max && n < (int)(sizeof(rows) / sizeof(rows[0])); n++)
		out[n] = rows[n];
	return n;
}

int nested_stats(const struct vm *vm, struct nested_stat *out, int max)
{
	return vm->nested ? nested_stats_of(&vm->nested->counters, out, max)
			  : 0;
}

double nested_l1_exits_per_reflection(const struct vm *vm)
{
	const struct nested_counters *c = &vm->nested->counters;

	return c->reflected ? (double)c->l1_exits_in_reflection /
			      (double)c->reflected : 0.0;
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
