/*
 * kvm/probe.h - the host probe behind `vmscope doctor`.
 *
 * What this host's KVM is and what it can do, found out two ways:
 *
 *   - asked of the host: which KVM module is loaded (kvm_intel: VMX,
 *     kvm_amd: SVM, kvm_pvm: PVM), whether it runs nested (the CPU's
 *     CPUID hypervisor bit), the KVM API version and, one by one, each
 *     capability vmscope relies on (KVM_CHECK_EXTENSION);
 *   - measured with the probe guests (guest/probes/): int $0x80 and
 *     syscall from ring 3, hardware breakpoints and single-stepping in
 *     ring 0 and ring 3, the cost of one port-I/O exit; and with two
 *     ordinary guests: an interrupt from vmscope's PIC injected into the
 *     vCPU (echo, typed at) and KVM's dirty-page log of the VGA window
 *     (hello); and netrx with a virtio-net card on the vhost path: do
 *     its kicks reach the worker by KVM_IOEVENTFD, with no exit?  And,
 *     asked of a scratch VM: can --irqchip kernel have KVM's in-kernel
 *     irqchip and an irqfd with resampling?  Each
 *     finding is what a guest instruction was seen to do,
 *     through vmscope's own backend and run loop, with a bounded number
 *     of exits and time; a guest that cannot be started makes a finding
 *     "unknown" with the reason.
 *
 * The backend choice and the tests' skip decisions use the same probe
 * (probe_require) and print its reason.
 */
#ifndef KVM_PROBE_H
#define KVM_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/exit.h"

/* A measured finding: works, does not, or could not be found out. */
enum probe_verdict {
	PROBE_UNKNOWN,
	PROBE_YES,
	PROBE_NO,
};

struct probe_finding {
	enum probe_verdict works;
	char result[24];      /* one word for scripts: "ud", "fires", ... */
	char detail[200];     /* what the guest did, or why unknown */
};

/* The findings measured with guests, in the order they are made; each
 * ring-3 finding follows its ring-0 twin (RING0 + 1 == RING3).  The
 * first six are probe_ring3's, the last three one guest's each. */
enum probe_finding_id {
	PROBE_INT80_RING3,       /* YES: vector 0x80 arrives in ring 0 */
	PROBE_SYSCALL_RING3,     /* YES: the LSTAR handler runs in ring 0 */
	PROBE_HW_BP_RING0,       /* YES: KVM_EXIT_DEBUG at the breakpoint */
	PROBE_HW_BP_RING3,
	PROBE_SINGLE_STEP_RING0, /* YES: a KVM_EXIT_DEBUG per instruction */
	PROBE_SINGLE_STEP_RING3,
	PROBE_IRQ_INJECTION,     /* YES: IRQ 1 injected, the driver reads
				    0x60, echo ends with status 0 */
	PROBE_DIRTY_LOG,         /* YES: KVM_GET_DIRTY_LOG shows the page
				    hello's console wrote at 0xb8000 */
	PROBE_NET_IOEVENTFD,     /* YES: netrx on the vhost path, its kicks
				    of the receive queue all absorbed by
				    KVM_IOEVENTFD (none exited) */
	PROBE_IRQFD,             /* YES: KVM_CREATE_IRQCHIP and KVM_IRQFD
				    with a resample eventfd accepted (a
				    scratch VM; --irqchip kernel) */
	PROBE_FINDINGS,
};

/* One KVM_CHECK_EXTENSION answer. */
struct probe_cap {
	const char *name;     /* "SYNC_REGS" */
	const char *use;      /* what vmscope uses it for */
	int value;            /* KVM's answer: 0 absent, > 0 present */
};

#define PROBE_CAPS_MAX 16

struct probe_exit_cost {
	enum probe_verdict measured;
	double ring0_us;      /* median per exit, one run of OUTs in ring 0 */
	double ring3_us;      /* the same in ring 3 */
	int runs;             /* runs per ring */
	int exits_per_run;
	char detail[200];
};

struct probe_report {
	/* The host */
	bool kvm_available;
	char kvm_why[160];            /* why not, or "/dev/kvm opens, ..." */
	int api_version;              /* 0 when /dev/kvm did not open */
	enum host_flavour flavour;
	char flavour_why[160];
	enum probe_verdict nested;    /* KVM itself runs inside a VM */
	char nested_why[160];
	struct probe_cap caps[PROBE_CAPS_MAX];
	int ncaps;
	/* Measured with probe guests */
	struct probe_finding findings[PROBE_FINDINGS];
	struct probe_exit_cost exit_cost;
};

/*
 * Which KVM /dev/kvm is, from the loaded modules alone (cheap: no VM is
 * created).  HOST_VMX when nothing tells; the reason goes to why (may be
 * NULL).
 */
enum host_flavour probe_host_flavour_why(char *why, size_t len);
enum host_flavour probe_host_flavour(void);

/* "int80_ring3" (the JSON key and probe_require() name) and "int $0x80
 * from ring 3" (the title people read) of a finding. */
const char *probe_finding_key(enum probe_finding_id id);
const char *probe_finding_title(enum probe_finding_id id);

/* Fill the whole report.  Returns 0; a finding that could not be made is
 * PROBE_UNKNOWN with its reason, never an error. */
int probe_run(struct probe_report *r);
/* The report for a person, and as one JSON object (one line). */
void probe_print(const struct probe_report *r, FILE *out);
void probe_print_json(const struct probe_report *r, FILE *out);

/*
 * The names probe_require() takes, as the report prints them: "kvm",
 * each KVM capability ("SYNC_REGS": KVM_CAP_SYNC_REGS) and each finding's
 * key (probe_finding_key).  The i-th one, NULL past the last.
 */
const char *probe_name(size_t i);
/* Is `capability` one of them (in any case)? */
bool probe_knows(const char *capability);
/*
 * Does this host have `capability` (a probe_name, in any case)?
 * Asks the host once per process, and runs only the guest that makes the
 * finding asked for (once).  Returns true, or false with the
 * reason in why (an unknown name is false too, and says so).
 */
bool probe_require(const char *capability, char *why, size_t len);

#endif /* KVM_PROBE_H */
