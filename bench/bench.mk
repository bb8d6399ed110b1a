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

# `make bench-peers`: the software CPU beside QEMU and Bochs on the same
# loops (bench/peers.c).  The peers boot a disk image of our own: the
# boot sector from real mode to long mode, then cpuloops.o unchanged.
PEER_OBJS := $(GUEST_OBJ)/peers/boot.o $(GUEST_OBJ)/peers/peer.o \
	$(GUEST_OBJ)/cpuloops/cpuloops.o

$(B)/bench/peerloops.img: $(PEER_OBJS) guest/peers/peer.ld
	@mkdir -p $(dir $@)
	$(Q)ld -static -nostdlib --build-id=none -z noexecstack \
		--no-warn-rwx-segments -T guest/peers/peer.ld \
		-o $(@:.img=.elf) $(PEER_OBJS)
	$(Q)objcopy -O binary $(@:.img=.elf) $@

.PHONY: bench-peers
bench-peers: $(B)/bench/peers $(B)/bench/softcpu_mips $(B)/bench/peerloops.img
	$(Q)bench/peers.sh $(B)
