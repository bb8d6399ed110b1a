# A guest of one's own, linked the ordinary way docs/GUEST.md shows
# (`ld -Ttext=0x100000`, no -N): the image has a header-only PT_LOAD a
# page below its text, which lies in no range vmscope uses, so it loads,
# runs and prints on every backend.
. tests/integration/lib.sh
set -e
elf="$BUILD/tests/guests/own_link.elf"
grep -qF 'ld -static -nostdlib -Ttext=0x100000 -e _start -o myguest.elf myguest.o' \
	docs/GUEST.md || fail "docs/GUEST.md no longer shows the link command this test uses"
readelf -lW "$elf" | grep -q 'LOAD  *0x000000 0x00000000000ff000' ||
	fail "the ordinary link made no header-only PT_LOAD at 0xff000: $(readelf -lW "$elf")"
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --serial "$TMP/console" \
		"$elf" >"$TMP/trace" 2>"$TMP/err"
	[ "$status" -eq 1 ] || fail "$backend: exit status $status, expected 1 (the guest's count): $(cat "$TMP/err")"
	printf 'Hello from a guest of my own\n' | cmp -s - "$TMP/console" ||
		fail "$backend: console was: $(cat "$TMP/console")"
	grep -qx 'vmscope: guest exited with status 1' "$TMP/err" ||
		fail "$backend: no exit status line: $(cat "$TMP/err")"
done
echo PASS
