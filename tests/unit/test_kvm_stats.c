/*
 * tests/unit/test_kvm_stats.c - parsing KVM's binary stats file.
 *
 * Synthetic images built here in the layout of Documentation/virt/kvm/
 * api.rst (header | id | descriptors with names | data): the counters come
 * out with their first value, histograms are skipped, and every malformed
 * offset or size is refused with -EBADMSG and an empty result.  The last
 * test parses the kernel's own stats file for a fresh vCPU when /dev/kvm
 * opens.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/kvm.h>

#include "kvm/kvm_stats.h"

/* KVM uses 48; the parser must follow the header, so the images here
 * use a larger one. */
#define NAME_SIZE 64
#define ID_SIZE NAME_SIZE
#define MAX_DESCS 200
#define DESC_SIZE (sizeof(struct kvm_stats_desc) + NAME_SIZE)

/* An image under construction: descriptors and data kept apart until
 * image_finish() lays them out. */
struct image {
	uint8_t descs[MAX_DESCS * DESC_SIZE];
	uint64_t data[MAX_DESCS * 32];
	uint32_t ndesc;
	uint32_t ndata;        /* u64 slots used in data */
	uint8_t *bytes;        /* after image_finish() */
	size_t len;
	struct kvm_stats_header *hdr;
};

static void image_add(struct image *img, const char *name, uint32_t flags,
		      int16_t exponent, uint16_t size, const uint64_t *values)
{
	struct kvm_stats_desc d = {
		.flags = flags, .exponent = exponent, .size = size,
		.offset = img->ndata * sizeof(uint64_t),
	};
	uint8_t *at = img->descs + img->ndesc * DESC_SIZE;

	memcpy(at, &d, sizeof(d));
	memset(at + sizeof(d), 0, NAME_SIZE);
	memcpy(at + sizeof(d), name, strlen(name));
	memcpy(&img->data[img->ndata], values, size * sizeof(uint64_t));
	img->ndata += size;
	img->ndesc++;
}

/* header | id | descriptors | data, as KVM lays it out. */
static void image_finish(struct image *img)
{
	size_t desc_bytes = img->ndesc * DESC_SIZE;
	size_t data_bytes = img->ndata * sizeof(uint64_t);
	struct kvm_stats_header h = {
		.name_size = NAME_SIZE,
		.num_desc = img->ndesc,
		.id_offset = sizeof(h),
		.desc_offset = sizeof(h) + ID_SIZE,
		.data_offset = sizeof(h) + ID_SIZE + desc_bytes,
	};

	img->len = h.data_offset + data_bytes;
	img->bytes = calloc(1, img->len);
	assert_non_null(img->bytes);
	memcpy(img->bytes, &h, sizeof(h));
	strcpy((char *)img->bytes + h.id_offset, "kvm-1234/vcpu-0");
	memcpy(img->bytes + h.desc_offset, img->descs, desc_bytes);
	memcpy(img->bytes + h.data_offset, img->data, data_bytes);
	img->hdr = (struct kvm_stats_header *)img->bytes;
}

#define CUMULATIVE (KVM_STATS_TYPE_CUMULATIVE | KVM_STATS_UNIT_NONE)
#define INSTANT_BOOL (KVM_STATS_TYPE_INSTANT | KVM_STATS_UNIT_BOOLEAN)
#define PEAK (KVM_STATS_TYPE_PEAK | KVM_STATS_UNIT_NONE)
#define SECONDS (KVM_STATS_TYPE_CUMULATIVE | KVM_STATS_UNIT_SECONDS)
#define LOG_HIST (KVM_STATS_TYPE_LOG_HIST | KVM_STATS_UNIT_SECONDS)

/* A vCPU-like image: five counters and one histogram. */
static int setup_image(void **state)
{
	struct image *img = calloc(1, sizeof(*img));
	uint64_t hist[32];

	for (int i = 0; i < 32; i++)
		hist[i] = 100 + i;
	image_add(img, "exits", CUMULATIVE, 0, 1, (uint64_t[]){ 1234 });
	image_add(img, "io_exits", CUMULATIVE, 0, 1, (uint64_t[]){ 56 });
	image_add(img, "halt_wait_hist", LOG_HIST, -9, 32, hist);
	image_add(img, "guest_mode", INSTANT_BOOL, 0, 1, (uint64_t[]){ 1 });
	image_add(img, "max_mmu_rmap_size", PEAK, 0, 1, (uint64_t[]){ 7 });
	image_add(img, "halt_wait_ns", SECONDS, -9, 1, (uint64_t[]){ 999 });
	image_finish(img);
	*state = img;
	return 0;
}

static int teardown_image(void **state)
{
	struct image *img = *state;

	free(img->bytes);
	free(img);
	return 0;
}

static void assert_refused(struct image *img)
{
	struct kvm_stats stats;

	assert_int_equal(kvm_stats_parse(img->bytes, img->len, &stats),
			 -EBADMSG);
	assert_int_equal(stats.count, 0);
	assert_int_equal(stats.skipped, 0);
}

static void test_counters(void **state)
{
	struct image *img = *state;
	struct kvm_stats stats;
	const struct kvm_stat *s;

	assert_int_equal(kvm_stats_parse(img->bytes, img->len, &stats), 0);
	assert_int_equal(stats.count, 5);
	assert_int_equal(stats.skipped, 1);      /* the histogram */
	assert_string_equal(stats.items[0].name, "exits");
	assert_int_equal(stats.items[0].value, 1234);
	assert_int_equal(kvm_stats_find(&stats, "io_exits")->value, 56);
	s = kvm_stats_find(&stats, "guest_mode");
	assert_int_equal(s->value, 1);
	assert_int_equal(s->type, KVM_STATS_TYPE_INSTANT);
	assert_int_equal(s->unit, KVM_STATS_UNIT_BOOLEAN);
	s = kvm_stats_find(&stats, "max_mmu_rmap_size");
	assert_int_equal(s->type, KVM_STATS_TYPE_PEAK);
	assert_int_equal(s->value, 7);
	s = kvm_stats_find(&stats, "halt_wait_ns");
	assert_int_equal(s->value, 999);
	assert_int_equal(s->unit, KVM_STATS_UNIT_SECONDS);
	assert_int_equal(s->exponent, -9);
	assert_null(kvm_stats_find(&stats, "halt_wait_hist"));
	assert_null(kvm_stats_find(&stats, "mmio_exits"));
}

/* A stat with several elements contributes its first. */
static void test_first_element(void **state)
{
	struct image img = { 0 };
	struct kvm_stats stats;

	(void)state;
	image_add(&img, "pair", CUMULATIVE, 0, 2, (uint64_t[]){ 5, 6 });
	image_add(&img, "after", CUMULATIVE, 0, 1, (uint64_t[]){ 9 });
	image_finish(&img);
	assert_int_equal(kvm_stats_parse(img.bytes, img.len, &stats), 0);
	assert_int_equal(kvm_stats_find(&stats, "pair")->value, 5);
	assert_int_equal(kvm_stats_find(&stats, "after")->value, 9);
	free(img.bytes);
}

static void test_empty_image(void **state)
{
	struct image img = { 0 };
	struct kvm_stats stats;

	(void)state;
	image_finish(&img);
	assert_int_equal(kvm_stats_parse(img.bytes, img.len, &stats), 0);
	assert_int_equal(stats.count, 0);
	free(img.bytes);
}

/* Newer kernels may add types: skipped and counted, not an error. */
static void test_unknown_type_skipped(void **state)
{
	struct image img = { 0 };
	struct kvm_stats stats;

	(void)state;
	image_add(&img, "future", 0xf, 0, 1, (uint64_t[]){ 3 });
	image_add(&img, "exits", CUMULATIVE, 0, 1, (uint64_t[]){ 4 });
	image_finish(&img);
	assert_int_equal(kvm_stats_parse(img.bytes, img.len, &stats), 0);
	assert_int_equal(stats.count, 1);
	assert_int_equal(stats.skipped, 1);
	assert_int_equal(kvm_stats_find(&stats, "exits")->value, 4);
	free(img.bytes);
}

/* A name longer than vmscope's buffer is skipped; one that fits is kept. */
static void test_long_name_skipped(void **state)
{
	struct image img = { 0 };
	struct kvm_stats stats;
	char fits[KVM_STATS_NAME_MAX], too_long[KVM_STATS_NAME_MAX + 1];

	(void)state;
	memset(fits, 'x', sizeof(fits) - 1);
	fits[sizeof(fits) - 1] = '\0';
	memset(too_long, 'y', sizeof(too_long) - 1);
	too_long[sizeof(too_long) - 1] = '\0';
	image_add(&img, fits, CUMULATIVE, 0, 1, (uint64_t[]){ 1 });
	image_add(&img, too_long, CUMULATIVE, 0, 1, (uint64_t[]){ 2 });
	image_finish(&img);
	assert_int_equal(kvm_stats_parse(img.bytes, img.len, &stats), 0);
	assert_int_equal(stats.count, 1);
	assert_int_equal(stats.skipped, 1);
	assert_int_equal(kvm_stats_find(&stats, fits)->value, 1);
	free(img.bytes);
}

static void test_over_capacity(void **state)
{
	struct image img = { 0 };
	struct kvm_stats stats;
	char name[16];

	(void)state;
	for (uint64_t i = 0; i < KVM_STATS_MAX + 3; i++) {
		snprintf(name, sizeof(name), "c%llu", (unsigned long long)i);
		image_add(&img, name, CUMULATIVE, 0, 1, &i);
	}
	image_finish(&img);
	assert_int_equal(kvm_stats_parse(img.bytes, img.len, &stats), 0);
	assert_int_equal(stats.count, KVM_STATS_MAX);
	assert_int_equal(stats.skipped, 3);
	assert_int_equal(stats.items[KVM_STATS_MAX - 1].value,
			 KVM_STATS_MAX - 1);
	free(img.bytes);
}

static void test_truncated_header(void **state)
{
	struct image *img = *state;
	struct kvm_stats stats;

	assert_int_equal(kvm_stats_parse(img->bytes,
					 sizeof(struct kvm_stats_header) - 1,
					 &stats), -EBADMSG);
	assert_int_equal(kvm_stats_parse(img->bytes, 0, &stats), -EBADMSG);
}

static void test_bad_name_size(void **state)
{
	struct image *img = *state;

	img->hdr->name_size = 0;
	assert_refused(img);
	img->hdr->name_size = 0x10000;   /* beyond any sane name */
	assert_refused(img);
	img->hdr->name_size = 4000;      /* descriptors would pass the end */
	assert_refused(img);
}

static void test_descriptors_outside(void **state)
{
	struct image *img = *state;

	img->hdr->desc_offset = (uint32_t)img->len;   /* starts at the end */
	assert_refused(img);
	img->hdr->desc_offset = 0xfffffff0u;          /* far past it */
	assert_refused(img);
}

static void test_too_many_descriptors(void **state)
{
	struct image *img = *state;

	img->hdr->num_desc = (uint32_t)(img->len / DESC_SIZE) + 1;
	assert_refused(img);
	img->hdr->num_desc = 0xffffffffu;
	assert_refused(img);
}

/* The first descriptor of the image, to corrupt. */
static struct kvm_stats_desc *first_desc(struct image *img)
{
	return (struct kvm_stats_desc *)(img->bytes + img->hdr->desc_offset);
}

static void test_data_outside(void **state)
{
	struct image *img = *state;

	first_desc(img)->offset = 0xfffffff8u;
	assert_refused(img);
}

static void test_data_runs_past_end(void **state)
{
	struct image *img = *state;

	first_desc(img)->size = 0xffff;   /* 512 KiB of values: not there */
	assert_refused(img);
}

static void test_data_offset_past_end(void **state)
{
	struct image *img = *state;

	img->hdr->data_offset = 0xfffffff0u;
	assert_refused(img);
}

static void test_zero_size(void **state)
{
	struct image *img = *state;

	first_desc(img)->size = 0;
	assert_refused(img);
}

static void test_name_without_nul(void **state)
{
	struct image *img = *state;

	memset(first_desc(img)->name, 'a', NAME_SIZE);
	assert_refused(img);
}

static void test_read_fd(void **state)
{
	struct image *img = *state;
	struct kvm_stats stats;
	int fd = memfd_create("stats", MFD_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, img->bytes, img->len), (ssize_t)img->len);
	assert_int_equal(kvm_stats_read_fd(fd, &stats), 0);
	assert_int_equal(stats.count, 5);
	assert_int_equal(kvm_stats_find(&stats, "exits")->value, 1234);
	close(fd);
}

/* Bigger than one read chunk: the reader grows its buffer. */
static void test_read_fd_large(void **state)
{
	struct image img = { 0 };
	struct kvm_stats stats;
	uint64_t values[32] = { 77 };
	int fd = memfd_create("stats", MFD_CLOEXEC);

	(void)state;
	for (int i = 0; i < MAX_DESCS / 2; i++)
		image_add(&img, i ? "hist" : "first", i ? LOG_HIST : CUMULATIVE,
			  0, 32, values);
	image_finish(&img);
	assert_true(img.len > 16384);
	assert_int_equal(write(fd, img.bytes, img.len), (ssize_t)img.len);
	assert_int_equal(kvm_stats_read_fd(fd, &stats), 0);
	assert_int_equal(stats.count, 1);
	assert_int_equal(stats.skipped, MAX_DESCS / 2 - 1);
	assert_int_equal(kvm_stats_find(&stats, "first")->value, 77);
	close(fd);
	free(img.bytes);
}

static void test_read_bad_fd(void **state)
{
	struct kvm_stats stats;

	(void)state;
	assert_int_equal(kvm_stats_read_fd(-1, &stats), -EBADF);
}

/* The kernel's own file for a new vCPU: x86 counts "exits" and friends. */
static void test_real_vcpu(void **state)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC), vm, vcpu, fd;
	struct kvm_stats stats;

	(void)state;
	if (kvm < 0) {
		print_message("SKIP: cannot open /dev/kvm: %s\n",
			      strerror(errno));
		skip();
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	assert_true(vm >= 0);
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	assert_true(vcpu >= 0);
	fd = ioctl(vcpu, KVM_GET_STATS_FD, 0);
	if (fd < 0) {
		print_message("SKIP: KVM_GET_STATS_FD: %s (the kernel has no "
			      "binary stats)\n", strerror(errno));
		skip();
	}
	assert_int_equal(kvm_stats_read_fd(fd, &stats), 0);
	assert_non_null(kvm_stats_find(&stats, "exits"));
	assert_non_null(kvm_stats_find(&stats, "io_exits"));
	assert_non_null(kvm_stats_find(&stats, "halt_exits"));
	assert_int_equal(kvm_stats_find(&stats, "io_exits")->value, 0);
	assert_true(stats.skipped > 0);   /* the halt_*_hist histograms */
	close(fd);
	close(vcpu);
	close(vm);
	close(kvm);
}

#define WITH_IMAGE(t) cmocka_unit_test_setup_teardown(t, setup_image, \
						       teardown_image)

int main(void)
{
	const struct CMUnitTest tests[] = {
		WITH_IMAGE(test_counters),
		cmocka_unit_test(test_first_element),
		cmocka_unit_test(test_empty_image),
		cmocka_unit_test(test_unknown_type_skipped),
		cmocka_unit_test(test_long_name_skipped),
		cmocka_unit_test(test_over_capacity),
		WITH_IMAGE(test_truncated_header),
		WITH_IMAGE(test_bad_name_size),
		WITH_IMAGE(test_descriptors_outside),
		WITH_IMAGE(test_too_many_descriptors),
		WITH_IMAGE(test_data_outside),
		WITH_IMAGE(test_data_runs_past_end),
		WITH_IMAGE(test_data_offset_past_end),
		WITH_IMAGE(test_zero_size),
		WITH_IMAGE(test_name_without_nul),
		WITH_IMAGE(test_read_fd),
		cmocka_unit_test(test_read_fd_large),
		cmocka_unit_test(test_read_bad_fd),
		cmocka_unit_test(test_real_vcpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
