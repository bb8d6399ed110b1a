/*
 * cli/trace_summary.h - the end-of-run summary, in the style of
 * `perf kvm stat report`: per exit reason, count, share, min/avg/max
 * handling time; then the backend's own counters (KVM's binary stats), so
 * the student sees how many exits never reached vmscope at all.
 */
#ifndef CLI_TRACE_SUMMARY_H
#define CLI_TRACE_SUMMARY_H

#include <stdio.h>

#include "core/vm.h"

void trace_summary_text(struct vm *vm, FILE *out);
void trace_summary_json(struct vm *vm, FILE *out);
/*
 * What a counter of the backend counts on this flavour, for the summary;
 * NULL for one the summary leaves out: not worth a student's attention,
 * or not counting on this flavour what its name says (io_exits on PVM).
 */
const char *trace_counter_meaning(enum host_flavour flavour,
				  const char *name);
/* The counters part of the text summary: each shown counter with its
 * meaning, what was left out and why, and how many exits the kernel kept
 * (reached: the exits that reached vmscope). */
void trace_summary_counters(enum host_flavour flavour, const char *backend,
			    const struct backend_counter *counters, int n,
			    uint64_t reached, FILE *out);

#endif /* CLI_TRACE_SUMMARY_H */
