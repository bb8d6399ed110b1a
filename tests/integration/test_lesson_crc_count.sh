#!/bin/sh
# The number of instructions your-kvm.lesson says the CRC between its POST
# markers 3 and 4 takes is the number the software CPU retires there:
# bench/softcpu_mips --one crc 1 runs cpuloops as the lesson boots it (one
# CRC round) and counts what retired between the markers.  The lesson said
# "about 200,000" while the loop retires 290,840 (docs/SOFTCPU.md: 71 per
# byte of 4 KiB plus the call and the code around it).  Within 1%.
. tests/integration/lib.sh
set -e

run_status "$BUILD/bench/softcpu_mips" --one crc 1 >"$TMP/one" 2>&1
[ "$status" -eq 0 ] || fail "softcpu_mips --one crc 1 exited $status: $(cat "$TMP/one")"
measured=$(sed -n 's/^mips [0-9.]* insns_per_unit \([0-9]*\)\..*$/\1/p' "$TMP/one")
[ -n "$measured" ] || fail "no count in: $(cat "$TMP/one")"

# the step's narration as one line, then its "about N instructions"
said=$(sed -n '/^step to-the-loop-on-kvm$/,/^step /{s/^ *say //p;}' \
	lessons/your-kvm.lesson | tr '\n' ' ' |
	sed -n 's/.*about \([0-9,]*\) instructions.*/\1/p' | tr -d ,)
[ -n "$said" ] || fail "the lesson's step to-the-loop-on-kvm says no 'about N instructions'"
diff=$((said > measured ? said - measured : measured - said))
[ $((diff * 100)) -le "$measured" ] ||
	fail "the lesson says about $said instructions; the CRC retired $measured"
echo "PASS: the lesson says about $said; the CRC retired $measured"
