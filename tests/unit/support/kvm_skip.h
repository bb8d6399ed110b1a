/*
 * tests/unit/support/kvm_skip.h - why a unit test that needs hardware KVM
 * skips on this host, in words that are true of it.
 *
 * Three hosts, three reasons: one with no usable /dev/kvm at all (the
 * backend's own words: "cannot open /dev/kvm: No such file or
 * directory"), one whose KVM is PVM (ring 0 runs in KVM's instruction
 * emulator, not on silicon), and one with hardware KVM that lacks the
 * capability the test needs (the host probe's words).  The facts are
 * gathered apart from the wording, so tests/unit/test_kvm_skip.c checks
 * the wording of every case on any host.
 */
#ifndef TESTS_UNIT_SUPPORT_KVM_SKIP_H
#define TESTS_UNIT_SUPPORT_KVM_SKIP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/exit.h"

struct kvm_skip_facts {
	bool opens;                /* /dev/kvm opens and speaks our API */
	const char *open_why;      /* ... or why not */
	enum host_flavour flavour; /* what runs the guest under KVM */
	const char *capability;    /* the probe's name for what the test
				      needs ("single_step_ring0") */
	bool capable;              /* ... and whether this host has it */
	const char *capable_why;   /* ... the probe's reason when not */
};

/* True when the test must skip, with the reason in why (the first fact
 * that fails, in the order above); false when it can run. */
bool kvm_skip_reason(const struct kvm_skip_facts *f, char *why, size_t len);
/* This host's facts for capability, then kvm_skip_reason(). */
bool kvm_skip_hardware(const char *capability, char *why, size_t len);

#endif /* TESTS_UNIT_SUPPORT_KVM_SKIP_H */
