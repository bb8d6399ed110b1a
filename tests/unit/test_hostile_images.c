/*
 * tests/unit/test_hostile_images.c - a guest can never crash vmscope.
 *
 * Random mutations of the built-in `hello` image (fixed seed): a few bytes
 * anywhere in the file, or in its code and data only.  Each is loaded and,
 * when the loader accepts it, run for at most MAX_EXITS exits or
 * WATCHDOG_MS of host time, whichever comes first: on the software CPU,
 * and on KVM where the host probe allows (fewer: ring 0 is slow on PVM).  The loader
 * must answer 0 or -ENOEXEC with a reason; the run must end in one of the
 * VM's states with a reason, never in a signal or a sanitizer report (this
 * test runs under ASan and UBSan like every unit test).
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/guests.h"
#include "core/vm.h"
#include "cpu/soft.h"
#include "kvm/kvm.h"
#include "kvm/probe.h"

#define SEED 0x4057113ULL
#define MUTANTS 1000
#define MUTANTS_KVM 200
#define MAX_EXITS 3000
#define WATCHDOG_MS 200
#define CODE_START 0x1000   /* past the ELF and program headers */

struct watchdog {
	struct vm *vm;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
};

static uint64_t rng = SEED;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;
	struct timespec at;

	clock_gettime(CLOCK_REALTIME, &at);
	at.tv_nsec += WATCHDOG_MS * 1000000L;
	at.tv_sec += at.tv_nsec / 1000000000L;
	at.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&w->lock);
	while (!w->done &&
	       pthread_cond_timedwait(&w->cond, &w->lock, &at) == 0)
		;
	if (!w->done)
		vm_request_stop(w->vm);
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Run to the end, the exit limit or the watchdog; returns the state. */
static enum vm_state run_bounded(struct vm *vm)
{
	struct watchdog w = { .vm = vm };
	struct exit_record exit = { 0 };
	pthread_t t;
	int n = 0;

	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.cond, NULL);
	assert_int_equal(pthread_create(&t, NULL, watchdog_main, &w), 0);
	while (vm->state == VM_RUNNING && n++ < MAX_EXITS)
		if (vm_run_exit(vm, &exit) < 0)
			break;
	pthread_mutex_lock(&w.lock);
	w.done = true;
	pthread_cond_signal(&w.cond);
	pthread_mutex_unlock(&w.lock);
	pthread_join(t, NULL);
	pthread_cond_destroy(&w.cond);
	pthread_mutex_destroy(&w.lock);
	return vm->state;
}

static void mutate(uint8_t *img, size_t len, size_t from)
{
	unsigned changes = 1 + (unsigned)(next_random() % 4);

	for (unsigned i = 0; i < changes; i++) {
		size_t at = from + next_random() % (len - from);

		img[at] = (uint8_t)next_random();
	}
}

/* One mutant: loaded and run, or refused with a reason. */
static void try_mutant(const struct backend_ops *ops, const uint8_t *img,
		       size_t len, unsigned *ran)
{
	struct vm_config cfg = { .backend = ops, .image = img,
				 .image_size = len };
	struct vm vm;
	char err[160] = "";
	int ret = vm_create(&vm, &cfg, err, sizeof(err));

	if (ret) {
		assert_int_equal(ret, -ENOEXEC);
		assert_true(err[0] != '\0');
		return;
	}
	run_bounded(&vm);
	if (vm.state != VM_RUNNING)
		assert_true(vm.end_reason[0] != '\0');
	(*ran)++;
	vm_destroy(&vm);
}

static unsigned mutants(const struct backend_ops *ops, unsigned count,
			size_t from)
{
	const struct builtin_guest *g = guests_find("hello");
	size_t len = (size_t)(g->image_end - g->image);
	uint8_t *img = malloc(len);
	unsigned ran = 0;

	assert_non_null(img);
	for (unsigned i = 0; i < count; i++) {
		memcpy(img, g->image, len);
		mutate(img, len, from);
		try_mutant(ops, img, len, &ran);
	}
	free(img);
	print_message("%s: %u of %u mutants loaded and ran\n", ops->name, ran,
		      count);
	return ran;
}

static void test_mutated_files(void **state)
{
	(void)state;
	mutants(&soft_backend_ops, MUTANTS, 0);
}

/* Mutating only code and data: nearly all load, so the guest's own
 * behaviour is what is hostile. */
static void test_mutated_code(void **state)
{
	(void)state;
	assert_true(mutants(&soft_backend_ops, MUTANTS, CODE_START) >
		    MUTANTS / 2);   /* the guests really ran */
}

static void test_mutated_code_kvm(void **state)
{
	char why[256];

	(void)state;
	if (!probe_require("kvm", why, sizeof(why))) {
		print_message("SKIP: %s\n", why);
		skip();
	}
	assert_true(mutants(&kvm_backend_ops, MUTANTS_KVM, CODE_START) >
		    MUTANTS_KVM / 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mutated_files),
		cmocka_unit_test(test_mutated_code),
		cmocka_unit_test(test_mutated_code_kvm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
