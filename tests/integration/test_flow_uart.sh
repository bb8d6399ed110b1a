#!/bin/sh
# The Flow panel names the UART's registers as the UART model has them:
# while LCR.DLAB is set (PC16550D, table II) ports 0x3f8 and 0x3f9 are the
# divisor latch, DLL and DLM - not THR and IER.  A byte shows as a
# character only where it is text, the data register with DLAB clear, as
# the tracer shows it: the LSR's 0x60 is no backtick, the divisor 0x30 no
# '0'.  The host terminal row names every byte, '\n' too.  Exact rows,
# from the batch's text twin; the tracer's lines of the same exits, and
# of L2's under --nested.
. tests/integration/lib.sh
set -e

# the "where" column of the Flow row named $2 in the batch output $1
where() { sed -n "s/^\[\*\] [v*] $2  *[0-9][0-9]*  //p" "$1"; }
is() { # file row want
	got=$(where "$1" "$2")
	[ "$got" = "$3" ] || fail "$backend $what: $2 row is '$got', not '$3'"
}
at() { # guest until
	"$VMSCOPE" run --backend $backend --batch --until "$2" "$1" >"$TMP/out" 2>/dev/null
}

latch=$BUILD/tests/guests/uart_latch.elf
for backend in $(backends); do
	# hello's uart_init: IER, LCR = 0x80, DLL, DLM, LCR = 3, FCR, MCR
	what="hello's uart_init"
	at hello exit
	is "$TMP/out" "UART model" "IER <- 0x0"
	at hello exits:2
	is "$TMP/out" "UART model" "LCR <- 0x80"
	at hello exits:3
	is "$TMP/out" "in\/out instruction" "out port 0x3f8 <- 0x1"
	is "$TMP/out" "UART model" "DLL <- 0x1"
	at hello exits:4
	is "$TMP/out" "UART model" "DLM <- 0x0"
	at hello exits:6
	is "$TMP/out" "UART model" "FCR <- 0x7"

	what="hello's LSR read"
	at hello exits:8
	is "$TMP/out" "in\/out instruction" "in port 0x3fd -> 0x60"
	is "$TMP/out" "UART model" "LSR -> 0x60"

	what="hello's first newline"
	at hello io:0x3f8=0xa
	is "$TMP/out" "in\/out instruction" "out port 0x3f8 <- 0xa '\\n'"
	is "$TMP/out" "UART model" "THR <- 0xa '\\n'"
	is "$TMP/out" "host terminal" "'\\n' to the Console panel"

	# the divisor 0x30 (2400 baud) is a number; the same byte written
	# with DLAB clear is the character '0'
	what="uart_latch's divisor"
	at "$latch" exits:2
	is "$TMP/out" "in\/out instruction" "out port 0x3f8 <- 0x30"
	is "$TMP/out" "UART model" "DLL <- 0x30"
	what="uart_latch's '0'"
	at "$latch" exits:5
	is "$TMP/out" "UART model" "THR <- 0x30 '0'"
	is "$TMP/out" "host terminal" "'0' to the Console panel"

	what="uart_latch's trace"
	"$VMSCOPE" trace --backend $backend "$latch" 2>/dev/null >"$TMP/trace"
	grep -qE "^ +2 .* port=0x3f8 out size=1 data=0x30$" "$TMP/trace" ||
		fail "$backend $what: exit 2: $(grep -E '^ +2 ' "$TMP/trace")"
	grep -qE "^ +5 .* port=0x3f8 out size=1 data=0x30 '0'$" "$TMP/trace" ||
		fail "$backend $what: exit 5: $(grep -E '^ +5 ' "$TMP/trace")"
done

# Under --nested 1 L2's UART is L1's model, but each of L2's writes to it
# that L1 intercepts passes vmscope (L0): the same rule with L2's LCR as
# those writes set it - the divisor 0x30 a number, the 0x30 after LCR = 3
# the character.  Before any LCR write of an L2's (hvhostile's first L2s
# write COM1 with none), vmscope cannot know L1's LCR: a number.
"$VMSCOPE" trace --backend soft --nested 1 "$latch" 2>/dev/null |
	sed -n 's/^ *[0-9]* .* L2 IO(2) .* \(port=0x3f[8b] .*\)  \xe2\x86\x92 .*/\1/p' \
	>"$TMP/l2"
printf '%s\n' "port=0x3fb out size=1 data=0x80" "port=0x3f8 out size=1 data=0x30" \
	"port=0x3fb out size=1 data=0x3" "port=0x3f8 out size=1 data=0x30 '0'" |
	diff - "$TMP/l2" || fail "uart_latch as L2: the reflected COM1 writes"
"$VMSCOPE" trace --backend soft --nested 1 --hypervisor hvhostile hello \
	2>/dev/null >"$TMP/trace"
grep -m1 " L2 IO(2) .* port=0x3f8 out " "$TMP/trace" |
	grep -q "0x1800014 .* data=0x41  [^ ]* reflected to L1" ||
	fail "hvhostile's first L2 write to COM1, no LCR seen: $(grep -m1 ' L2 IO(2) .* port=0x3f8 out ' "$TMP/trace")"
echo PASS
