/*
 * core/mem_watch.h - who hears of vmscope's own writes into guest RAM.
 *
 * A hardware CPU runs whatever bytes RAM holds when it fetches them.  The
 * software CPU runs instructions it decoded earlier (cpu/icache.c), so
 * it must hear when RAM under them changes: the guest's own stores it
 * sees itself, but vmscope's writes - the ELF loader, L0 writing the
 * nested block back into L1's page, the network card filling a posted
 * buffer from the wire - go through host pointers.  Every such writer
 * says what it wrote once the bytes are in place (guest_mem_wrote(),
 * core/memory.h; guest_mem_write() and guest_mem_zero() do it
 * themselves), on whatever thread it runs, and the one watcher set on
 * the RAM hears it.  KVM's backend sets none: the call is then one load.
 *
 * The watcher goes before the RAM does (a backend is destroyed while a
 * device's worker may still write): setting it (or none) waits for the
 * calls under way, which hold the watch's lock shared.
 */
#ifndef CORE_MEM_WATCH_H
#define CORE_MEM_WATCH_H

#include "core/memory.h"

/* guest_mem_init()'s and guest_mem_destroy()'s: NULL when out of
 * memory; destroy takes NULL. */
struct mem_watch *mem_watch_create(void);
void mem_watch_destroy(struct mem_watch *w);

#endif /* CORE_MEM_WATCH_H */
