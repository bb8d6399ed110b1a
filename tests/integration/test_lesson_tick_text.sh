#!/bin/sh
# partitioning.lesson's step back-to-sleep names every kind of exit it
# shows: the EOI and the HLT of a tick that kept up, and the
# IRQ_WINDOW_OPEN of a tick that came due before the handler returned
# (the software CPU runs late so right after the timer starts), or an
# INTR.  The step said "The HLT is the second exit of a tick" above
# IRQ_WINDOW_OPEN, EOI, IRQ_WINDOW_OPEN, EOI, HLT.  On the software CPU,
# where --check must pass.
. tests/integration/lib.sh
set -e

printf "timer\np99\n" >"$TMP/answers"
run_status "$VMSCOPE" lesson --backend soft partitioning <"$TMP/answers" >"$TMP/out" 2>&1
[ "$status" -eq 0 ] || fail "the lesson: status $status: $(tail -3 "$TMP/out")"
grep -qx "== step back-to-sleep == OK" "$TMP/out" ||
	fail "back-to-sleep did not pass: $(grep '== step back-to-sleep' "$TMP/out")"
sed -n '/^-- step back-to-sleep /,/^== step back-to-sleep /p' "$TMP/out" >"$TMP/step"
# the narration: the indented lines before the first exit
awk '/^-- /{next} /^ +[0-9]+ /{exit} {print}' "$TMP/step" | tr '\n' ' ' >"$TMP/said"
# each exit as the word the narration must hold for it
awk '$1 ~ /^[0-9]+$/ { r = $4; sub(/\(.*/, "", r)
	if (r == "IO" && $6 ~ /^pic_eoi\+/) r = "EOI"; print r }' "$TMP/step" |
	sort -u >"$TMP/kinds"
[ -s "$TMP/kinds" ] || fail "the step showed no exit: $(cat "$TMP/step")"
while read -r kind; do
	grep -q "$kind" "$TMP/said" ||
		fail "the step shows $kind exits its text does not name: $(cat "$TMP/step")"
done <"$TMP/kinds"
run_status "$VMSCOPE" lesson --backend soft --check partitioning </dev/null >"$TMP/check" 2>&1
[ "$status" -eq 0 ] || fail "lesson --check: status $status: $(cat "$TMP/check")"
echo "PASS: the step shows $(tr '\n' ' ' <"$TMP/kinds")- each named"
