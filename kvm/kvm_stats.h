/*
 * kvm/kvm_stats.h - KVM's own counters for one vCPU (KVM_GET_STATS_FD).
 *
 * Most exits never reach vmscope: KVM handles a CPUID, a page fault or an
 * interrupt window itself and re-enters the guest.  The binary stats file
 * of the vCPU counts them all, so the tracer's summary can put "exits KVM
 * saw" next to "exits vmscope saw".  File layout and flag values:
 * Documentation/virt/kvm/api.rst, section KVM_GET_STATS_FD, and struct
 * kvm_stats_header / kvm_stats_desc in include/uapi/linux/kvm.h.
 *
 *     header | id string | descriptors (each followed by its name) | data
 *
 * kvm_stats_parse() is a pure function over a memory image of that file, so
 * the unit tests can feed it synthetic and malformed images; every offset
 * and size in the image is checked before it is used.
 */
#ifndef KVM_KVM_STATS_H
#define KVM_KVM_STATS_H

#include <stddef.h>
#include <stdint.h>

#define KVM_STATS_MAX 128         /* counters kept from one image */
#define KVM_STATS_NAME_MAX 48     /* KVM_STATS_NAME_SIZE in the kernel */
#define KVM_STATS_IMAGE_MAX (1u << 20) /* refuse stats files above 1 MiB */

/* One counter: the first element of a cumulative, instant or peak stat. */
struct kvm_stat {
	char name[KVM_STATS_NAME_MAX];
	uint64_t value;
	uint32_t type;        /* KVM_STATS_TYPE_CUMULATIVE/INSTANT/PEAK */
	uint32_t unit;        /* KVM_STATS_UNIT_NONE/BYTES/SECONDS/... */
	int16_t exponent;     /* value * 10^exponent (or 2^) is in unit */
};

struct kvm_stats {
	struct kvm_stat items[KVM_STATS_MAX];
	size_t count;
	size_t skipped;       /* histograms, unknown types, over capacity */
};

/*
 * Parse a stats file image.  Returns 0, or -EBADMSG when any offset, size
 * or name in the image is inconsistent (out is then empty).
 */
int kvm_stats_parse(const void *image, size_t len, struct kvm_stats *out);
/* Read the whole stats file behind fd and parse it; -errno on failure. */
int kvm_stats_read_fd(int fd, struct kvm_stats *out);
/* The counter called name, or NULL. */
const struct kvm_stat *kvm_stats_find(const struct kvm_stats *stats,
				      const char *name);

#endif /* KVM_KVM_STATS_H */
