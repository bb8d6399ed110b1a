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

#endif /* CLI_TRACE_SUMMARY_H */
