/*
 * core/mem_watch.c - the watcher of vmscope's writes into guest RAM
 * (core/mem_watch.h says who writes and why the software CPU listens).
 *
 * A writer looks at `on` first, without the lock: no watcher (KVM's
 * backend, a RAM nobody runs) costs one load.  With one, the call runs
 * under the lock held shared, so that guest_mem_watch_writes() - which
 * takes it exclusive - returns only when no call into the old watcher is
 * under way.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "core/mem_watch.h"

struct mem_watch {
	atomic_bool on;              /* wrote is set: the writers' first look */
	pthread_rwlock_t lock;       /* shared: a call under way */
	guest_mem_wrote_fn *wrote;
	void *opaque;
};

struct mem_watch *mem_watch_create(void)
{
	struct mem_watch *w = calloc(1, sizeof(*w));

	if (w && pthread_rwlock_init(&w->lock, NULL)) {
		free(w);
		return NULL;
	}
	return w;
}

void mem_watch_destroy(struct mem_watch *w)
{
	if (!w)
		return;
	pthread_rwlock_destroy(&w->lock);
	free(w);
}

void guest_mem_watch_writes(const struct guest_mem *mem,
			    guest_mem_wrote_fn *wrote, void *opaque)
{
	struct mem_watch *w = mem->watch;

	if (!w)
		return;
	atomic_store(&w->on, false);
	pthread_rwlock_wrlock(&w->lock);
	w->wrote = wrote;
	w->opaque = opaque;
	pthread_rwlock_unlock(&w->lock);
	atomic_store(&w->on, wrote != NULL);
}

void guest_mem_wrote(const struct guest_mem *mem, uint64_t gpa, uint64_t len)
{
	struct mem_watch *w = mem->watch;

	if (!w || !atomic_load_explicit(&w->on, memory_order_relaxed) ||
	    len == 0)
		return;
	pthread_rwlock_rdlock(&w->lock);
	if (w->wrote)
		w->wrote(w->opaque, gpa, len);
	pthread_rwlock_unlock(&w->lock);
}
