#!/bin/sh
# Breakpoints: on a function (`sys_write`, `func:sys_write`) or an address
# (`*0x...`) as well as on exits and ports; reason names in KVM's, VMX's and
# SVM's spelling; an unknown function refused; in the live view several at
# once, listed and cleared, and the prompt says what it accepts.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e

# $1 = --until, $2 = guest; the newest exit in the log
newest() {
	"$VMSCOPE" run --backend $backend --batch --until "$1" $2 >"$TMP/out" 2>/dev/null || true
	sed -n '/^== Exits ==$/,/^---/p' "$TMP/out" | grep -v '^---' | tail -n 1
}

for backend in $(backends); do
	# a function: the guest stops at its first instruction, a DEBUG exit
	line=$(newest sys_write hello)
	echo "$line" | grep -q "^   7\.1 .* DEBUG(4) sys_write  .*exception=1 pc=0x" ||
		fail "$backend: --until sys_write stopped at '$line'"
	grep -q "break: sys_write" "$TMP/out" || fail "$backend: no note on the break"
	addr=$(echo "$line" | sed 's/.*pc=\(0x[0-9a-f]*\).*/\1/')
	newest func:sys_write hello | grep -q "^   7\.1 .* DEBUG(4) sys_write .*pc=$addr" ||
		fail "$backend: func:sys_write stops elsewhere"
	# an address: the same stop
	newest "*$addr" hello | grep -q "^   7\.1 .* DEBUG(4) sys_write .*pc=$addr" ||
		fail "$backend: *$addr does not stop at sys_write"

	# reason names as KVM, VMX and SVM spell them
	for r in IO reason:IO IO_INSTRUCTION reason:IOIO ioio; do
		newest "$r" hello | grep -q "^     1 .* IO(2) .*port=0x3f9 out" ||
			fail "$backend: '$r' is not the first IO exit"
	done
	for r in MMIO EPT_VIOLATION EPT_MISCONFIG NPF; do
		newest "$r" exits | grep -q "^   320 .* MMIO(6) .*gpa=0xd0000000 write" ||
			fail "$backend: '$r' is not the first MMIO exit"
	done
	for r in HLT reason:HLT; do
		newest "$r" exits | grep -q "^   678 .* HLT(5) " ||
			fail "$backend: '$r' is not the HLT"
	done

	# a function the guest lacks is a usage error
	run_status "$VMSCOPE" run --backend $backend --batch --until no_such_fn hello \
		>/dev/null 2>"$TMP/err"
	[ $status -eq 2 ] || fail "$backend: --until no_such_fn exited $status, not 2"
	grep -q "no_such_fn: no function of that name" "$TMP/err" ||
		fail "$backend: --until no_such_fn not explained: $(cat "$TMP/err")"
done

# several at once in the live view: set, list, stop at each, clear one
require_tmux
tui_open_hello 120x40
tui_keys b
tui_wait "break on: _"
tui_screen | grep -qF "reason:NAME (KVM, VMX or SVM), io:PORT[=DATA], FUNCTION, *ADDR, list, clear [N]" ||
	fail "the prompt does not say what it accepts"
tui_keys -l sys_write
tui_keys Enter
tui_wait "break on sys_write; breakpoints: 1 sys_write"
tui_keys b
tui_keys -l "io:0x3f8=0x48"
tui_keys Enter
tui_wait "breakpoints: 1 sys_write, 2 io:0x3f8=0x48"
tui_wait "| break 1 sys_write, 2 io:0x3f8=0x48 |"
tui_keys C
tui_wait "break: sys_write"
tui_screen | grep -q "DEBUG(4) sys_write  .*pc=0x" || fail "not stopped at sys_write"
tui_keys C
tui_wait "break: io:0x3f8=0x48"
tui_screen | grep -q "port=0x3f8 out size=1 data=0x48 'H'" || fail "not stopped at the 'H'"
# list, then clear the first: only the 'H' is left, which has passed
tui_keys b Enter
tui_wait "breakpoints: 1 sys_write, 2 io:0x3f8=0x48"
tui_keys b
tui_keys -l "clear 1"
tui_keys Enter
tui_wait "cleared; breakpoints: 1 io:0x3f8=0x48"
tui_keys b
tui_keys -l "clear"
tui_keys Enter
tui_wait "cleared; breakpoints: none"
tui_keys C
tui_wait "guest exited with status 0"
tui_keys q
tui_wait "DONE-0"
echo "PASS"
