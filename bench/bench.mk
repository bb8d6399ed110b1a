# bench/bench.mk - `make bench`: build the benchmark programs and run them.
# Every figure is printed as "BENCH <name> <value> <unit>".  Each
# bench/*.c is one program; bench/support/*.c is linked into all of them.

BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(B)/bench/%)
BENCH_SUPPORT_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(wildcard bench/support/*.c))

$(B)/bench/%: $(B)/obj/bench/%.o $(BENCH_SUPPORT_OBJS) $(LIB_OBJS) $(B)/guest_blobs.o
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",)
	$(Q)$(CC) -o $@ $^ $(CAPSTONE_LIBS) -lpthread

# The long differential run of the software CPU reuses the unit tests'
# native harness, instruction generator and comparison (unsanitized here).
CPU_DIFF_SUPPORT_OBJS := $(addprefix $(B)/obj/tests/unit/support/, \
	native_exec.o native_exec_trampoline.o insn_gen.o insn_gen_encode.o \
	insn_gen_arith.o insn_gen_move.o cpu_diff.o)
$(B)/bench/cpu_diff_long: $(CPU_DIFF_SUPPORT_OBJS)

.PHONY: bench-build
bench-build: $(BENCH_BINS)

bench: all bench-build
	$(Q)bench/run.sh $(B)
