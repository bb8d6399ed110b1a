/*
 * tests/fuzz/support/fuzz_input.h - reading a fuzzer's input as a little
 * program.
 *
 * Every target (tests/fuzz/fuzz_*.c) gets its input as one byte string from
 * libFuzzer (make fuzz) or from a corpus file (make check's replay,
 * tests/fuzz/replay_main.c).  Most targets read it as a sequence of
 * operations: a byte choosing what to do, then the operation's arguments.
 * These helpers take the next bytes off the front; once the input is used
 * up every read gives zeros and fuzz_input_done() says so, so a target
 * needs no length check of its own and every input, however short, is a
 * valid program.
 *
 * Also the one declaration every target defines: libFuzzer's entry point.
 */
#ifndef TESTS_FUZZ_SUPPORT_FUZZ_INPUT_H
#define TESTS_FUZZ_SUPPORT_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fuzz_input {
	const uint8_t *data;
	size_t len;
	size_t pos;          /* bytes taken so far */
};

void fuzz_input_init(struct fuzz_input *in, const uint8_t *data, size_t len);
bool fuzz_input_done(const struct fuzz_input *in);
uint8_t fuzz_u8(struct fuzz_input *in);
uint16_t fuzz_u16(struct fuzz_input *in);
uint32_t fuzz_u32(struct fuzz_input *in);
uint64_t fuzz_u64(struct fuzz_input *in);
/* The next n bytes into dst, zero-filled past the input's end. */
void fuzz_bytes(struct fuzz_input *in, void *dst, size_t n);
/* The rest of the input; *n gets its length (0 when used up). */
const uint8_t *fuzz_rest(struct fuzz_input *in, size_t *n);

/* The whole input as a NUL-terminated string (free() it), as a file's
 * loader hands text to a parser; NULL when out of memory. */
char *fuzz_text(const uint8_t *data, size_t size);

/* libFuzzer's entry point: one input, returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* TESTS_FUZZ_SUPPORT_FUZZ_INPUT_H */
