# `make bench`'s figure for lessons: bench/lessons_check.sh grades every
# built-in lesson on every backend this host has and prints one BENCH line
# per backend, then BENCH lessons_check_s, all of them (one round here: the
# figure's form is checked, never its value).
. tests/integration/lib.sh
set -e
sh bench/lessons_check.sh "$BUILD" 1 >"$TMP/out" 2>&1 ||
	fail "bench/lessons_check.sh: $(cat "$TMP/out")"
cat "$TMP/out"
for backend in $(backends); do
	grep -qE "^BENCH lessons_check_${backend}_s [0-9]+\.[0-9]{2} s$" "$TMP/out" ||
		fail "no BENCH lessons_check_${backend}_s line"
done
[ "$(grep -c '^BENCH lessons_check_s ' "$TMP/out")" -eq 1 ] ||
	fail "not one BENCH lessons_check_s line"
grep -qE "^BENCH lessons_check_s [0-9]+\.[0-9]{2} s$" "$TMP/out" ||
	fail "the BENCH lessons_check_s line's form"
tail -n 1 "$TMP/out" | grep -q "^  every built-in lesson graded on every backend this host has ($(backends 2>/dev/null)): " ||
	fail "lessons_check_s does not say which backends"
echo "lessons bench: OK"
