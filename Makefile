# vmscope - one non-recursive Makefile.
#
#   make          build build/vmscope and the guests
#   make run      start the main job: the full-screen view on the hello guest
#   make check    build everything and run every test
#   make check-stress  the reboot test 200 times per backend under CPU load
#   make bench    run the benchmarks (BENCH <name> <value> <unit> lines)
#   make install  build/vmscope, its man page and bash completion under
#                 $(DESTDIR)$(PREFIX) (PREFIX=/usr/local); make uninstall
#
# V=1 shows the commands, WERROR=0 relaxes -Werror.  Outputs go to build/.
# Missing packages are installed by scripts/deps.sh (as root on Debian and
# its kin), or it names them: `make` and `make run` need only what builds
# vmscope, `make check` also cmocka, tmux, python3 and man.  Folder fragments (*.mk) are included
# below; they add to the variables here, they never call make again.

V ?= 0
WERROR ?= 1
Q := $(if $(filter 1,$(V)),,@)
B := build

CC := gcc
# Recursive (=) so pkg-config runs only after scripts/deps.sh has installed
# what was missing; the deps stamp is an order-only prerequisite of objects.
PKG_CFLAGS = $(shell pkg-config --cflags capstone)
CAPSTONE_LIBS = $(shell pkg-config --libs capstone)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)
NCURSES_CFLAGS = $(shell pkg-config --cflags ncursesw)
NCURSES_LIBS = $(shell pkg-config --libs ncursesw)
SDL_CFLAGS = $(shell pkg-config --cflags sdl2)
SDL_LIBS = $(shell pkg-config --libs sdl2)

WARN := -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror,)
HOST_CFLAGS = -std=c17 -O2 -g $(WARN) -D_GNU_SOURCE -I. -MMD -MP $(PKG_CFLAGS)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=all
DEPS_STAMP := $(B)/deps.stamp
CHECK_DEPS_STAMP := $(B)/deps-check.stamp

.PHONY: all run check check-stress bench clean deps install uninstall
# Keep intermediate objects: test and bench programs are linked from them.
.SECONDARY:
all: $(B)/vmscope guests

# --- host side: core, devices, kvm, cpu, cli --------------------------------
LIB_SRCS := $(wildcard core/*.c devices/*.c kvm/*.c cpu/*.c)
CLI_SRCS := $(wildcard cli/*.c)
TUI_SRCS := $(wildcard tui/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(B)/obj/%.o)
TUI_OBJS := $(TUI_SRCS:%.c=$(B)/obj/%.o)
SAN_LIB_OBJS := $(LIB_SRCS:%.c=$(B)/san/%.o)

$(B)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<",)
	$(Q)$(CC) $(HOST_CFLAGS) -c $< -o $@

$(B)/san/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC-SAN  $<",)
	$(Q)$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(DEPS_STAMP): scripts/deps.sh
	$(Q)scripts/deps.sh build
	@mkdir -p $(B) && touch $@
$(CHECK_DEPS_STAMP): scripts/deps.sh
	$(Q)scripts/deps.sh check
	@mkdir -p $(B) && touch $@
deps: $(DEPS_STAMP)

include guest/guest.mk
include guest/own.mk

# The built-in guests are linked into the binary (core/guests.c names them).
$(B)/guest_blobs.o: scripts/guest_blobs.S $(GUEST_ELFS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -c -I$(B)/guest scripts/guest_blobs.S -o $@

# The built-in lessons (cli/builtin_lessons.c names them), for vmscope only.
LESSON_FILES := $(wildcard lessons/*.lesson)
$(B)/lesson_blobs.o: scripts/lesson_blobs.S $(LESSON_FILES) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -c -Ilessons scripts/lesson_blobs.S -o $@

# The front ends: only vmscope links curses (tui/).  The SDL window
# (tui/sdl_*.c, which its unit test builds sanitized too) is compiled
# with SDL's header but not linked with SDL: tui/sdl_lib.c loads it when
# a window opens, so a run without one never pays for SDL's libraries.
$(TUI_OBJS): PKG_CFLAGS += $(NCURSES_CFLAGS)
$(B)/obj/tui/sdl_%.o $(B)/san/tui/sdl_%.o: PKG_CFLAGS += $(SDL_CFLAGS)

# The program's parts, also linked sanitized as build/san/vmscope
# (tests/tests.mk).
VMSCOPE_OBJS = $(CLI_OBJS) $(TUI_OBJS) $(LIB_OBJS) $(B)/guest_blobs.o \
	       $(B)/lesson_blobs.o
# capstone is linked into vmscope itself, and vmscope is not
# position-independent: the dynamic loader relocating the shared library's
# ~80,000 table pointers, and the copy-on-write faults on their pages, took
# ~9 ms of a 28 ms `trace --max-exits 1` at every start (docs/BENCH.md,
# "Start-up").  ncurses is linked in too: loading libncursesw and libtinfo
# (their 1,506 relocations, ~20 page faults) was most of the dynamic
# loader's time at every start, `trace` included, which never draws a
# screen.  The price: ASLR moves libc and the heap, not vmscope's own code.
VMSCOPE_LIBS = -no-pie -Wl,-Bstatic $(CAPSTONE_LIBS) $(NCURSES_LIBS) \
	       -Wl,-Bdynamic -lpthread
$(B)/vmscope: $(VMSCOPE_OBJS)
	@$(if $(Q),echo "  LD      $@",)
	$(Q)$(CC) -o $@ $^ $(VMSCOPE_LIBS)

include tests/tests.mk
include bench/bench.mk

run: $(B)/vmscope guests
	$(B)/vmscope run hello

# Not part of check: minutes long, and it keeps a core busy on purpose.
check-stress: all
	$(Q)tests/stress/reboot_loop.sh $(B)

# The binary carries its guests, so these three files are all there is.
PREFIX ?= /usr/local
INSTALLED_BIN := $(DESTDIR)$(PREFIX)/bin/vmscope
INSTALLED_MAN := $(DESTDIR)$(PREFIX)/share/man/man1/vmscope.1
INSTALLED_COMPLETION := $(DESTDIR)$(PREFIX)/share/bash-completion/completions/vmscope

install: $(B)/vmscope
	install -D -m 755 $(B)/vmscope $(INSTALLED_BIN)
	install -D -m 644 docs/vmscope.1 $(INSTALLED_MAN)
	install -D -m 644 scripts/vmscope-completion.bash $(INSTALLED_COMPLETION)

uninstall:
	rm -f $(INSTALLED_BIN) $(INSTALLED_MAN) $(INSTALLED_COMPLETION)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
