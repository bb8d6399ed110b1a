# bench/bench.mk - `make bench`: build the benchmark programs and run them.
# Every figure is printed as "BENCH <name> <value> <unit>".

BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(B)/bench/%)

$(B)/bench/%: $(B)/obj/bench/%.o $(LIB_OBJS) $(B)/guest_blobs.o
	@$(if $(Q),echo "  LD      $@",)
	$(Q)$(CC) -o $@ $^ $(CAPSTONE_LIBS) -lpthread

.PHONY: bench-build
bench-build: $(BENCH_BINS)

bench: all bench-build
	$(Q)bench/run.sh $(B)
