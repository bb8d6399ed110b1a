/*
 * tests/fuzz/support/fuzz_input.c - see fuzz_input.h.  Multi-byte values
 * are little-endian, as the guest's are.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/support/fuzz_input.h"

void fuzz_input_init(struct fuzz_input *in, const uint8_t *data, size_t len)
{
	in->data = data;
	in->len = len;
	in->pos = 0;
}

bool fuzz_input_done(const struct fuzz_input *in)
{
	return in->pos >= in->len;
}

void fuzz_bytes(struct fuzz_input *in, void *dst, size_t n)
{
	size_t left = in->len - in->pos;
	size_t take = n < left ? n : left;

	if (take)
		memcpy(dst, in->data + in->pos, take);
	memset((uint8_t *)dst + take, 0, n - take);
	in->pos += take;
}

static uint64_t take_le(struct fuzz_input *in, size_t n)
{
	uint8_t b[8];
	uint64_t v = 0;

	fuzz_bytes(in, b, n);
	for (size_t i = n; i-- > 0;)
		v = v << 8 | b[i];
	return v;
}

uint8_t fuzz_u8(struct fuzz_input *in)
{
	return (uint8_t)take_le(in, 1);
}

uint16_t fuzz_u16(struct fuzz_input *in)
{
	return (uint16_t)take_le(in, 2);
}

uint32_t fuzz_u32(struct fuzz_input *in)
{
	return (uint32_t)take_le(in, 4);
}

uint64_t fuzz_u64(struct fuzz_input *in)
{
	return take_le(in, 8);
}

const uint8_t *fuzz_rest(struct fuzz_input *in, size_t *n)
{
	const uint8_t *rest = in->data + in->pos;

	*n = in->len - in->pos;
	in->pos = in->len;
	return rest;
}

char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
	}
	return text;
}
