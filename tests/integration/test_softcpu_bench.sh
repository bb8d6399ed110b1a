# The software CPU's speed figures measure what their names say: a short
# run of bench/softcpu_mips --check, whose every loop must retire at least
# the instructions its code takes per unit of work (docs/SOFTCPU.md).  It
# failed while gcc hoisted the pure crc32() out of the CRC rounds loop.
. tests/integration/lib.sh
run_status "$BUILD/bench/softcpu_mips" --check >"$TMP/out" 2>&1
cat "$TMP/out"
[ "$status" -eq 0 ] || fail "softcpu_mips --check exited $status"
for what in "ALU loop" "CRC-32" "copy loop"; do
	grep -q "^softcpu_mips: $what: .* instructions retired per " "$TMP/out" ||
		fail "no instruction count for the $what"
done
# --one, make bench-peers' software-CPU side: one loop alone, with the
# instructions per unit its code takes (the peers' figures use it): 10
# per ALU iteration, 290,832 per CRC round, 10,254 per copy round, and the
# few around the loop spread over its units.
for one in "alu 100000 10\.00" "crc 3 29083[2-5]\..." \
	   "memcpy 3 1025[4-7]\..."; do
	set -- $one
	run_status "$BUILD/bench/softcpu_mips" --one "$1" "$2" >"$TMP/one" 2>&1
	[ "$status" -eq 0 ] || fail "softcpu_mips --one $1 $2 exited $status"
	grep -q "^mips [0-9.]* insns_per_unit $3$" "$TMP/one" ||
		fail "softcpu_mips --one $1: $(cat "$TMP/one"), not $3 per unit"
done
echo PASS
