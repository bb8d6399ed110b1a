/*
 * core/nested_reflect.c - who handles an exit of L2's: the visible rule.
 *
 * The question KVM's nested_vmx_reflect_vmexit() (arch/x86/kvm/vmx/
 * nested.c) answers at every exit of a nested guest, asked in the same
 * order:
 *   0. L0 wants it: a shadow fault (an EPT violation on a page L1's
 *      nested table maps, but L0's shadow did not have yet) is L0's to
 *      fix - L1 never hears of it;
 *   1. the doorbell from L2: always L1's - L2's hypervisor is L1, and L0
 *      offers its interface to L1 only (--nested 2 runs on this);
 *   2. L1's controls ask for it (its I/O bitmap has the port, it
 *      intercepts HLT or CPUID or external interrupts, it asked for the
 *      NMI window, its exception bitmap has the vector, its nested page
 *      table does not map the address) -> reflected to L1;
 *   3. a port L1 does not intercept -> L0's own device model, directly:
 *      the Turtles paper's "multi-level device assignment";
 *   4. anything else L0 intercepted for itself (NESTED_L0_INTERCEPTS) is
 *      L0's to handle.
 * L0's intercepts are OR'ed with L1's (core/nested_run.c runs L2 with
 * both), so an L1 that clears one L0 needs only moves the exit to rule 4.
 * The rule's words go into the exit record: the trace shows them.  An L2
 * loop makes the same exit under the same controls again and again, so
 * nested_decide_memo() keeps the last decision with everything it was made
 * on and hands it back unprinted when all of it is the same.
 */
#include <stdio.h>
#include <string.h>

#include "core/nested.h"

static const char *const verdict_text[] = {
	[NESTED_NOT_NESTED] = "",
	[NESTED_REFLECT] = "reflected to L1",
	[NESTED_L0_HANDLES] = "handled in L0",
	[NESTED_L0_DEVICE] = "handled in L0",
};

const char *nested_verdict_text(uint32_t verdict)
{
	if (verdict >= sizeof(verdict_text) / sizeof(verdict_text[0]))
		return "?";
	return verdict_text[verdict];
}

const char *nested_exit_format(uint32_t reason, char *buf, size_t len)
{
	const char *name;

	switch (reason) {
	case NESTED_EXIT_EXCEPTION: name = "EXCEPTION_NMI"; break;
	case NESTED_EXIT_EXTINT: name = "EXTERNAL_INTERRUPT"; break;
	case NESTED_EXIT_TRIPLE_FAULT: name = "TRIPLE_FAULT"; break;
	case NESTED_EXIT_NMI_WINDOW: name = "NMI_WINDOW"; break;
	case NESTED_EXIT_CPUID: name = "CPUID"; break;
	case NESTED_EXIT_HLT: name = "HLT"; break;
	case NESTED_EXIT_IO: name = "IO_INSTRUCTION"; break;
	case NESTED_EXIT_ENTRY_FAILED: name = "INVALID_STATE"; break;
	case NESTED_EXIT_NPF: name = "EPT_VIOLATION"; break;
	default: name = "UNKNOWN"; break;
	}
	snprintf(buf, len, "%s(%u)", name, reason);
	return buf;
}

bool nested_exit_of_l2(const struct exit_record *exit)
{
	/* (an L2 run vmscope stopped itself - a step, a kick - has no VMX
	 * reason) */
	return exit->level > 0 && exit->nest.l2_reason != NESTED_EXIT_NONE;
}

const char *nested_exit_hw(enum host_flavour flavour,
			   const struct exit_record *exit, bool brief,
			   char *buf, size_t len)
{
	if (nested_exit_of_l2(exit))
		return nested_exit_format(exit->nest.l2_reason, buf, len);
	return brief ? exit_hw_brief(flavour, exit, buf, len)
		     : exit_hw_describe(flavour, exit, buf, len);
}

bool nested_io_intercepted(const struct nested_controls *c, uint16_t port,
			   unsigned size)
{
	if (!(c->intercepts & NESTED_INTERCEPT_IO))
		return false;
	/* An access that wraps from port 0xffff to 0 always exits where
	 * the bitmaps are used (SDM Vol. 3C, 26.1.3 "I/O Instructions"). */
	if ((unsigned)port + size > 0x10000)
		return true;
	for (unsigned i = 0; i < size; i++) {
		unsigned p = (port + i) & 0xffff;

		if (c->io_bitmap[p / 8] & (1u << (p % 8)))
			return true;
	}
	return false;
}

static bool is_doorbell(uint16_t port)
{
	return port >= NESTED_PORT_RUN && port < NESTED_PORT_INVALIDATE + 4;
}

static enum nested_verdict decide_io(const struct nested_controls *c,
				     const struct nested_exit *e, char *rule,
				     size_t len)
{
	if (is_doorbell(e->port)) {
		snprintf(rule, len, "port 0x%x is the doorbell: L2's "
			 "hypervisor is L1", e->port);
		return NESTED_REFLECT;
	}
	if (nested_io_intercepted(c, e->port, e->size)) {
		if ((unsigned)e->port + e->size > 0x10000)
			snprintf(rule, len, "an access at port 0x%x wraps "
				 "past 0xffff: L1's, whatever its I/O bitmap",
				 e->port);
		else
			snprintf(rule, len, "L1's I/O bitmap has port 0x%x",
				 e->port);
		return NESTED_REFLECT;
	}
	snprintf(rule, len, "port 0x%x is not in L1's I/O bitmap: L0's "
		 "device", e->port);
	return NESTED_L0_DEVICE;
}

enum nested_verdict nested_decide(const struct nested_controls *c,
				  const struct nested_exit *e, char *rule,
				  size_t len)
{
	switch (e->reason) {
	case NESTED_EXIT_IO:
		return decide_io(c, e, rule, len);
	case NESTED_EXIT_HLT:
		if (c->intercepts & NESTED_INTERCEPT_HLT) {
			snprintf(rule, len, "L1 intercepts HLT");
			return NESTED_REFLECT;
		}
		snprintf(rule, len, "HLT: L1 does not intercept it");
		return NESTED_L0_HANDLES;
	case NESTED_EXIT_CPUID:
		if (c->intercepts & NESTED_INTERCEPT_CPUID) {
			snprintf(rule, len, "L1 intercepts CPUID");
			return NESTED_REFLECT;
		}
		snprintf(rule, len, "CPUID: L1 does not intercept it");
		return NESTED_L0_HANDLES;
	case NESTED_EXIT_EXCEPTION:
		if ((e->vector < 32) && (c->exception_bitmap >> e->vector) & 1) {
			snprintf(rule, len, "L1's exception bitmap has vector "
				 "%u", e->vector);
			return NESTED_REFLECT;
		}
		snprintf(rule, len, "vector %u is not in L1's exception "
			 "bitmap", e->vector);
		return NESTED_L0_HANDLES;
	case NESTED_EXIT_NPF:
		if (e->walk == NESTED_WALK_OK) {
			snprintf(rule, len, "shadow fault, L1 maps it");
			return NESTED_L0_HANDLES;
		}
		snprintf(rule, len, "%s: L2-physical 0x%llx",
			 nested_walk_text((enum nested_walk_result)e->walk),
			 (unsigned long long)e->gpa);
		return NESTED_REFLECT;
	case NESTED_EXIT_EXTINT:
		/* L0 makes this exit only for an L1 that intercepts them
		 * (core/nested_run.c); otherwise the interrupt waits. */
		snprintf(rule, len, "IRQ %u is L1's, and L1 intercepts "
			 "external interrupts", e->irq);
		return NESTED_REFLECT;
	case NESTED_EXIT_TRIPLE_FAULT:
		snprintf(rule, len, "a triple fault always exits to L1");
		return NESTED_REFLECT;
	case NESTED_EXIT_NMI_WINDOW:
		/* L0 makes it only for an L1 that asked (core/
		 * nested_boundary.c) */
		snprintf(rule, len, "L1 asked for the NMI window: L2 can "
			 "take an NMI");
		return NESTED_REFLECT;
	default:
		snprintf(rule, len, "L0's own (not an exit L1 can ask for)");
		return NESTED_L0_HANDLES;
	}
}

static bool same_exit(const struct nested_exit *a, const struct nested_exit *b)
{
	return a->reason == b->reason && a->port == b->port &&
	       a->size == b->size && a->vector == b->vector &&
	       a->gpa == b->gpa && a->walk == b->walk && a->irq == b->irq;
}

enum nested_verdict nested_decide_memo(struct nested_rule_memo *m,
				       const struct nested_controls *c,
				       const struct nested_exit *e, char *rule,
				       size_t rule_len)
{
	bool io = e->reason == NESTED_EXIT_IO &&
		  nested_io_intercepted(c, e->port, e->size);
	size_t len;

	if (!(m->valid && same_exit(&m->e, e) &&
	      m->intercepts == c->intercepts &&
	      m->exception_bitmap == c->exception_bitmap &&
	      m->io_intercepted == io)) {
		m->verdict = nested_decide(c, e, m->rule, sizeof(m->rule));
		m->e = *e;
		m->intercepts = c->intercepts;
		m->exception_bitmap = c->exception_bitmap;
		m->io_intercepted = io;
		m->valid = true;
	}
	len = strnlen(m->rule, rule_len - 1);
	memcpy(rule, m->rule, len);
	rule[len] = '\0';
	return m->verdict;
}
