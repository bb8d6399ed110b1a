/*
 * cli/crash_report.h - what a person needs when the guest crashed: the
 * reason, where (RIP with symbol and instruction) and the registers.
 */
#ifndef CLI_CRASH_REPORT_H
#define CLI_CRASH_REPORT_H

#include <stdio.h>

#include "cli/exit_text.h"
#include "core/vm.h"

void crash_report(struct vm *vm, struct exit_text_cache *cache,
		  const struct exit_record *last, FILE *out);

#endif /* CLI_CRASH_REPORT_H */
