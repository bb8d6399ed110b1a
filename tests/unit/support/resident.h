/*
 * tests/unit/support/resident.h - whether a page of this process's memory
 * is backed (mincore(2)): the tests that show guest RAM is not touched
 * before the guest uses it (test_memory, test_elf).
 */
#ifndef TESTS_UNIT_SUPPORT_RESIDENT_H
#define TESTS_UNIT_SUPPORT_RESIDENT_H

#include <stdbool.h>

/* The page holding addr (a private anonymous mapping) has memory behind
 * it: something wrote or read it since it was mapped or given back. */
bool test_page_resident(const void *addr);

#endif /* TESTS_UNIT_SUPPORT_RESIDENT_H */
