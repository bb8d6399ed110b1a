#!/bin/sh
# `l` stops as the guest enters each layer function, in the order a printf
# travels: on the soft CPU every one of them (a PC check); on KVM the ones
# the host probe says hardware breakpoints can stop (PVM: ring 0 only, and
# l says why it skips the user program and libc, and offers the soft CPU).
# Each stop is a DEBUG(4) exit the stats count.  The soft CPU always runs;
# the KVM variant where the probe finds KVM and its breakpoints (else a
# note says why not).
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

# Press l until uart_putc is entered; print the functions entered, in order.
layer_walk() { # backend
	tui_start_shell 120 40
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run --backend "$1" hello
	tui_wait "ready: press s"
	seen=""
	for n in $(seq 1 40); do
		tui_step l
		# "rip 0x100480  syscall_entry  cpl 0": a function's first byte
		f=$(tui_screen | sed -n 's/.*rip 0x[0-9a-f]*  \([a-z_]*\)  cpl .*/\1/p')
		[ $n -eq 1 ] && first_screen=$(tui_screen)
		[ -n "$f" ] && seen="$seen $f"
		[ "$f" = uart_putc ] && break
	done
	screen=$(tui_screen)
	tui_keys q
	tui_wait "DONE-0"
	tmux_cmd kill-server
}

all=" main printf write trap_entry syscall_entry sys_write tty_write uart_putc"
layer_walk soft
[ "$seen" = "$all" ] || fail "soft: l stopped at:$seen"
echo "$screen" | grep -qE "DEBUG\(4\) +8 " || fail "soft: 8 DEBUG exits not counted"
echo "soft: l stopped at:$seen"

# KVM, where the host probe finds it and its hardware breakpoints
for need in kvm hw_breakpoints_ring0; do
	if ! why=$("$VMSCOPE" doctor --require $need 2>&1); then
		echo "note: kvm variant skipped: $why"
		echo "PASS"
		exit 0
	fi
done
layer_walk kvm
if "$VMSCOPE" doctor --require hw_breakpoints_ring3 >/dev/null 2>&1; then
	want=$all
else
	want=" trap_entry syscall_entry sys_write tty_write uart_putc"
	echo "$first_screen" | grep -q "hw breakpoints skip ring 3 (vmscope doctor): no stops in user program/libc; --backend soft" ||
		fail "kvm: l does not say why it skips ring 3"
fi
[ "$seen" = "$want" ] || fail "kvm: l stopped at:$seen, want:$want"
stops=$(echo $want | wc -w)
echo "$screen" | grep -qE "DEBUG\(4\) +$stops " || fail "kvm: $stops DEBUG exits not counted"
echo "kvm: l stopped at:$seen"
echo "PASS"
