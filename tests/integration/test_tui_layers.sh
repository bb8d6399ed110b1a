#!/bin/sh
# `l` stops as the guest enters each layer function, in the order a printf
# travels: on the soft CPU every one of them (a PC check); on KVM the ones
# the host probe says hardware breakpoints can stop (PVM: ring 0 only, and
# l says why it skips the user program and libc, and offers the soft CPU).
# Each stop is a DEBUG(4) exit the stats count.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

# Press l until uart_putc is entered; print the functions entered, in order.
layer_walk() { # backend
	tui_start_shell 120 40
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run --backend "$1" hello
	tui_wait "paused at exit 0"
	seen=""
	for n in $(seq 1 40); do
		before=$(tui_screen | grep -o 'paused at exit [0-9]*')
		tui_keys l
		j=0
		while [ "$(tui_screen | grep -o 'paused at exit [0-9]*')" = "$before" ]; do
			j=$((j + 1))
			[ $j -gt 100 ] && fail "$1: l did not stop (at '$before')"
			sleep 0.05
		done
		# "rip 100480  syscall_entry  cpl 0": a function's first byte
		f=$(tui_screen | sed -n 's/.*rip [0-9a-f]*  \([a-z_]*\)  cpl .*/\1/p')
		[ $n -eq 1 ] && first_screen=$(tui_screen)
		[ -n "$f" ] && seen="$seen $f"
		[ "$f" = uart_putc ] && break
	done
	screen=$(tui_screen)
	tui_keys q
	tui_wait "DONE-0"
	tmux_cmd kill-server
}

if "$VMSCOPE" run --backend soft --batch --until exit hello >/dev/null 2>&1; then
	layer_walk soft
	[ "$seen" = " main printf write trap_entry syscall_entry sys_write tty_write uart_putc" ] ||
		fail "soft: l stopped at:$seen"
	echo "soft: l stopped at:$seen"
else
	echo "soft variant skipped: $("$VMSCOPE" run --backend soft --batch hello 2>&1 | tail -n 1)"
fi

if ! why=$("$VMSCOPE" doctor --require kvm 2>&1); then
	echo "SKIP: kvm variant: $why"
	exit 77
fi
if ! why=$("$VMSCOPE" doctor --require hw_breakpoints_ring0 2>&1); then
	echo "SKIP: kvm variant: $why"
	exit 77
fi
layer_walk kvm
if "$VMSCOPE" doctor --require hw_breakpoints_ring3 >/dev/null 2>&1; then
	want=" main printf write trap_entry syscall_entry sys_write tty_write uart_putc"
else
	want=" trap_entry syscall_entry sys_write tty_write uart_putc"
	echo "$first_screen" | grep -q "hw breakpoints skip ring 3 (vmscope doctor): no stops in user program/libc; --backend soft" ||
		fail "kvm: l does not say why it skips ring 3"
fi
[ "$seen" = "$want" ] || fail "kvm: l stopped at:$seen, want:$want"
echo "$screen" | grep -qE "DEBUG\(4\) +5 " || fail "kvm: 5 DEBUG exits not counted"
echo "kvm: l stopped at:$seen"
echo "PASS"
