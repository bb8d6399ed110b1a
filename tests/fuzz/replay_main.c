/*
 * tests/fuzz/replay_main.c - make check's driver for a fuzz target: runs
 * LLVMFuzzerTestOneInput once on each file of the committed corpus.
 *
 * Usage: replay_<target> FILE|DIR...   (a DIR's files in name order)
 *
 * Linked by gcc with ASan+UBSan instead of libFuzzer's main, so make check
 * needs no clang; a crash or sanitizer report on any corpus file (a seed,
 * or an input a fuzzer once crashed on) fails the test.  Each input is
 * copied into a buffer of exactly its size, so a read past its end is a
 * heap overflow ASan sees, as under libFuzzer.  Exits 0 after at least one
 * input, 1 when there was none or a file could not be read.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/support/fuzz_input.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *buf;
	int err = 0;

	if (!f || fstat(fileno(f), &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf || fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		err = -1;
		goto out;
	}
	LLVMFuzzerTestOneInput(buf, st.st_size);
out:
	free(buf);
	fclose(f);
	return err;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int regular(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Every file in dir; adds to *count.  0 or -1. */
static int replay_dir(const char *dir, unsigned *count)
{
	struct dirent **names;
	char path[4096];
	int n = scandir(dir, &names, regular, by_name), err = 0;

	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (!err && replay_file(path) == 0)
			(*count)++;
		else
			err = -1;
		free(names[i]);
	}
	free(names);
	return err;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	struct stat st;

	for (int i = 1; i < argc; i++) {
		int err;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			err = replay_dir(argv[i], &count);
		} else {
			err = replay_file(argv[i]);
			count += err == 0;
		}
		if (err)
			return 1;
	}
	printf("%s: %u inputs replayed\n", argv[0], count);
	return count ? 0 : 1;
}
