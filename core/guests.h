/*
 * core/guests.h - the built-in guests, one table a student can read.
 *
 * Each built-in guest is an ELF image built from guest/ and linked into the
 * vmscope binary, so `vmscope trace hello` works from any directory.
 */
#ifndef CORE_GUESTS_H
#define CORE_GUESTS_H

#include <stddef.h>
#include <stdint.h>

struct builtin_guest {
	const char *name;
	const char *summary;
	const uint8_t *image;      /* the ELF file's bytes ... */
	const uint8_t *image_end;  /* ... up to here */
	int is_probe;              /* 1: a doctor probe, not listed by `guests` */
};

/* The table, terminated by an entry with name NULL. */
extern const struct builtin_guest builtin_guests[];

const struct builtin_guest *guests_find(const char *name);

#endif /* CORE_GUESTS_H */
