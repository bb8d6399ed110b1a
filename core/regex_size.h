/*
 * core/regex_size.h - how big a POSIX extended regex grows when compiled,
 * estimated before regcomp() is asked (see core/regex_size.c).
 */
#ifndef CORE_REGEX_SIZE_H
#define CORE_REGEX_SIZE_H

#include <stdint.h>

/* The largest estimate a lesson's regex may have: such a regex compiles
 * in about 20 ms here; repeats of repeats beyond it take seconds to hours. */
#define REGEX_SIZE_MAX 10000

/* The estimated number of pieces re compiles to, at most
 * REGEX_SIZE_MAX + 1 (meaning "too big"). */
uint64_t regex_size(const char *re);

#endif
