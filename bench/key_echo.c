/*
 * bench/key_echo.c - key-to-echo latency: from the host's key event to the
 * echoed byte leaving the guest's UART, over 1,000 keys.
 *
 *   BENCH key_echo_median_us       KVM (goal: under 1000)
 *   BENCH key_echo_p99_us
 *   BENCH key_echo_median_us_soft  the software CPU
 *   BENCH key_echo_p99_us_soft
 *
 * The `echo` guest waits in read() with `sti; hlt`.  Each key goes the
 * whole way: vm_keys_push() -> the vCPU wakes -> i8042 -> IRQ 1 ->
 * injection -> the guest's keyboard driver -> tty echo -> UART -> the
 * serial sink here, which notes the time of the first byte after the key.
 * Every 100 keys an Enter ends the line (the guest prints it back), and
 * that output is waited out, not measured.
 *
 * Usage: key_echo kvm|soft
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/guests.h"
#include "core/vm.h"
#include "cpu/soft.h"
#include "devices/scancode.h"
#include "kvm/kvm.h"

#define KEYS          1000
#define LINE_KEYS     100
#define WAIT_NS       5000000000ULL   /* a key that takes 5 s is lost */
#define QUIET_NS      50000000ULL     /* output over when 50 ms quiet */

struct bench {
	const struct backend_ops *ops;
	struct vm vm;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool created;
	int create_err;
	uint64_t bytes;          /* bytes the UART sent so far */
	uint64_t want;           /* the byte number whose time we want */
	uint64_t want_t_ns;      /* its time, 0 until it came */
	uint64_t last_t_ns;      /* time of the latest byte */
};

static void on_serial(void *opaque, uint8_t byte)
{
	struct bench *b = opaque;
	uint64_t now = clock_now_ns();

	(void)byte;
	pthread_mutex_lock(&b->lock);
	b->bytes++;
	b->last_t_ns = now;
	if (b->bytes == b->want)
		b->want_t_ns = now;
	pthread_cond_signal(&b->cond);
	pthread_mutex_unlock(&b->lock);
}

/* The vCPU thread: the VM is created here (KVM kicks this thread). */
static void *vcpu_main(void *arg)
{
	struct bench *b = arg;
	const struct builtin_guest *g = guests_find("echo");
	struct vm_config cfg = { .backend = b->ops,
				 .serial = { on_serial, b } };
	struct exit_record exit = { 0 };
	char err[160];
	int ret = -1;

	if (g) {
		cfg.image = g->image;
		cfg.image_size = (size_t)(g->image_end - g->image);
		ret = vm_create(&b->vm, &cfg, err, sizeof(err));
	}
	pthread_mutex_lock(&b->lock);
	b->created = true;
	b->create_err = ret;
	pthread_cond_signal(&b->cond);
	pthread_mutex_unlock(&b->lock);
	if (ret)
		return NULL;
	while (b->vm.state == VM_RUNNING && vm_run_exit(&b->vm, &exit) == 0)
		;
	return NULL;
}

static void type(struct bench *b, unsigned char c)
{
	struct scancode_stroke s;
	uint8_t bytes[SCANCODE_STROKE_MAX];

	scancode_from_ascii(c, &s);
	vm_keys_push(&b->vm, bytes, scancode_stroke_bytes(&s, bytes));
}

/* Type c; the latency to the next byte out, or 0 when none came. */
static uint64_t key_latency(struct bench *b, unsigned char c)
{
	uint64_t t0, deadline, lat = 0;

	pthread_mutex_lock(&b->lock);
	b->want = b->bytes + 1;
	b->want_t_ns = 0;
	t0 = clock_now_ns();
	deadline = t0 + WAIT_NS;
	type(b, c);
	while (!b->want_t_ns && clock_now_ns() < deadline) {
		struct timespec at = { .tv_sec = (time_t)(deadline / 1000000000),
				       .tv_nsec = (long)(deadline % 1000000000) };

		pthread_cond_timedwait(&b->cond, &b->lock, &at);
	}
	if (b->want_t_ns)
		lat = b->want_t_ns - t0;
	pthread_mutex_unlock(&b->lock);
	return lat;
}

/* Enter, then wait until the guest's output has been quiet a while. */
static void end_line(struct bench *b)
{
	uint64_t typed = clock_now_ns();

	type(b, '\n');
	for (;;) {
		uint64_t last;

		pthread_mutex_lock(&b->lock);
		last = b->last_t_ns;
		pthread_mutex_unlock(&b->lock);
		if (last > typed && clock_now_ns() - last > QUIET_NS)
			return;
		if (clock_now_ns() - typed > WAIT_NS)
			return;
		nanosleep(&(struct timespec){ .tv_nsec = QUIET_NS / 5 }, NULL);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int measure(struct bench *b, uint64_t *lat)
{
	end_line(b);   /* warm-up: the guest is booted and reading */
	for (int i = 0; i < KEYS; i++) {
		lat[i] = key_latency(b, (unsigned char)('a' + i % 26));
		if (!lat[i]) {
			fprintf(stderr, "key_echo: key %d was not echoed\n",
				i);
			return -1;
		}
		if ((i + 1) % LINE_KEYS == 0)
			end_line(b);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static uint64_t lat[KEYS];
	struct bench b = { 0 };
	pthread_condattr_t attr;
	const char *suffix;
	pthread_t vcpu;
	int err;

	if (argc != 2 || (strcmp(argv[1], "kvm") && strcmp(argv[1], "soft"))) {
		fprintf(stderr, "usage: key_echo kvm|soft\n");
		return 2;
	}
	b.ops = strcmp(argv[1], "kvm") == 0 ? &kvm_backend_ops
					     : &soft_backend_ops;
	suffix = b.ops == &kvm_backend_ops ? "" : "_soft";
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);   /* clock_now_ns */
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.cond, &attr);
	pthread_create(&vcpu, NULL, vcpu_main, &b);
	pthread_mutex_lock(&b.lock);
	while (!b.created)
		pthread_cond_wait(&b.cond, &b.lock);
	pthread_mutex_unlock(&b.lock);
	if (b.create_err) {
		pthread_join(vcpu, NULL);
		fprintf(stderr, "key_echo: cannot start the echo guest\n");
		return 1;
	}
	err = measure(&b, lat);
	vm_request_stop(&b.vm);
	pthread_join(vcpu, NULL);
	vm_destroy(&b.vm);
	if (err)
		return 1;
	qsort(lat, KEYS, sizeof(lat[0]), cmp_u64);
	printf("BENCH key_echo_median_us%s %.1f us\n", suffix,
	       lat[KEYS / 2] / 1e3);
	printf("BENCH key_echo_p99_us%s %.1f us\n", suffix,
	       lat[KEYS * 99 / 100] / 1e3);
	printf("  (%d keys on the %s backend: host key event to the echoed "
	       "byte leaving the UART; goal on KVM: median under 1000 us)\n",
	       KEYS, b.ops->name);
	return 0;
}
