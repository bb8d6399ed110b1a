/*
 * core/clock.c - CLOCK_MONOTONIC in nanoseconds (see core/clock.h).
 */
#include <time.h>

#include "core/clock.h"

uint64_t clock_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}
