# The VGA text buffer's two backings, on every backend: as RAM (the default,
# refreshed from the dirty-page log) the guest's console stores cause no
# exit; as MMIO (--vga mmio) each store is one MMIO exit to 0xb8000-0xbffff:
# one per character `hello` prints (37), and the console is the same.
. tests/integration/lib.sh
set -e
count_vga_stores() {
	python3 -c '
import json, sys
n = 0
for l in open(sys.argv[1]):
    if l.startswith("{\"seq\""):
        m = json.loads(l).get("mmio")
        if m and 0xb8000 <= m["gpa"] < 0xc0000:
            if m["dir"] != "out" or m["len"] != 2:
                sys.exit("FAIL: a VGA access that is not a 2-byte store: %s" % m)
            n += 1
print(n)' "$1"
}
for backend in $(backends); do
	for vga in ram mmio; do
		run_status "$VMSCOPE" trace --backend $backend --vga $vga --json \
			--serial "$TMP/serial.$vga" hello >"$TMP/trace.$vga" 2>"$TMP/err"
		[ "$status" -eq 0 ] || fail "$backend --vga $vga: exit status $status"
	done
	cmp -s "$TMP/serial.ram" "$TMP/serial.mmio" || fail "$backend: the consoles differ"
	printable=$(tr -d '\n' <"$TMP/serial.ram" | wc -c)
	[ "$printable" -eq 37 ] || fail "$backend: hello printed $printable characters"
	[ "$(count_vga_stores "$TMP/trace.ram")" = 0 ] || fail "$backend: RAM mode made VGA exits"
	[ "$(count_vga_stores "$TMP/trace.mmio")" = "$printable" ] ||
		fail "$backend: MMIO mode made $(count_vga_stores "$TMP/trace.mmio") VGA exits, expected $printable"
done
