/*
 * tests/unit/test_whole_file.c - a file written whole or not at all
 * (core/whole_file.c): the old contents stay until the commit puts the
 * new ones in their place, a drop leaves them and no temporary file, a
 * link stays a link with its file replaced (made through it where it is
 * not made yet), the permissions of the old
 * file are kept, a name left at the temporary's place is not written
 * through, a device is written in place, a missing folder and a
 * FIFO with no reader are refused at the open.  (A full disk:
 * tests/integration/test_full_disk.sh, on a tmpfs of its own.)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/whole_file.h"

static char dir[] = "/tmp/test_whole_file-XXXXXX";

static void in_dir(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", dir, name);
}

static void put(const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	in_dir(path, sizeof(path), name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void expect(const char *name, const char *want)
{
	char path[PATH_MAX], got[256] = "";
	FILE *f;

	in_dir(path, sizeof(path), name);
	f = fopen(path, "r");
	assert_non_null(f);
	got[fread(got, 1, sizeof(got) - 1, f)] = '\0';
	fclose(f);
	assert_string_equal(got, want);
}

/* How many names the folder holds (no temporary file left over). */
static unsigned names(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

/* path's contents replaced by text through a struct whole_file. */
static void write_whole(const char *path, const char *text)
{
	struct whole_file w;

	assert_int_equal(whole_file_open(&w, path), 0);
	fputs(text, w.f);
	assert_int_equal(whole_file_commit(&w), 0);
}

/* name made to hold "old\n", then opened in w for new contents. */
static void open_over_old(struct whole_file *w, const char *name,
			  char *path, size_t len)
{
	put(name, "old\n");
	in_dir(path, len, name);
	assert_int_equal(whole_file_open(w, path), 0);
}

static void test_old_until_commit(void **state)
{
	struct whole_file w;
	char path[PATH_MAX];

	(void)state;
	open_over_old(&w, "a.txt", path, sizeof(path));
	fputs("new\n", w.f);
	assert_int_equal(fflush(w.f), 0);
	expect("a.txt", "old\n");   /* written, not yet in place */
	assert_int_equal(names(), 2);
	assert_int_equal(whole_file_commit(&w), 0);
	expect("a.txt", "new\n");
	assert_int_equal(names(), 1);
	unlink(path);
}

/* A file linked at the temporary's name beforehand (a leftover, or put
 * there by someone else) is not written through: the name is made new. */
static void test_tmp_name_made_new(void **state)
{
	char path[PATH_MAX], victim[PATH_MAX], tmp[PATH_MAX + 32];

	(void)state;
	put("victim", "keep\n");
	put("d.txt", "old\n");
	in_dir(victim, sizeof(victim), "victim");
	in_dir(path, sizeof(path), "d.txt");
	snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid());
	assert_int_equal(link(victim, tmp), 0);
	write_whole(path, "new\n");
	expect("d.txt", "new\n");
	expect("victim", "keep\n");
	assert_int_equal(names(), 2);
	unlink(path);
	unlink(victim);
}

/* A link to a file not made yet stays a link: the file is made through
 * it (it was replaced by a regular file). */
static void test_dangling_link_kept(void **state)
{
	char path[PATH_MAX], target[PATH_MAX];
	struct stat st;

	(void)state;
	in_dir(path, sizeof(path), "e.txt");
	in_dir(target, sizeof(target), "e-target.txt");
	assert_int_equal(symlink(target, path), 0);
	write_whole(path, "new\n");
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	expect("e-target.txt", "new\n");
	assert_int_equal(names(), 2);
	unlink(path);
	unlink(target);
}

/* A name too long for the temporary's beside it (250 bytes: ".tmpPID"
 * passes the 255 a name may have) is written in place, saying so on a
 * failure; it was refused, File name too long. */
static void test_long_name_in_place(void **state)
{
	struct whole_file w;
	char name[251], path[PATH_MAX];

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	put(name, "old\n");
	in_dir(path, sizeof(path), name);
	assert_int_equal(whole_file_open(&w, path), 0);
	assert_string_equal(w.tmp, "");
	assert_string_equal(whole_file_left(&w), " (the file is left partial)");
	fputs("new\n", w.f);
	assert_int_equal(whole_file_commit(&w), 0);
	expect(name, "new\n");
	unlink(path);
}

static void test_drop_leaves_old(void **state)
{
	struct whole_file w;
	char path[PATH_MAX];

	(void)state;
	open_over_old(&w, "b.txt", path, sizeof(path));
	fputs("half", w.f);
	whole_file_drop(&w);
	expect("b.txt", "old\n");
	assert_int_equal(names(), 1);
	unlink(path);
}

static void test_link_and_mode_kept(void **state)
{
	char path[PATH_MAX], link[PATH_MAX];
	struct stat st;

	(void)state;
	put("c.txt", "old\n");
	in_dir(path, sizeof(path), "c.txt");
	in_dir(link, sizeof(link), "link");
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(symlink("c.txt", link), 0);
	write_whole(link, "new\n");
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	expect("c.txt", "new\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	unlink(link);
	unlink(path);
}

static void test_new_file(void **state)
{
	struct whole_file w;
	char path[PATH_MAX];

	(void)state;
	in_dir(path, sizeof(path), "d.txt");
	assert_int_equal(whole_file_open(&w, path), 0);
	assert_int_equal(names(), 1);   /* only the temporary file */
	fputs("first\n", w.f);
	assert_int_equal(whole_file_commit(&w), 0);
	expect("d.txt", "first\n");
	assert_int_equal(names(), 1);
	unlink(path);
}

/* A device is written in place: /dev/full's ENOSPC is the commit's, with
 * nothing to say about an old file. */
static void test_device_in_place(void **state)
{
	struct whole_file w;

	(void)state;
	assert_int_equal(whole_file_open(&w, "/dev/full"), 0);
	assert_string_equal(w.tmp, "");
	errno = 0;
	fputs("x", w.f);
	assert_int_equal(whole_file_commit(&w), -ENOSPC);
	assert_string_equal(whole_file_left(&w), "");
}

static void test_refused_at_open(void **state)
{
	struct whole_file w;
	char path[PATH_MAX];

	(void)state;
	in_dir(path, sizeof(path), "nodir/e.txt");
	assert_int_equal(whole_file_open(&w, path), -ENOENT);
	in_dir(path, sizeof(path), "fifo");
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(whole_file_open(&w, path), -EPIPE);
	unlink(path);
	assert_int_equal(names(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_until_commit),
		cmocka_unit_test(test_drop_leaves_old),
		cmocka_unit_test(test_tmp_name_made_new),
		cmocka_unit_test(test_dangling_link_kept),
		cmocka_unit_test(test_long_name_in_place),
		cmocka_unit_test(test_link_and_mode_kept),
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_device_in_place),
		cmocka_unit_test(test_refused_at_open),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
