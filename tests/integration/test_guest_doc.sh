# docs/GUEST.md names every built-in guest `vmscope guests` lists, in the
# folder table and in "How an image is linked", and its shell row gives
# the `ticks` summary the shell's help prints.
. tests/integration/lib.sh
set -e
"$VMSCOPE" guests >"$TMP/guests"
[ -s "$TMP/guests" ] || fail "vmscope guests listed nothing"
while read -r name rest; do
	grep -q "^    $name\.elf *= " docs/GUEST.md ||
		fail "docs/GUEST.md does not say how $name.elf is linked"
	grep -Eq "^\| .*(\`guest/$name/\`|\`$name\.c\`)" docs/GUEST.md ||
		fail "docs/GUEST.md's folder table does not name $name"
done <"$TMP/guests"
grep -q '| `ticks` | timer ticks since the timer started' docs/GUEST.md ||
	fail "docs/GUEST.md's ticks row differs from the shell's help"
grep -q '"timer ticks since the timer started"' guest/user/shell.c ||
	fail "the shell's help for ticks changed: update docs/GUEST.md"
echo PASS
