/*
 * guest/user/fault.c - a user program that breaks the rules: it reads
 * kernel memory from ring 3.
 *
 * The kernel's pages are supervisor-only (U/S = 0 in the page tables
 * vmscope builds), so the load raises a page fault (#PF, vector 14) with
 * error code 0x5: the page was present (bit 0), the access came from user
 * mode (bit 2), it was a read (bit 1 clear).  CR2 holds the address.  The
 * kernel has no signals to deliver, so it reports the fault on the console
 * and ends the run with status 1.  Its output (RIP varies with the build):
 *
 *   reading kernel memory at 0x100000 from ring 3...
 *   exception 14 (#PF page fault) error=0x5 rip=0x... cr2=0x100000
 */
#include <stdio.h>

#define KERNEL_TEXT 0x100000UL   /* KERNEL_BASE in guest/abi/machine.h */

int main(void)
{
	volatile const int *kernel = (volatile const int *)KERNEL_TEXT;

	printf("reading kernel memory at 0x%lx from ring 3...\n", KERNEL_TEXT);
	return *kernel;
}
