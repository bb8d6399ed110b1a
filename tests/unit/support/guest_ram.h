/*
 * tests/unit/support/guest_ram.h - a test's reads and writes of guest RAM
 * fields (ring indexes, flags), asserting each lies inside RAM.
 */
#ifndef TESTS_UNIT_SUPPORT_GUEST_RAM_H
#define TESTS_UNIT_SUPPORT_GUEST_RAM_H

#include <stdint.h>

#include "core/memory.h"

void ram_put16(struct guest_mem *mem, uint64_t gpa, uint16_t v);
uint16_t ram_get16(struct guest_mem *mem, uint64_t gpa);
uint32_t ram_get32(struct guest_mem *mem, uint64_t gpa);

#endif /* TESTS_UNIT_SUPPORT_GUEST_RAM_H */
