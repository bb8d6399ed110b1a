# tests/fuzz/fuzz.mk - the fuzz targets, built two ways.  Included by
# tests/tests.mk.
#
# A target is tests/fuzz/fuzz_<name>.c: one LLVMFuzzerTestOneInput over
# the project's own code, with the shared input readers of
# tests/fuzz/support/.  Its committed corpus is tests/fuzz/corpus/<name>/:
# seeds, and every input a fuzzer ever crashed on.
#
#   make fuzz    clang, libFuzzer, ASan and UBSan; the project's library
#                rebuilt by clang with coverage (build/fuzz/).  Each target
#                runs FUZZ_RUNS inputs (default 10 million, the goal every
#                target must reach without a crash) from its corpus, cut
#                short after FUZZ_S seconds if FUZZ_S is not 0 (default 0:
#                no time limit), and the run prints its execs and crashes
#                (tests/fuzz/run.sh).  FUZZ_ONLY="a b" runs only those.
#                clang is installed for this only (scripts/deps.sh fuzz).
#   make check   gcc, ASan and UBSan: build/san/tests/fuzz/replay_<name>
#                runs every file of the corpus once through
#                tests/fuzz/replay_main.c, so a regression fails CI without
#                clang.

FUZZ_RUNS ?= 10000000
FUZZ_S ?= 0
FUZZ_CC := clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer
FUZZ_TARGET_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_TARGET_SRCS:tests/fuzz/fuzz_%.c=%)
FUZZ_ONLY ?= $(FUZZ_NAMES)
FUZZ_SUPPORT_SRCS := $(wildcard tests/fuzz/support/*.c)
FUZZ_REPLAYS := $(FUZZ_NAMES:%=$(B)/san/tests/fuzz/replay_%)
FUZZ_BINS := $(FUZZ_NAMES:%=$(B)/fuzz/fuzz_%)
FUZZ_DEPS_STAMP := $(B)/fuzz/deps.stamp

# The library as archives: a target links only the objects it reaches.
# Objects go first on the link line, archives after them, so an object a
# target adds (below) finds what it uses in the library.
FUZZ_LINK_ORDER = $(filter-out %.a,$^) $(filter %.a,$^)
$(B)/san/libvmscope.a: $(SAN_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^
$(B)/fuzz/libvmscope.a: $(LIB_SRCS:%.c=$(B)/fuzz/%.o)
	$(Q)rm -f $@ && ar rcs $@ $^

# make check's replay drivers (gcc).  The built-in guests' images come
# along: core/guests.c names them, and the library reaches it (the nested
# run starts the hv guest).
$(B)/san/tests/fuzz/replay_%: $(B)/san/tests/fuzz/fuzz_%.o \
		$(B)/san/tests/fuzz/replay_main.o \
		$(FUZZ_SUPPORT_SRCS:%.c=$(B)/san/%.o) $(B)/san/libvmscope.a \
		$(B)/guest_blobs.o
	@$(if $(Q),echo "  LD-SAN  $@",)
	$(Q)$(CC) $(SAN_LDFLAGS) -o $@ $(FUZZ_LINK_ORDER) -lpthread

# make fuzz's objects and targets (clang with libFuzzer's coverage).
$(FUZZ_DEPS_STAMP): scripts/deps.sh
	$(Q)scripts/deps.sh fuzz
	@mkdir -p $(dir $@) && touch $@

# clang's warnings differ from gcc's (the -Werror build that guards the
# code): here they are not fatal, and partly initialised tables, which
# this code writes on purpose, draw none.
FUZZ_CFLAGS = $(filter-out -Werror,$(HOST_CFLAGS)) \
	-Wno-missing-field-initializers $(FUZZ_SAN) -fsanitize=fuzzer-no-link

$(B)/fuzz/%.o: %.c | $(DEPS_STAMP) $(FUZZ_DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC-FUZZ $<",)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(B)/fuzz/fuzz_%: $(B)/fuzz/tests/fuzz/fuzz_%.o \
		$(FUZZ_SUPPORT_SRCS:%.c=$(B)/fuzz/%.o) $(B)/fuzz/libvmscope.a \
		$(B)/guest_blobs.o
	@$(if $(Q),echo "  LD-FUZZ $@",)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $(FUZZ_LINK_ORDER) -lpthread

# The cells target's images are the unit test's stand-in
# (tests/unit/support/builtin_images.c), in both builds.
$(B)/fuzz/fuzz_cells: $(B)/fuzz/tests/unit/support/builtin_images.o
$(B)/san/tests/fuzz/replay_cells: $(B)/san/tests/unit/support/builtin_images.o

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)
fuzz: fuzz-build
	$(Q)tests/fuzz/run.sh $(B) $(FUZZ_RUNS) $(FUZZ_S) $(FUZZ_ONLY)
