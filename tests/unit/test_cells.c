/*
 * tests/unit/test_cells.c - the cells configuration (core/cells_parse.c,
 * core/cells_check.c): a good file read back field by field, and every
 * refusal the stage promises - overlapping RAM or MMIO, a port or IRQ
 * owned twice, a CPU given twice or taken from the host's housekeeping,
 * RAM not page-aligned, an image that does not fit, a console file given
 * twice or over the configuration, an unknown key - each
 * with its exact "file:line: what is wrong".
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/cells.h"
#include "core/guests.h"
#include "tests/unit/support/builtin_images.h"

/* Two cells that share nothing: each test below spoils one line. */
#define CELL_A "cell a\nimage hello\nram 0x0 16M\n"
#define CELL_B "cell b\nimage hello\nram 0x1000000 16M\n"

static int load(const char *text, struct cells_config *cfg, char *err,
		size_t errlen)
{
	int ret = cells_parse("t.cell", text, cfg, err, errlen);

	return ret ? ret : cells_check(cfg, &builtin_cell_images, err, errlen);
}

static void expect_error(const char *text, const char *why)
{
	static struct cells_config cfg;
	char err[512] = "";

	assert_int_equal(load(text, &cfg, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, why);
}

static void test_good_file(void **state)
{
	static struct cells_config cfg;
	char err[512] = "";

	(void)state;
	assert_int_equal(load("# partitions\nhost-cpus 0\n"
			      "cell rt   # the control loop\n"
			      "\timage hello\n\tram 0x0 16M\n\tcpu 1\n"
			      "\tport 0x3f8-0x3ff\n\tport 0x40\n\tirq 4\n"
			      "\tmmio 0xd0000000 4K\n\tconsole none\n"
			      CELL_B, &cfg, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(cfg.ncells, 2);
	assert_int_equal(cfg.nhost_cpus, 1);
	assert_int_equal(cfg.host_cpus[0].first, 0);
	assert_string_equal(cfg.cells[0].name, "rt");
	assert_int_equal(cfg.cells[0].line, 3);
	assert_string_equal(cfg.cells[0].image, "hello");
	assert_int_equal(cfg.cells[0].ram.first, 0);
	assert_int_equal(cfg.cells[0].ram.last, (16u << 20) - 1);
	assert_int_equal(cfg.cells[0].cpu, 1);
	assert_int_equal(cfg.cells[0].nports, 2);
	assert_int_equal(cfg.cells[0].ports[0].first, 0x3f8);
	assert_int_equal(cfg.cells[0].ports[0].last, 0x3ff);
	assert_int_equal(cfg.cells[0].ports[1].first, 0x40);
	assert_int_equal(cfg.cells[0].ports[1].last, 0x40);
	assert_int_equal(cfg.cells[0].nirqs, 1);
	assert_int_equal(cfg.cells[0].irqs[0].first, 4);
	assert_int_equal(cfg.cells[0].nmmio, 1);
	assert_int_equal(cfg.cells[0].mmio[0].last, 0xd0000fff);
	assert_string_equal(cfg.cells[0].console, "none");
	assert_string_equal(cfg.cells[1].name, "b");
	assert_int_equal(cfg.cells[1].cpu, CELL_CPU_NONE);
	assert_string_equal(cfg.cells[1].console, "stdout");
}

static void test_ram_overlap(void **state)
{
	(void)state;
	expect_error(CELL_A "cell b\nimage hello\nram 0xfff000 16M\n",
		     "t.cell:6: ram 0xfff000-0x1ffefff overlaps the ram of "
		     "cell 'a' (line 3)");
}

static void test_mmio_overlap(void **state)
{
	(void)state;
	expect_error(CELL_A "mmio 0xd0000000 8K\n" CELL_B
		     "mmio 0xd0001000 4K\n",
		     "t.cell:8: mmio 0xd0001000-0xd0001fff overlaps the mmio "
		     "of cell 'a' (line 4)");
	expect_error(CELL_A "mmio 0x800000 4K\n",
		     "t.cell:4: mmio 0x800000-0x800fff overlaps the ram of "
		     "cell 'a' (line 3)");
}

static void test_port_twice(void **state)
{
	(void)state;
	expect_error(CELL_A "port 0x3f8-0x3ff\n" CELL_B "port 0x3fc\n",
		     "t.cell:8: port 0x3fc is already owned by cell 'a' "
		     "(line 4)");
}

static void test_irq_twice(void **state)
{
	(void)state;
	expect_error(CELL_A "irq 4\n" CELL_B "irq 4\n",
		     "t.cell:8: irq 0x4 is already owned by cell 'a' (line 4)");
}

static void test_cpu_twice(void **state)
{
	(void)state;
	expect_error(CELL_A "cpu 1\n" CELL_B "cpu 1\n",
		     "t.cell:8: cpu 1 is already given to cell 'a' (line 4)");
}

static void test_cpu_housekeeping(void **state)
{
	(void)state;
	expect_error("host-cpus 0 1\n" CELL_A "cpu 1\n",
		     "t.cell:5: cpu 1 is one of the host's housekeeping CPUs "
		     "(line 1)");
	expect_error(CELL_A "cpu 0\nhost-cpus 0\n",
		     "t.cell:5: host-cpus 0: that CPU is given to cell 'a' "
		     "(line 4)");
}

static void test_ram_not_aligned(void **state)
{
	(void)state;
	expect_error("cell a\nimage hello\nram 0x0 0x1000800\n",
		     "t.cell:3: ram size 0x1000800 is not a multiple of the "
		     "page size (4096 bytes)");
	expect_error("cell a\nimage hello\nram 0x10 16M\n",
		     "t.cell:3: ram base 0x10 is not a multiple of the page "
		     "size (4096 bytes)");
	expect_error("cell a\nimage hello\nram 0x0 4G\n",
		     "t.cell:3: ram size 0x100000000: a cell's RAM is 4 MiB "
		     "to 3072 MiB");
}

static void test_image_does_not_fit(void **state)
{
	(void)state;
	static struct cells_config cfg;
	const char *head = "t.cell:2: image 'hello' does not fit cell 'a' "
			   "(4096 KiB of RAM): segment 2 [0x400000-";
	const char *tail = ") is outside guest RAM (4 MiB)";
	char err[512] = "";

	/* the user program's segment at 4 MiB; where it ends, hello's size
	 * decides */
	assert_int_equal(load("cell a\nimage hello\nram 0x0 4M\n", &cfg, err,
			      sizeof(err)), -EINVAL);
	assert_memory_equal(err, head, strlen(head));
	assert_string_equal(err + strlen(err) - strlen(tail), tail);
	expect_error("cell a\nimage nothing\nram 0x0 4M\n",
		     "t.cell:2: image 'nothing': no such guest");
}

/* A console file truncates what it names: one cell's alone, and never the
 * configuration (by name here: neither file exists; the command's test
 * has them on disk and an image too). */
static void test_console_claims(void **state)
{
	(void)state;
	expect_error(CELL_A "console vmscope-test-out.txt\n"
		     CELL_B "console ./vmscope-test-out.txt\n",
		     "t.cell:8: console ./vmscope-test-out.txt is already the "
		     "console of cell 'a' (line 4)");
	expect_error(CELL_A "console ./t.cell\n",
		     "t.cell:4: console ./t.cell is this configuration file");
}

static void test_unknown_key(void **state)
{
	(void)state;
	expect_error(CELL_A "rma 0x0 16M\n", "t.cell:4: unknown key 'rma'");
}

/* What the parser itself refuses, line by line. */
static void test_syntax(void **state)
{
	(void)state;
	expect_error("image hello\n",
		     "t.cell:1: 'image' before any 'cell NAME' line");
	expect_error("# nothing\n",
		     "t.cell:1: no 'cell NAME' line: nothing to run");
	expect_error(CELL_A "cell a\n",
		     "t.cell:4: a second cell named 'a' (the first is line 1)");
	expect_error(CELL_A "ram 0x0 4M\n",
		     "t.cell:4: a second 'ram' line in cell 'a' (the first is "
		     "line 3)");
	expect_error("cell a\nram 0x0 16M\n",
		     "t.cell:1: cell 'a' has no 'image' line");
	expect_error("cell a\nimage hello\n",
		     "t.cell:1: cell 'a' has no 'ram' line");
	expect_error("cell a b\n", "t.cell:1: usage: cell NAME");
	expect_error("cell a/b\n", "t.cell:1: cell name 'a/b': letters, "
		     "digits, - and _ only, at most 23 of them");
	expect_error("cell a\nram 0x0 16Q\n",
		     "t.cell:2: ram '16Q': not a number (digits only, or 0x "
		     "and hex digits), or a number with K, M or G");
	expect_error(CELL_A "port 0x10000\n",
		     "t.cell:4: port '0x10000': out of range (0 to 65535)");
	/* cut at 31 characters, this once read as the single port 0x3f */
	expect_error(CELL_A "port 0x00000000000000000000000000003f8-0x3ff\n",
		     "t.cell:4: port 0x00000000000000000000000000003f8-0x3ff: "
		     "longer than any port number");
	expect_error(CELL_A "port 0x3ff-0x3f8\n",
		     "t.cell:4: port 0x3ff-0x3f8: the range ends before it "
		     "starts");
	expect_error(CELL_A "irq 16\n",
		     "t.cell:4: irq '16': out of range (0 to 15)");
	expect_error(CELL_A "cpu -1\n", "t.cell:4: cpu '-1': not a number "
		     "(digits only, or 0x and hex digits)");
	expect_error(CELL_A "mmio 0xffffffffffff0000 1M\n",
		     "t.cell:4: mmio: 0xffffffffffff0000 + 1M is beyond the "
		     "64-bit address space");
	expect_error("host-cpus 0 1 2 3 4 5 6 7\n",
		     "t.cell:1: more than 8 words on one line");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_ram_overlap),
		cmocka_unit_test(test_mmio_overlap),
		cmocka_unit_test(test_port_twice),
		cmocka_unit_test(test_irq_twice),
		cmocka_unit_test(test_cpu_twice),
		cmocka_unit_test(test_cpu_housekeeping),
		cmocka_unit_test(test_ram_not_aligned),
		cmocka_unit_test(test_image_does_not_fit),
		cmocka_unit_test(test_console_claims),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_syntax),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
