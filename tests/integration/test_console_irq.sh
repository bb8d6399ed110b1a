# The console path's two modes, on every backend: polled (the default), the
# UART driver waits on LSR and no interrupt is injected; with --console irq
# the kernel transmits from its IRQ 4 handler: the console is the same, IRQ
# 4 goes in as vector 0x24 (after an interrupt window), and every byte
# written to THR is written by uart_interrupt, which first reads IIR.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	for mode in poll irq; do
		run_status "$VMSCOPE" trace --backend $backend --console $mode \
			--serial "$TMP/serial.$mode" hello >"$TMP/trace.$mode" 2>"$TMP/err"
		[ "$status" -eq 0 ] || fail "$backend --console $mode: exit status $status"
	done
	cmp -s "$TMP/serial.poll" "$TMP/serial.irq" || fail "$backend: the consoles differ"
	! grep -q 'inject  IRQ 4' "$TMP/trace.poll" || fail "$backend: polled mode injected IRQ 4"
	grep -q '^       inject  IRQ 4 (COM1) -> vector 0x24$' "$TMP/trace.irq" ||
		fail "$backend: no IRQ 4 injection in irq mode"
	grep -q 'IRQ_WINDOW_OPEN(7)' "$TMP/trace.irq" || fail "$backend: no interrupt window"
	# (uart_init's write to 0x3f8 is the divisor latch, not THR)
	thr=$(grep 'port=0x3f8 out size=1' "$TMP/trace.irq" | grep -vc ' uart_init+0x')
	from_irq=$(grep 'port=0x3f8 out size=1' "$TMP/trace.irq" | grep -c ' uart_interrupt+0x')
	[ "$thr" -eq 39 ] && [ "$from_irq" -eq 39 ] ||
		fail "$backend: $from_irq of $thr THR writes come from uart_interrupt (expected 39 of 39)"
	grep -q ' uart_interrupt+0x[0-9a-f]* *in al, dx *port=0x3fa in' "$TMP/trace.irq" ||
		fail "$backend: the handler never reads IIR"
done
