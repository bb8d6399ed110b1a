/*
 * core/host_pages.h - host memory in 2 MiB pages where the host kernel
 * gives them: guest RAM (core/memory.c).  The network card's bounce
 * buffers and the generator were in them once and are not: measured, no
 * path got faster, and each held 2 MiB (docs/NETWORK.md).
 *
 * A TLB entry maps one page.  In 4 KiB pages a 64 KiB frame needs 16
 * entries, and after anything empties the TLB (on a kernel with page-table
 * isolation and no PCID, every system call does) the copy takes 16 page
 * walks; in a 2 MiB page it needs one.  Linux gives anonymous memory 2 MiB
 * pages ("transparent huge pages", THP) when the range is 2 MiB-aligned
 * and, with THP in `madvise` mode, when it was asked for with
 * madvise(MADV_HUGEPAGE) - what QEMU does for guest RAM.  It is a request:
 * THP may be off (`never`), or the kernel may find no free 2 MiB at a
 * fault and use 4 KiB pages; host_pages_huge_bytes() says what it did.
 * Under KVM the same alignment lets KVM map guest RAM with 2 MiB pages in
 * the EPT/NPT too (KVM's api.rst: the lower 21 bits of guest_phys_addr and
 * userspace_addr should be identical).
 */
#ifndef CORE_HOST_PAGES_H
#define CORE_HOST_PAGES_H

#include <stddef.h>
#include <stdint.h>

#define HOST_HUGE_PAGE (2UL << 20)

/*
 * len bytes (a nonzero multiple of HOST_HUGE_PAGE) of private anonymous
 * memory reading as zeros, starting on a 2 MiB boundary, MAP_NORESERVE
 * (only touched memory costs), with 2 MiB pages asked for.  A refused
 * request (madvise fails: a kernel without THP) is not an error: the
 * memory is then in 4 KiB pages.  NULL when there is no memory or len is
 * not a multiple of 2 MiB.
 */
void *host_pages_map(size_t len);
/* Give back a host_pages_map() mapping; NULL is ignored. */
void host_pages_unmap(void *p, size_t len);
/*
 * The bytes the kernel holds in 2 MiB pages now, in the mappings that
 * [p, p+len) lies in (their AnonHugePages in /proc/self/smaps; a mapping
 * is what the kernel merged, which may reach beyond the range).  -errno
 * when smaps cannot be read.
 */
int64_t host_pages_huge_bytes(const void *p, size_t len);

#endif /* CORE_HOST_PAGES_H */
