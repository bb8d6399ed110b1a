/*
 * tests/unit/support/kvm_skip.c - see kvm_skip.h.
 */
#include <stdio.h>

#include "kvm/kvm.h"
#include "kvm/probe.h"
#include "tests/unit/support/kvm_skip.h"

bool kvm_skip_reason(const struct kvm_skip_facts *f, char *why, size_t len)
{
	if (!f->opens) {
		snprintf(why, len, "no KVM on this host: %s", f->open_why);
		return true;
	}
	if (f->flavour != HOST_VMX && f->flavour != HOST_SVM) {
		snprintf(why, len, "this host's KVM is %s, not hardware VMX "
			 "or SVM: ring 0 runs in KVM's emulator, not on "
			 "silicon", host_flavour_name(f->flavour));
		return true;
	}
	if (!f->capable) {
		snprintf(why, len, "this host's hardware KVM (%s) lacks %s: %s",
			 host_flavour_name(f->flavour), f->capability,
			 f->capable_why);
		return true;
	}
	return false;
}

bool kvm_skip_hardware(const char *capability, char *why, size_t len)
{
	char open_why[160], capable_why[256];
	struct kvm_skip_facts f = {
		.open_why = open_why, .capability = capability,
		.capable_why = capable_why,
	};

	f.opens = kvm_backend_available(open_why, sizeof(open_why));
	f.flavour = probe_host_flavour();
	f.capable = f.opens && probe_require(capability, capable_why,
					     sizeof(capable_why));
	return kvm_skip_reason(&f, why, len);
}
