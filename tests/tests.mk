# tests/tests.mk - `make check`: every unit test, under ASan+UBSan, then the
# integration tests against the real binary.  Included by the top Makefile.
#
# A unit test is tests/unit/test_<module>.c: one cmocka executable per
# module, linked with the sanitized library objects.  An integration test is
# tests/integration/*.sh, run by tests/run-all.sh, which prints the closing
# "N passed, N failed, N skipped" line.

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/san/tests/%)
TEST_SUPPORT := $(wildcard tests/unit/support/*.c)
SAN_SUPPORT_OBJS := $(TEST_SUPPORT:%.c=$(B)/san/%.o)

$(B)/san/tests/%: $(B)/san/tests/unit/%.o $(SAN_SUPPORT_OBJS) $(SAN_LIB_OBJS) $(B)/guest_blobs.o
	@$(if $(Q),echo "  LD-SAN  $@",)
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $^ $(CMOCKA_LIBS) $(CAPSTONE_LIBS) -lpthread

check: all $(UNIT_BINS) bench-build
	$(Q)tests/run-all.sh $(B) $(UNIT_BINS)
