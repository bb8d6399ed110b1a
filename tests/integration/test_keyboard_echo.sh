# The input path, end to end, on every backend: `trace --keys "hello\n\x04"
# echo` types into the i8042; the guest's keyboard driver and tty echo each
# key, the echo program prints the line back, Ctrl-D ends it.  The trace
# shows, for the first key, the IRQ 1 injection and then the keyboard
# driver's read of port 0x60 returning the make code of 'h' (0x23).
. tests/integration/lib.sh
set -e
printf 'hello\nhello\n' >"$TMP/expect"
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --json --serial "$TMP/serial" \
		--keys 'hello\n\x04' echo >"$TMP/trace" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: exit status $status: $(cat "$TMP/err")"
	cmp -s "$TMP/serial" "$TMP/expect" ||
		fail "$backend: console differs: $(od -c "$TMP/serial" | head -5)"
	python3 - "$TMP/trace" "$backend" <<'PY' || exit 1
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"seq"')]
first = next((i for i, e in enumerate(lines)
              if e.get("inject", {}).get("irq") == 1), None)
if first is None or lines[first]["inject"]["vector"] != 0x21:
    sys.exit(f"FAIL: {sys.argv[2]}: no IRQ 1 injection as vector 0x21")
io = next((e for e in lines[first:] if "io" in e), None)
if not io or io["io"]["port"] != 0x60 or io["io"]["dir"] != "in" \
        or io["io"]["data"] != 0x23 or io["sym"].split("+")[0] != "keyboard_interrupt":
    sys.exit(f"FAIL: {sys.argv[2]}: after the first IRQ 1 the first I/O is "
             f"{io}, not keyboard_interrupt reading 0x23 from port 0x60")
PY
done
