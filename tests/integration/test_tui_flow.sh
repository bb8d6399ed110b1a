#!/bin/sh
# The Flow panel files a frame under a layer only when the layer names its
# function: boot-time exits light "kernel boot" (not "kernel sys_write"), a
# read waiting in the tty lights "tty" and no write layer, and an `in`
# shows as an in.  Exact row counts, from the text twin, on every backend.
. tests/integration/lib.sh
set -e

# $1 = the batch's output; the rest: "lit|dark NAME COUNT" per row, every
# row of the panel in order
rows() {
	out=$1; shift
	sed -n '/^== Flow ==$/,/^------- guest above/p;/^------- guest above/,/^stack:/p' "$out" |
		grep '^\[' >"$TMP/rows"
	n=0
	while [ $# -gt 0 ]; do
		n=$((n + 1))
		mark=" "; [ "$1" = lit ] && mark="*"
		line=$(sed -n "${n}p" "$TMP/rows")
		case "$line" in
		"[$mark] "?" $2 "*) ;;
		*) fail "$backend $what: row $n is '$line', not $1 '$2'" ;;
		esac
		count=$(echo "$line" | cut -c25-31 | tr -d ' ')
		[ "$count" = "$3" ] ||
			fail "$backend $what: '$2' counts $count, not $3"
		shift 3
	done
	[ "$(wc -l <"$TMP/rows")" -eq $n ] || fail "$backend $what: more rows than $n"
}

for backend in $(backends); do
	# the first 'H': 7 exits of uart_init at boot, then the user program's
	# LSR read and THR write
	what="hello at the 'H'"
	"$VMSCOPE" run --backend $backend --batch --until io:0x3f8=0x48 hello >"$TMP/out" 2>/dev/null
	rows "$TMP/out" dark "kernel boot" 7 lit "user program" 2 \
		lit "libc printf/write" 2 lit "int 0x80" 2 lit "kernel sys_write" 2 \
		lit tty 2 lit "UART driver" 9 lit "in/out instruction" 9 \
		lit "VM exit" 9 lit "KVM_RUN return" 9 lit "vmscope dispatch" 9 \
		lit "UART model" 9 lit "host terminal" 1
	grep -q "^\[\*\] v int 0x80 .* int 0x80 > trap > syscall_entry$" "$TMP/out" ||
		fail "$backend $what: syscall_entry is not under int 0x80"
	grep -q "^\[\*\] v kernel sys_write .* sys_write$" "$TMP/out" ||
		fail "$backend $what: the kernel row is not sys_write alone"

	# the LSR read before it is an in
	what="hello at exit 8"
	"$VMSCOPE" run --backend $backend --batch --until exits:8 hello >"$TMP/out" 2>/dev/null
	grep -q "^\[\*\] v in/out instruction  *8  in port 0x3fd -> 0x60" "$TMP/out" ||
		fail "$backend $what: the LSR read does not show as an in"

	# boot: _start > kmain > uart_init lights kernel boot and the driver
	what="hello at exit 1"
	"$VMSCOPE" run --backend $backend --batch --until exit hello >"$TMP/out" 2>/dev/null
	rows "$TMP/out" lit "kernel boot" 1 dark "user program" 0 \
		dark "libc printf/write" 0 dark "int 0x80" 0 dark "kernel sys_write" 0 \
		dark tty 0 lit "UART driver" 1 lit "in/out instruction" 1 \
		lit "VM exit" 1 lit "KVM_RUN return" 1 lit "vmscope dispatch" 1 \
		lit "UART model" 1 dark "host terminal" 0
	grep -q "^\[\*\] v kernel boot .* _start > kmain$" "$TMP/out" ||
		fail "$backend $what: boot frames not named"

	# start_program's MMIO store, at boot: no write layer lights
	what="exits at its MMIO"
	"$VMSCOPE" run --backend $backend --batch --until reason:MMIO exits >"$TMP/out" 2>/dev/null
	grep -q "^\[\*\] v kernel boot  *320  _start > kmain > start_program$" "$TMP/out" ||
		fail "$backend $what: start_program is not boot"
	grep -q "^\[ \]   kernel sys_write  *0$" "$TMP/out" ||
		fail "$backend $what: kernel sys_write counted boot exits"

	# echo waiting in read(): sys_read > tty_read is the tty, not sys_write.
	# read() starts the timer (exit 32 unmasks IRQ 0), and the PIT counts
	# host time: when the host is slow to reach the HLT, a tick kicks the
	# CPU out once on the way - an INTR exit inside read(), under tty_read
	# if it came at the HLT itself.  Once only: the tick's request waits
	# for IF, which the kernel opens only at the HLT.  The Stats and Exits
	# panels say whether it came, and where; every row counts it exactly.
	what="echo at its first HLT"
	"$VMSCOPE" run --backend $backend --batch --until reason:HLT --keys 'h\n\x04' echo \
		>"$TMP/out" 2>/dev/null
	tick=$(sed -n 's/^  INTR(10)  *\([0-9]*\) .*/\1/p' "$TMP/out")
	tick=${tick:-0}
	[ "$tick" -le 1 ] || fail "$backend $what: $tick INTR exits before the HLT"
	in_tty=$(grep -c '^ *[0-9][0-9]* .* INTR(10) *tty_read+' "$TMP/out" || true)
	rows "$TMP/out" dark "kernel boot" 7 lit "user program" $((27 + tick)) \
		dark "libc printf/write" 0 lit "int 0x80" $((27 + tick)) \
		dark "kernel sys_write" 0 lit tty $((1 + in_tty)) \
		dark "UART driver" 7 dark "in/out instruction" 33 \
		lit "VM exit" $((34 + tick)) lit "KVM_RUN return" $((34 + tick)) \
		lit "vmscope dispatch" $((34 + tick)) \
		dark "UART model" 7 dark "host terminal" 0
	grep -q "^\[\*\] v tty  *1  tty_read$" "$TMP/out" ||
		fail "$backend $what: tty_read is not the tty"
done
echo "PASS"
