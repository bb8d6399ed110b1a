/*
 * kvm/probe.c - the host probe: what /dev/kvm is, and what it can do.
 *
 * The host half lives here: the KVM module that is loaded (which decides
 * the flavour), whether this host is itself a virtual machine (then KVM
 * runs nested), the API version and the capabilities vmscope uses.  The
 * guest half - findings measured by running guests - is in
 * kvm/probe_guests.c and kvm/probe_devices.c; the printing in
 * kvm/probe_print.c.
 */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvm/kvm.h"
#include "kvm/probe.h"
#include "kvm/probe_guests.h"

/* CPUID leaf 1, ECX bit 31: "a hypervisor is present" (reserved for that
 * use by Intel and AMD); leaf 0x40000000: the hypervisor's signature. */
#define CPUID_FEATURES        1
#define CPUID_ECX_HYPERVISOR  (1u << 31)
#define CPUID_HYPERVISOR_BASE 0x40000000u

static const struct {
	const char *name;
	int cap;
	const char *use;
} cap_table[] = {
	{ "USER_MEMORY", KVM_CAP_USER_MEMORY,
	  "guest RAM is vmscope's own mapping" },
	{ "SET_TSS_ADDR", KVM_CAP_SET_TSS_ADDR,
	  "VMX needs three pages of its own" },
	{ "EXT_CPUID", KVM_CAP_EXT_CPUID,
	  "KVM_SET_CPUID2: CPUID answers inside the guest" },
	{ "SYNC_REGS", KVM_CAP_SYNC_REGS,
	  "registers in kvm_run: no extra ioctl per exit" },
	{ "IMMEDIATE_EXIT", KVM_CAP_IMMEDIATE_EXIT,
	  "kicking the vCPU out of KVM_RUN" },
	{ "SET_GUEST_DEBUG", KVM_CAP_SET_GUEST_DEBUG,
	  "single-stepping and hardware breakpoints" },
	{ "BINARY_STATS_FD", KVM_CAP_BINARY_STATS_FD,
	  "KVM's own exit counters for the summary" },
	{ "IRQCHIP", KVM_CAP_IRQCHIP,
	  "--irqchip kernel: the 8259 (and a LAPIC) in the kernel" },
	{ "IOEVENTFD", KVM_CAP_IOEVENTFD,
	  "guest kicks that never return to vmscope" },
	{ "IRQFD", KVM_CAP_IRQFD,
	  "interrupts injected without vmscope's thread" },
	{ "IRQFD_RESAMPLE", KVM_CAP_IRQFD_RESAMPLE,
	  "a level-triggered line over an irqfd (virtio-net's)" },
	{ "NR_MEMSLOTS", KVM_CAP_NR_MEMSLOTS,
	  "--nested: L2's shadow address space, a slot per range" },
	{ "READONLY_MEM", KVM_CAP_READONLY_MEM,
	  "--nested: pages L1 maps read-only to L2" },
};
#define CAP_COUNT (sizeof(cap_table) / sizeof(cap_table[0]))

static const struct {
	const char *key;
	const char *title;
} finding_names[PROBE_FINDINGS] = {
	[PROBE_INT80_RING3] = { "int80_ring3", "int $0x80 from ring 3" },
	[PROBE_SYSCALL_RING3] = { "syscall_ring3", "syscall from ring 3" },
	[PROBE_HW_BP_RING0] = { "hw_breakpoints_ring0",
				"hardware breakpoint, ring 0" },
	[PROBE_HW_BP_RING3] = { "hw_breakpoints_ring3",
				"hardware breakpoint, ring 3" },
	[PROBE_SINGLE_STEP_RING0] = { "single_step_ring0",
				      "single-step, ring 0" },
	[PROBE_SINGLE_STEP_RING3] = { "single_step_ring3",
				      "single-step, ring 3" },
	[PROBE_IRQ_INJECTION] = { "irq_injection", "interrupt injection" },
	[PROBE_DIRTY_LOG] = { "dirty_log", "VGA dirty-page log" },
	[PROBE_NET_IOEVENTFD] = { "net_ioeventfd",
				  "virtio-net kicks by ioeventfd" },
	[PROBE_IRQFD] = { "irqfd", "in-kernel irqchip and irqfd" },
};

/* The guest run that makes each finding; one run makes all of
 * probe_ring3's. */
static void (*const finding_guest[PROBE_FINDINGS])(struct probe_report *) = {
	[PROBE_INT80_RING3] = probe_guest_ring3,
	[PROBE_SYSCALL_RING3] = probe_guest_ring3,
	[PROBE_HW_BP_RING0] = probe_guest_ring3,
	[PROBE_HW_BP_RING3] = probe_guest_ring3,
	[PROBE_SINGLE_STEP_RING0] = probe_guest_ring3,
	[PROBE_SINGLE_STEP_RING3] = probe_guest_ring3,
	[PROBE_IRQ_INJECTION] = probe_guest_irq,
	[PROBE_DIRTY_LOG] = probe_guest_dirty_log,
	[PROBE_NET_IOEVENTFD] = probe_guest_net,
	[PROBE_IRQFD] = probe_irqchip,
};

const char *probe_finding_key(enum probe_finding_id id)
{
	return finding_names[id].key;
}

const char *probe_finding_title(enum probe_finding_id id)
{
	return finding_names[id].title;
}

static bool module_loaded(const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return access(path, F_OK) == 0;
}

/* The first line of /sys/module/<module>/parameters/<param>, or "". */
static void module_param(const char *module, const char *param, char *buf,
			 size_t len)
{
	char path[128];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", module,
		 param);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static bool cpu_has_flag(const char *flag)
{
	char line[4096], word[32];
	FILE *f = fopen("/proc/cpuinfo", "r");
	bool found = false;

	if (!f)
		return false;
	snprintf(word, sizeof(word), " %s ", flag);
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5) != 0)
			continue;
		line[strcspn(line, "\n")] = ' ';
		found = strstr(line, word) != NULL;
		break;
	}
	fclose(f);
	return found;
}

enum host_flavour probe_host_flavour_why(char *why, size_t len)
{
	char dummy[1];

	if (!why) {
		why = dummy;
		len = sizeof(dummy);
	}
	if (module_loaded("kvm_pvm")) {
		snprintf(why, len, "module kvm_pvm is loaded: KVM's PVM runs "
			 "guests without VMX or SVM (ring 0 emulated, ring 3 "
			 "native)");
		return HOST_PVM;
	}
	if (module_loaded("kvm_intel")) {
		snprintf(why, len, "module kvm_intel is loaded: hardware "
			 "VMX (Intel VT-x)");
		return HOST_VMX;
	}
	if (module_loaded("kvm_amd")) {
		snprintf(why, len, "module kvm_amd is loaded: hardware SVM "
			 "(AMD-V)");
		return HOST_SVM;
	}
	if (cpu_has_flag("svm")) {
		snprintf(why, len, "no KVM vendor module in /sys/module; the "
			 "CPU has the svm flag");
		return HOST_SVM;
	}
	snprintf(why, len, "no KVM vendor module in /sys/module; assuming "
		 "VMX");
	return HOST_VMX;
}

enum host_flavour probe_host_flavour(void)
{
	return probe_host_flavour_why(NULL, 0);
}

/* Nested: is this host itself a guest?  Then every exit of our guest is
 * an exit of the host's KVM first, handled by the hypervisor below it. */
static void probe_nested(struct probe_report *r)
{
	unsigned a, b, c, d;
	char sig[13] = "", param[16] = "";
	const char *module = r->flavour == HOST_SVM ? "kvm_amd" : "kvm_intel";

	__cpuid(CPUID_FEATURES, a, b, c, d);
	if (r->flavour != HOST_PVM)
		module_param(module, "nested", param, sizeof(param));
	if (!(c & CPUID_ECX_HYPERVISOR)) {
		snprintf(r->nested_why, sizeof(r->nested_why),
			 "the CPU does not set the CPUID hypervisor bit: KVM "
			 "runs on bare metal%s%s", param[0] ? "; nested=" : "",
			 param);
		r->nested = PROBE_NO;
		return;
	}
	__cpuid(CPUID_HYPERVISOR_BASE, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	snprintf(r->nested_why, sizeof(r->nested_why),
		 "the CPU sets the CPUID hypervisor bit (signature \"%.12s\"):"
		 " this host is itself a VM, its KVM runs nested%s%s", sig,
		 param[0] ? "; nested=" : "", param);
	r->nested = PROBE_YES;
}

static void probe_caps(struct probe_report *r)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	size_t n = CAP_COUNT;

	if (fd < 0)
		return;
	r->api_version = ioctl(fd, KVM_GET_API_VERSION, 0);
	for (size_t i = 0; i < n && r->ncaps < PROBE_CAPS_MAX; i++) {
		struct probe_cap *cap = &r->caps[r->ncaps++];

		cap->name = cap_table[i].name;
		cap->use = cap_table[i].use;
		cap->value = ioctl(fd, KVM_CHECK_EXTENSION, cap_table[i].cap);
		if (cap->value < 0)
			cap->value = 0;
	}
	close(fd);
}

/* The host half: no probe guest runs.  False when /dev/kvm did not open
 * (every finding is then unknown, with the reason). */
static bool probe_host(struct probe_report *r)
{
	char why[200];

	memset(r, 0, sizeof(*r));
	r->flavour = probe_host_flavour_why(r->flavour_why,
					    sizeof(r->flavour_why));
	probe_nested(r);
	r->kvm_available = kvm_backend_available(r->kvm_why,
						 sizeof(r->kvm_why));
	if (r->kvm_available) {
		probe_caps(r);
		return true;
	}
	snprintf(why, sizeof(why), "no probe guest ran: %s", r->kvm_why);
	for (int i = 0; i < PROBE_FINDINGS; i++)
		probe_finding_set(&r->findings[i], PROBE_UNKNOWN, "unknown",
				  "%s", why);
	snprintf(r->exit_cost.detail, sizeof(r->exit_cost.detail), "%s", why);
	return false;
}

/* Run the guest that makes finding id, unless an earlier run made it
 * (every guest run leaves its findings' result set). */
static void make_finding(struct probe_report *r, enum probe_finding_id id)
{
	if (r->findings[id].result[0] == '\0')
		finding_guest[id](r);
}

int probe_run(struct probe_report *r)
{
	if (probe_host(r)) {
		for (int i = 0; i < PROBE_FINDINGS; i++)
			make_finding(r, i);
		probe_guest_exitcost(r);
	}
	return 0;
}

static int cap_value(const struct probe_report *r, const char *name)
{
	for (int i = 0; i < r->ncaps; i++)
		if (strcmp(r->caps[i].name, name) == 0)
			return r->caps[i].value;
	return 0;
}

/* The finding a probe_require() name stands for, or -1. */
static int finding_named(const char *name)
{
	for (int i = 0; i < PROBE_FINDINGS; i++)
		if (strcasecmp(name, finding_names[i].key) == 0)
			return i;
	return -1;
}

/* The cap_table name a probe_require() name stands for, or NULL. */
static const char *cap_named(const char *name)
{
	for (size_t i = 0; i < CAP_COUNT; i++)
		if (strcasecmp(name, cap_table[i].name) == 0)
			return cap_table[i].name;
	return NULL;
}

const char *probe_name(size_t i)
{
	if (i == 0)
		return "kvm";
	if (i - 1 < CAP_COUNT)
		return cap_table[i - 1].name;
	if (i - 1 - CAP_COUNT < PROBE_FINDINGS)
		return finding_names[i - 1 - CAP_COUNT].key;
	return NULL;
}

bool probe_knows(const char *capability)
{
	for (size_t i = 0; probe_name(i); i++)
		if (strcasecmp(capability, probe_name(i)) == 0)
			return true;
	return false;
}

bool probe_require(const char *capability, char *why, size_t len)
{
	static struct probe_report report;
	static bool host_probed;
	const struct probe_finding *f;
	const char *cap = cap_named(capability);
	int id;

	if (!host_probed) {
		probe_host(&report);
		host_probed = true;
	}
	if (strcasecmp(capability, "kvm") == 0 || !report.kvm_available) {
		snprintf(why, len, "kvm: %s", report.kvm_why);
		return report.kvm_available;
	}
	if (cap) {
		snprintf(why, len, "%s: KVM_CHECK_EXTENSION(KVM_CAP_%s) = %d",
			 capability, cap, cap_value(&report, cap));
		return cap_value(&report, cap) > 0;
	}
	id = finding_named(capability);
	if (id < 0) {
		snprintf(why, len, "%s: not a capability the probe knows",
			 capability);
		return false;
	}
	make_finding(&report, id);
	f = &report.findings[id];
	snprintf(why, len, "%s: %s", capability, f->detail);
	return f->works == PROBE_YES;
}
