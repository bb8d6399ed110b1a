/*
 * tests/unit/support/irq_log.h - what a device under test did with its
 * interrupt line: every level it set, in order.
 *
 * A device test hands irq_log_record to the device as its set_irq
 * callback, with the log as the opaque pointer, then asserts on
 * levels[0 .. count).  Devices report every change (and their level at
 * once when connected), so the log reads as the line's history.
 */
#ifndef TESTS_UNIT_SUPPORT_IRQ_LOG_H
#define TESTS_UNIT_SUPPORT_IRQ_LOG_H

#define IRQ_LOG_MAX 64

struct irq_log {
	int levels[IRQ_LOG_MAX];
	unsigned count;
};

/* A set_irq callback: log is the struct irq_log.  Fails the test when
 * the device sets its line more than IRQ_LOG_MAX times. */
void irq_log_record(void *log, int level);

#endif /* TESTS_UNIT_SUPPORT_IRQ_LOG_H */
