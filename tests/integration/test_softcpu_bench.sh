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
echo PASS
