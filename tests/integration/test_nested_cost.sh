# The nesting benchmark measures what its names say (docs/NESTING.md, "What
# nesting costs"): bench/nested_cost --check runs the L1 hvbench on the
# software CPU and fails unless each phase of its first round is made of
# the one kind of exit the phase is named for (20000 single-level port
# writes; 20001 reflected ones and as many run doorbells; 20000 taken by
# L0's device; a shadow fault per page first touched, few on the second
# touch), and unless the reflected phase's 20001 entries into L2 kept L2's
# TLB (they took 20005 TLB misses while every entry flushed it).  Counts
# only: no time is asserted.
. tests/integration/lib.sh
run_status "$BUILD/bench/nested_cost" soft --check >"$TMP/out" 2>&1
cat "$TMP/out"
[ "$status" -eq 0 ] || fail "nested_cost soft --check exited $status"
grep -q '^    reflected    20001 L1 exits 20001 L2 reflected ' "$TMP/out" ||
	fail "the reflected phase's exits are not listed"
echo PASS
