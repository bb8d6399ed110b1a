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

.PHONY: bench-build
bench-build: $(BENCH_BINS)

bench: all bench-build
	$(Q)bench/run.sh $(B)
