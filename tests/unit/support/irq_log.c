/*
 * tests/unit/support/irq_log.c - the interrupt-line log of device tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "tests/unit/support/irq_log.h"

void irq_log_record(void *log, int level)
{
	struct irq_log *l = log;

	assert_true(l->count < IRQ_LOG_MAX);
	l->levels[l->count++] = level;
}
