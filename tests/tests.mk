# tests/tests.mk - `make check`: every unit test, under ASan+UBSan, then the
# integration tests against the real binary.  Included by the top Makefile.
#
# A unit test is tests/unit/test_<module>.c: one cmocka executable per
# module, linked with the sanitized library objects.  An integration test is
# tests/integration/*.sh, run by tests/run-all.sh against the sanitized
# binary build/san/vmscope (hostile guests and images against build/vmscope
# too), which prints the closing "N passed, N failed, N skipped" line.

# Sanitized links take UBSan's runtime statically: with both runtimes as
# shared libraries GCC 12's UBSan ignores the log_path option and reports
# only on stderr, where tests/run-one.sh could miss it.
SAN_LDFLAGS := $(SAN_FLAGS) -static-libubsan

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/san/tests/%)
TEST_SUPPORT := $(wildcard tests/unit/support/*.c)
TEST_SUPPORT_ASM := $(wildcard tests/unit/support/*.S)
SAN_SUPPORT_OBJS := $(TEST_SUPPORT:%.c=$(B)/san/%.o) \
	$(TEST_SUPPORT_ASM:%.S=$(B)/san/%.o)

# Assembly support (the native-execution trampoline), for the unit tests and
# for the benchmarks that reuse the test support (bench/bench.mk).
# (Two rules: one pattern rule with two targets would mean one run makes both.)
$(B)/san/tests/unit/support/%.o: tests/unit/support/%.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -c $< -o $@
$(B)/obj/tests/unit/support/%.o: tests/unit/support/%.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -c $< -o $@

$(B)/san/tests/%: $(B)/san/tests/unit/%.o $(SAN_SUPPORT_OBJS) $(SAN_LIB_OBJS) $(B)/guest_blobs.o
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD-SAN  $@",)
	$(Q)$(CC) $(SAN_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(CAPSTONE_LIBS) \
		$(TEST_LIBS) -lpthread

# The SDL window's test also links the window (tui/sdl_*.c, the font) and
# SDL (it posts events itself; the window's dlopen() then finds the same
# library); it runs on SDL's offscreen video driver, so it needs no display.
SDL_WINDOW_SRCS := $(wildcard tui/sdl_*.c) tui/font8x16.c
$(B)/san/tests/test_sdl_window: $(SDL_WINDOW_SRCS:%.c=$(B)/san/%.o)
$(B)/san/tests/test_sdl_window: TEST_LIBS = $(SDL_LIBS)
$(B)/san/tests/unit/test_sdl_window.o: PKG_CFLAGS += $(SDL_CFLAGS)

# The tests of the KVM backend's own code against the fake KVM of
# tests/unit/support/fake_kvm.h: their ioctl() calls go to the fake.
$(B)/san/tests/test_kvm_kick $(B)/san/tests/test_kvm_nested_events \
$(B)/san/tests/test_kvm_nested_io \
$(B)/san/tests/test_kvm_irqfd $(B)/san/tests/test_kvm_run: \
	TEST_LIBS = -Wl,--wrap=ioctl

# Host memory in 2 MiB pages: its test plays a kernel that refuses
# MADV_HUGEPAGE through a wrapped madvise().
$(B)/san/tests/test_host_pages: TEST_LIBS = -Wl,--wrap=madvise

# The worker's test counts the reads of its eventfds (system calls)
# through a wrapped read().
$(B)/san/tests/test_net_worker: TEST_LIBS = -Wl,--wrap=read

# What only the tests need (cmocka, tmux, python3, man): scripts/deps.sh
# check, before the first test object is compiled.
$(UNIT_SRCS:%.c=$(B)/san/%.o) $(TEST_SUPPORT:%.c=$(B)/san/%.o) \
$(TEST_SUPPORT:%.c=$(B)/obj/%.o): | $(CHECK_DEPS_STAMP)

# The TUI's tests link the TUI and the command line (not cli/main.c: the
# test has its own main), with the built-in lessons the command line names.
TUI_TEST_SRCS := $(wildcard tui/*.c) $(filter-out cli/main.c,$(wildcard cli/*.c))
$(B)/san/tests/test_grid: $(B)/san/tui/grid.o
$(B)/san/tests/test_hv_compose: $(B)/san/guest/hv/hv_compose.o
$(B)/san/tests/test_stopcond: $(B)/san/tui/stopcond.o
$(B)/san/tests/test_panel_exits $(B)/san/tests/test_panel_lesson \
$(B)/san/tests/test_panel_nesting $(B)/san/tests/test_panel_cells \
$(B)/san/tests/test_panel_network $(B)/san/tests/test_model \
$(B)/san/tests/test_panel_interrupts $(B)/san/tests/test_panel_cpu \
$(B)/san/tests/test_panel_stats: \
	$(TUI_TEST_SRCS:%.c=$(B)/san/%.o) $(B)/lesson_blobs.o
# The panel tests that compare a panel's text: how they draw it.
$(B)/san/tests/test_panel_interrupts $(B)/san/tests/test_panel_cpu \
$(B)/san/tests/test_panel_stats: $(B)/san/tests/unit/tui_support/panel_text.o
$(B)/san/tests/test_panel_exits $(B)/san/tests/test_panel_lesson \
$(B)/san/tests/test_panel_nesting $(B)/san/tests/test_panel_cells \
$(B)/san/tests/test_panel_network $(B)/san/tests/test_panel_interrupts \
$(B)/san/tests/test_panel_cpu $(B)/san/tests/test_panel_stats \
$(B)/san/tests/test_model: \
	TEST_LIBS = $(NCURSES_LIBS)
$(B)/san/tui/%.o: PKG_CFLAGS += $(NCURSES_CFLAGS) $(SDL_CFLAGS)

# The sanitized vmscope: the same program from the sanitized objects.  The
# integration tests run against it; the hostile ones against the plain
# build/vmscope too (tests/run-all.sh).
SAN_VMSCOPE_OBJS = $(patsubst $(B)/obj/%,$(B)/san/%,$(VMSCOPE_OBJS))
$(B)/san/vmscope: $(SAN_VMSCOPE_OBJS)
	@$(if $(Q),echo "  LD-SAN  $@",)
	$(Q)$(CC) $(SAN_LDFLAGS) -o $@ $^ $(VMSCOPE_LIBS)

# A program with one planted bug per sanitizer, for the test that shows a
# sanitizer report fails a test (tests/integration/test_sanitizer_report.sh).
$(B)/san/tests/planted_bug: $(B)/san/tests/sanitizer/planted_bug.o
	@$(if $(Q),echo "  LD-SAN  $@",)
	$(Q)$(CC) $(SAN_LDFLAGS) -o $@ $^

include tests/fuzz/fuzz.mk

check: all $(UNIT_BINS) bench-build $(B)/san/vmscope \
		$(B)/san/tests/planted_bug $(FUZZ_REPLAYS) | $(CHECK_DEPS_STAMP)
	$(Q)tests/run-all.sh $(B) $(UNIT_BINS)

# The tracer's text (cli/): its unit tests link the cli files they test.
CLI_TEXT_OBJS := $(patsubst %,$(B)/san/cli/%.o,trace_line trace_json textbuf exit_text \
	disasm pic_text)
$(B)/san/tests/test_trace_line: $(CLI_TEXT_OBJS)
$(B)/san/tests/test_trace_json: $(CLI_TEXT_OBJS)
$(B)/san/tests/test_textbuf: $(B)/san/cli/textbuf.o
$(B)/san/tests/test_pic_text: $(B)/san/cli/pic_text.o $(B)/san/cli/textbuf.o
$(B)/san/tests/test_disasm: $(B)/san/cli/disasm.o
$(B)/san/tests/test_exit_text: $(B)/san/cli/exit_text.o $(B)/san/cli/disasm.o
$(B)/san/tests/test_output: $(B)/san/cli/output.o
$(B)/san/tests/test_trace_console: $(B)/san/cli/trace_console.o \
	$(B)/san/cli/output.o
$(B)/san/tests/test_trace_summary: $(CLI_TEXT_OBJS) $(B)/san/cli/trace_summary.o \
	$(B)/san/cli/trace_net.o \
	$(B)/san/cli/signals.o
$(B)/san/tests/test_backend_choice: $(B)/san/cli/backend_choice.o
$(B)/san/tests/test_signals: $(B)/san/cli/signals.o
$(B)/san/tests/test_fuzz_ram: $(B)/san/tests/fuzz/support/fuzz_ram.o

# Hostile and special-purpose guests for the integration tests: each
# tests/guests/*.S is linked alone at 1 MiB, the ordinary way, as
# docs/GUEST.md tells a student to link a guest of their own.
TEST_GUEST_SRCS := $(wildcard tests/guests/*.S)
TEST_GUEST_ELFS := $(TEST_GUEST_SRCS:tests/guests/%.S=$(B)/tests/guests/%.elf)
# Code several of them share, by .include (not a guest itself).
$(TEST_GUEST_ELFS): $(wildcard tests/guests/*.inc)

$(B)/tests/guests/%.elf: tests/guests/%.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) -c -o $(@:.elf=.o) $<
	$(Q)ld -static -nostdlib -Ttext=0x100000 -e _start -o $@ $(@:.elf=.o)

check: $(TEST_GUEST_ELFS)

# test_clock_reads.sh's LD_PRELOAD counter of clock reads.
$(B)/tests/clock_count.so: tests/integration/clock_count.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -shared -fPIC -O2 -Wall -Wextra -Werror -o $@ $< -ldl

check: $(B)/tests/clock_count.so
