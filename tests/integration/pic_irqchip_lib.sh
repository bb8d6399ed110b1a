# tests/integration/pic_irqchip_lib.sh - the 8259s of the backend's chip
# (--irqchip kernel) in `trace --pic` and the TUI's Interrupts panel, for
# test_trace_pic_irqchip.sh (the software CPU) and its _kvm twin (KVM's
# in-kernel 8259, read by KVM_GET_IRQCHIP).  Sourced after lib.sh.

# check_pic_irqchip BACKEND: echo typed at, to its end.  vmscope injects
# nothing (no inject line); the pic lines show the kernel's set-up (bases
# 0x20 and 0x28, IRQ 0 and 1 unmasked) with nothing left in service at
# the end; the panel says the backend's chip delivers and shows the same
# registers the trace's last pic lines do.
check_pic_irqchip() {
	"$VMSCOPE" trace --backend "$1" --irqchip kernel --pic \
		--keys 'a\n\x04' echo >"$TMP/trace" 2>"$TMP/err" ||
		fail "$1: trace exited $?: $(tail -2 "$TMP/err")"
	grep -q "^       inject " "$TMP/trace" &&
		fail "$1: vmscope injected with the backend's chip"
	master=$(grep "^       pic     master " "$TMP/trace" | tail -n 1)
	slave=$(grep "^       pic     slave " "$TMP/trace" | tail -n 1)
	# (a tick of the PIT may wait in IRR at the end: host time)
	echo "$master" | grep -qx "       pic     master base 0x20 irr 0x0\(0\|1 (timer)\) isr 0x00 imr 0xfc  edge, AEOI off, SMM off" ||
		fail "$1: the master at the end: '$master'"
	[ "$slave" = "       pic     slave  base 0x28 irr 0x00 isr 0x00 imr 0xff  edge, AEOI off, SMM off" ] ||
		fail "$1: the slave at the end: '$slave'"
	"$VMSCOPE" run --backend "$1" --irqchip kernel --batch \
		--keys 'a\n\x04' echo >"$TMP/batch" 2>"$TMP/err" ||
		fail "$1: run --batch exited $?: $(tail -2 "$TMP/err")"
	sed -n '/^== Interrupts ==$/,/^$/p' "$TMP/batch" >"$TMP/panel"
	for row in "injected: by the backend's chip, unseen (--irqchip kernel)" \
		   "master 0x20-27  0x0[01] 0x00 0xfc" \
		   "slave  0x28-2f  0x00 0x00 0xff" \
		   "mode: edge, AEOI off, SMM off"; do
		grep -qx "$row" "$TMP/panel" ||
			fail "$1: the panel has no '$row': $(cat "$TMP/panel")"
	done
}
