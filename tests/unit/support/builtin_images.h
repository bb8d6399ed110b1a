/*
 * tests/unit/support/builtin_images.h - a cells checker's images
 * (core/cells.h's struct cells_images) for tests: the built-in guests
 * stand for the images, any other name is missing ("no such guest").
 * No file is read.  Shared by tests/unit/test_cells.c and the cells fuzz
 * target (tests/fuzz/fuzz_cells.c).
 */
#ifndef TESTS_UNIT_SUPPORT_BUILTIN_IMAGES_H
#define TESTS_UNIT_SUPPORT_BUILTIN_IMAGES_H

#include "core/cells.h"

extern const struct cells_images builtin_cell_images;

#endif /* TESTS_UNIT_SUPPORT_BUILTIN_IMAGES_H */
