#!/bin/sh
# The text twin: `vmscope run --batch --until EVENT` stops where asked and
# prints every panel, with the same exit statuses as the tracer.  On every
# backend.
. tests/integration/lib.sh
set -e
for backend in $(backends); do

	run_status "$VMSCOPE" run --backend $backend --batch --until io:0x3f8=0x48 hello \
		>"$TMP/out" 2>"$TMP/err"
	[ $status -eq 0 ] || fail "$backend: --until io:0x3f8=0x48 exited $status: $(cat "$TMP/err")"
	for panel in "== Flow ==" "== Exits ==" "== CPU ==" "== Console ==" \
		     "== Stats ==" "== Status =="; do
		grep -qxF "$panel" "$TMP/out" || fail "$backend: no '$panel' panel"
	done
	# the exit log ends at the first 'H' written to the UART, exit 9
	grep -q "^     9 .* IO(2) .*uart_putc+0x1c .*port=0x3f8 out size=1 data=0x48 'H'$" \
		"$TMP/out" || fail "$backend: exit 9 is not the 'H' out"
	grep -q "^    10 " "$TMP/out" && fail "$backend: ran past the break"
	# the whole path is lit, in order, from the user program to the terminal
	for layer in "user program" "libc printf/write" "int 0x80" \
		     "kernel sys_write" "tty" "UART driver" "in/out instruction" \
		     "VM exit" "KVM_RUN return" "vmscope dispatch" "UART model"; do
		grep -q "^\[\*\] v $layer " "$TMP/out" || fail "$backend: layer '$layer' not lit"
	done
	grep -q "^\[\*\] \* host terminal .*'H' to the Console panel" "$TMP/out" ||
		fail "$backend: host terminal not lit as the end of the path"
	grep -q "^\[\*\] v libc printf/write .*printf > vfprintf > write$" "$TMP/out" ||
		fail "$backend: libc frames not named"
	grep -q "^\[\*\] v UART driver  *9  uart_putc$" "$TMP/out" ||
		fail "$backend: UART driver hit count is not 9"
	# the console holds exactly the byte, the CPU panel the stop
	sed -n '/^== Console ==$/,/^$/p' "$TMP/out" | grep -qx 'H' || fail "$backend: console is not 'H'"
	grep -q "^=> uart_putc+0x1c  out dx, al$" "$TMP/out" || fail "$backend: no disassembly at RIP"
	grep -q "^rax 0000000000000048 " "$TMP/out" || fail "$backend: rax is not the byte 0x48"
	grep -q "break: io:0x3f8=0x48" "$TMP/out" || fail "$backend: no note on the break"

	# --until exit: exactly one exit
	"$VMSCOPE" run --backend $backend --batch --until exit hello >"$TMP/one" 2>/dev/null
	grep -q "^     1 .*port=0x3f9 out" "$TMP/one" || fail "$backend: --until exit: no exit 1"
	grep -q "^     2 " "$TMP/one" && fail "$backend: --until exit ran past exit 1"

	# --until end: the guest's own status and the whole console
	run_status "$VMSCOPE" run --backend $backend --batch hello >"$TMP/end" 2>"$TMP/err"
	[ $status -eq 0 ] || fail "$backend: --until end exited $status"
	grep -q "^Hello, world!$" "$TMP/end" || fail "$backend: console lacks Hello, world!"
	grep -q "guest exited with status 0" "$TMP/err" || fail "$backend: no end note"

	# a crash exits 1 with the report, a bad --until 2
	run_status "$VMSCOPE" run --backend $backend --batch "$BUILD/tests/guests/triple_fault.elf" \
		>/dev/null 2>"$TMP/err"
	[ $status -eq 1 ] || fail "$backend: triple fault exited $status, not 1"
	grep -q "SHUTDOWN" "$TMP/err" || fail "$backend: no crash report"
	run_status "$VMSCOPE" run --batch --until io:nonsense hello >/dev/null 2>"$TMP/err"
	[ $status -eq 2 ] || fail "$backend: bad --until exited $status, not 2"
	grep -q "use exit, exits:N" "$TMP/err" || fail "$backend: bad --until not explained"
done

# The Console panel (not backend-specific): a line wider than the panel
# wraps onto the next rows with nothing lost (the model breaks lines at
# 160 columns, the 120-column twin at 119: the last column is never text,
# tui/grid.c), and a byte that does not print shows as '.'.  echo's tty echoes each line, then echo prints it.
long=$(printf '0123456789%.0s' $(seq 25))   # 250 columns
run_status "$VMSCOPE" run --backend soft --batch --keys "$long\\na\\tb\\n\\x04" echo \
	>"$TMP/out" 2>"$TMP/err"
[ $status -eq 0 ] || fail "echo --keys: exited $status: $(cat "$TMP/err")"
sed -n '/^== Console ==$/,/^$/p' "$TMP/out" >"$TMP/console"
l1=$(echo "$long" | cut -c1-119)
l2=$(echo "$long" | cut -c120-160)
l3=$(echo "$long" | cut -c161-)
printf '== Console ==\n%s\n%s\n%s\n%s\n%s\n%s\na.b\na.b\n\n' \
	"$l1" "$l2" "$l3" "$l1" "$l2" "$l3" >"$TMP/want"
cmp -s "$TMP/want" "$TMP/console" ||
	fail "the console panel is not the wrapped lines: $(diff "$TMP/want" "$TMP/console")"
echo "PASS"
