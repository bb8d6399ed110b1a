/*
 * kvm/kvm_stats.c - parsing KVM's binary statistics file.
 *
 * The image comes from the kernel, but the parser trusts none of its sizes:
 * a header that points outside the image, a descriptor whose data lies past
 * the end or a name without its terminating NUL makes the whole image
 * invalid (-EBADMSG), because a stats file that lies about one offset cannot
 * be trusted about the others.  Histograms and types this parser does not
 * know are skipped and counted, not refused: newer kernels add types.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvm/kvm_stats.h"

/* A name longer than this is surely not KVM's (it uses 48 bytes). */
#define STATS_NAME_SIZE_LIMIT 4096
#define STATS_READ_CHUNK 16384

/* [off, off + size) lies inside an image of len bytes. */
static int range_ok(size_t len, uint64_t off, uint64_t size)
{
	return off <= len && size <= len - off;
}

static int keep_type(uint32_t type)
{
	return type == KVM_STATS_TYPE_CUMULATIVE ||
	       type == KVM_STATS_TYPE_INSTANT ||
	       type == KVM_STATS_TYPE_PEAK;
}

/* Check one descriptor (at desc, name_size bytes of name after it) and
 * append its first value to out when it is a counter we keep. */
static int parse_desc(const uint8_t *image, size_t len,
		      const struct kvm_stats_header *hdr, const uint8_t *desc,
		      struct kvm_stats *out)
{
	struct kvm_stats_desc d;
	const char *name = (const char *)desc + sizeof(d);
	uint32_t type;
	uint64_t data_at;
	struct kvm_stat *item;

	memcpy(&d, desc, sizeof(d));
	if (!memchr(name, '\0', hdr->name_size) || d.size == 0)
		return -EBADMSG;
	data_at = (uint64_t)hdr->data_offset + d.offset;
	if (!range_ok(len, data_at, (uint64_t)d.size * sizeof(uint64_t)))
		return -EBADMSG;

	type = d.flags & KVM_STATS_TYPE_MASK;
	if (!keep_type(type) || strlen(name) >= KVM_STATS_NAME_MAX ||
	    out->count == KVM_STATS_MAX) {
		out->skipped++;
		return 0;
	}
	item = &out->items[out->count++];
	strcpy(item->name, name);
	memcpy(&item->value, image + data_at, sizeof(item->value));
	item->type = type;
	item->unit = d.flags & KVM_STATS_UNIT_MASK;
	item->exponent = d.exponent;
	return 0;
}

int kvm_stats_parse(const void *image, size_t len, struct kvm_stats *out)
{
	const uint8_t *bytes = image;
	struct kvm_stats_header hdr;
	uint64_t desc_size;
	int err;

	memset(out, 0, sizeof(*out));
	if (len < sizeof(hdr))
		return -EBADMSG;
	memcpy(&hdr, bytes, sizeof(hdr));
	if (hdr.name_size == 0 || hdr.name_size > STATS_NAME_SIZE_LIMIT)
		return -EBADMSG;
	desc_size = sizeof(struct kvm_stats_desc) + hdr.name_size;
	if (!range_ok(len, hdr.desc_offset, hdr.num_desc * desc_size))
		return -EBADMSG;

	for (uint32_t i = 0; i < hdr.num_desc; i++) {
		err = parse_desc(bytes, len, &hdr,
				 bytes + hdr.desc_offset + i * desc_size, out);
		if (err) {
			memset(out, 0, sizeof(*out));
			return err;
		}
	}
	return 0;
}

int kvm_stats_read_fd(int fd, struct kvm_stats *out)
{
	size_t cap = STATS_READ_CHUNK, len = 0;
	uint8_t *buf = malloc(cap), *bigger;
	ssize_t n;
	int err;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			err = -EFBIG;
			if (cap >= KVM_STATS_IMAGE_MAX)
				goto out;
			err = -ENOMEM;
			bigger = realloc(buf, cap * 2);
			if (!bigger)
				goto out;
			buf = bigger;
			cap *= 2;
		}
		n = pread(fd, buf + len, cap - len, (off_t)len);
		if (n < 0 && errno == EINTR)
			continue;
		err = -errno;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	err = kvm_stats_parse(buf, len, out);
out:
	free(buf);
	return err;
}

const struct kvm_stat *kvm_stats_find(const struct kvm_stats *stats,
				      const char *name)
{
	for (size_t i = 0; i < stats->count; i++)
		if (strcmp(stats->items[i].name, name) == 0)
			return &stats->items[i];
	return NULL;
}
