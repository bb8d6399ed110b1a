# The trace's text fits a terminal: the host said once and the header row
# over the columns (docs/TRACE.md), 120 columns for the console's exits,
# no character for a byte that is not text; and in a terminal where stdout
# and stderr are one, the guest's console lines come out whole between
# trace lines, never glued to them.
. tests/integration/lib.sh
set -e
run_status "$VMSCOPE" trace --backend soft hello >"$TMP/out" 2>/dev/null
[ "$status" -eq 0 ] || fail "exit status $status"
cat >"$TMP/head" <<'HEAD'
host: the software CPU - it makes KVM's exits itself; no hardware exit (-)
   seq     since L  reason   hardware            RIP                instruction payload
HEAD
head -n 2 "$TMP/out" | cmp -s - "$TMP/head" || fail "header: $(head -n 2 "$TMP/out")"
grep -q '^     9 *+[0-9.]*[um]\?s L1 IO(2)    -                   uart_putc+0x1c     out dx, al  port=0x3f8 out size=1 data=0x48 '"'H'"'$' "$TMP/out" ||
	fail "no exact line for the 'H': $(sed -n 11p "$TMP/out")"
grep 'port=0x3f' "$TMP/out" | awk 'length($0) > 120 { print; bad = 1 } END { exit bad }' ||
	fail "console exits wider than 120 columns"
! grep -q "data=0x60 '" "$TMP/out" || fail "the LSR's 0x60 shown as a character"

# one terminal for both: python's pty stands in for it
python3 - "$VMSCOPE" >"$TMP/tty" <<'PY' || fail "the run on a terminal failed"
import os, pty, subprocess, sys
master, slave = pty.openpty()
proc = subprocess.Popen([sys.argv[1], "trace", "--backend", "soft", "hello"],
                        stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
os.close(slave)
data = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
sys.stdout.write(data.decode().replace("\r\n", "\n"))
sys.exit(proc.wait())
PY
grep -qx 'Hello, world!' "$TMP/tty" || fail "the console's first line is not whole on the terminal"
grep -qx '2 + 40 = 42, in hex 0x2a' "$TMP/tty" || fail "the console's second line is not whole"
echo "PASS: trace format"
