# Output that cannot be written is an error, said once, with status 1:
# the trace to a full disk or a closed stdout, the guest's console to a
# full --serial file or a closed stderr, run --batch's panels.  A closed
# stdout must not let a file vmscope opens (the waker's eventfd, the
# --serial file) take its number: the trace never lands in the console.
# Every other command and --version, --help the same way.
. tests/integration/lib.sh
set -e
lost() { # expected-stderr-line: the last line of $TMP/err, status 1
	[ "$status" -eq 1 ] || fail "$1: exit status $status, expected 1"
	[ "$(tail -n 1 "$TMP/err")" = "$1" ] ||
		fail "said '$(tail -n 1 "$TMP/err")', expected '$1'"
}
run_status "$VMSCOPE" trace --backend soft hello >/dev/full 2>"$TMP/err"
lost "vmscope trace: the trace was lost: cannot write to stdout: No space left on device"
run_status "$VMSCOPE" trace --backend soft --json hello >/dev/full 2>"$TMP/err"
lost "vmscope trace: the trace was lost: cannot write to stdout: No space left on device"
run_status "$VMSCOPE" trace --backend soft hello >&- 2>"$TMP/err"
lost "vmscope trace: the trace was lost: cannot write to stdout: Bad file descriptor"

run_status "$VMSCOPE" trace --backend soft --serial /dev/full hello >/dev/null 2>"$TMP/err"
lost "vmscope trace: the guest's console was lost: cannot write to /dev/full: No space left on device"
run_status "$VMSCOPE" trace --backend soft hello >/dev/null 2>&-
[ "$status" -eq 1 ] || fail "stderr closed: exit status $status, expected 1"

# stdout closed, --serial FILE: the file holds the guest's console only
run_status "$VMSCOPE" trace --backend soft --serial "$TMP/console" hello >&- 2>"$TMP/err"
lost "vmscope trace: the trace was lost: cannot write to stdout: Bad file descriptor"
! grep -q 'L1\|exits reached' "$TMP/console" || fail "the trace went into the --serial file"

run_status "$VMSCOPE" run --batch --backend soft hello >/dev/full 2>"$TMP/err"
lost "vmscope run: the batch view was lost: cannot write to stdout: No space left on device"

# --serial naming a FIFO nobody reads is refused at once (open(2) waited
# for a reader for ever, Ctrl-C blocked); with its reader, the console
# goes through it.
mkfifo "$TMP/fifo"
run_status timeout 60 "$VMSCOPE" trace --backend soft --serial "$TMP/fifo" hello >/dev/null 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "--serial FIFO with no reader: exit status $status, expected 2"
[ "$(cat "$TMP/err")" = "vmscope trace: --serial $TMP/fifo: a FIFO with no reader (start its reader first)" ] ||
	fail "--serial FIFO with no reader: said '$(cat "$TMP/err")'"
# a socket fails open(2) with the same ENXIO: said as it is, no FIFO
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$TMP/sock"
run_status timeout 60 "$VMSCOPE" trace --backend soft --serial "$TMP/sock" hello >/dev/null 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "--serial a socket: exit status $status, expected 2"
[ "$(cat "$TMP/err")" = "vmscope trace: --serial $TMP/sock: No such device or address" ] ||
	fail "--serial a socket: said '$(cat "$TMP/err")'"
run_with_fifo_reader "$TMP/fifo" "$TMP/from_fifo" \
	"$VMSCOPE" trace --backend soft --serial "$TMP/fifo" hello
[ "$status" -eq 0 ] || fail "--serial FIFO with a reader: exit status $status"
[ "$(cat "$TMP/from_fifo")" = "$(printf 'Hello, world!\n2 + 40 = 42, in hex 0x2a')" ] ||
	fail "--serial FIFO: the reader got '$(cat "$TMP/from_fifo")'"

# Every other command too: a grade, a report a script parses, a list.
# They exited 0 with nothing said.
for cmd in "lesson --check --backend soft printf" "lesson --lint printf" \
	   "doctor --json" "guests" "lessons" "cells --check cells/two-hellos.cell"; do
	run_status "$VMSCOPE" $cmd >/dev/full 2>"$TMP/err"
	lost "vmscope ${cmd%% *}: its output was lost: cannot write to stdout: No space left on device"
done
for opt in --version --help; do
	run_status "$VMSCOPE" $opt >/dev/full 2>"$TMP/err"
	lost "vmscope: its output was lost: cannot write to stdout: No space left on device"
done
echo "PASS: lost output"
