#!/bin/sh
# The TUI's Interrupts panel and `vmscope trace --pic` show the same 8259
# fields for the same exit: `vmscope run --batch --until COND` is compared
# with the trace's pic lines and injection for the first exit that meets
# COND (pic_agree.py says how) - with echo typed at: the end of the
# kernel's pic_init() (its last OUT, the slave's mask), the HLT the key
# wakes (the key waiting in IRR), the key's make code read (in service,
# injected just before) and the first EOI; hello's first COM1 interrupt
# (--console irq: the handler's IIR read); netecho's first exit, with the
# card's line named (--net).  Both run with --clock insn (the machine's
# time counted in the software CPU's instructions, docs/SOFTCPU.md): the
# PIT's ticks come at the same instructions in both runs, so a tick
# waits in IRR at an exit in both or in neither, and each pair is run
# once and compared once.  The software CPU only: on KVM the ticks come on
# host time.
. tests/integration/lib.sh
set -e

# $1: the batch's --until; the rest: options and guest.
agree() {
	cond=$1; shift
	"$VMSCOPE" trace --backend soft --clock insn --pic "$@" \
		>"$TMP/trace" 2>/dev/null || true
	"$VMSCOPE" run --backend soft --clock insn --batch --until "$cond" \
		"$@" >"$TMP/batch" 2>/dev/null || true
	python3 tests/integration/pic_agree.py "$TMP/trace" "$TMP/batch" \
		"$cond" >"$TMP/diff" ||
		fail "$* (--until $cond): $(cat "$TMP/diff")"
	printf "ok: %s: %s\n" "$*" "$cond"
}

echo "note: the software CPU only: on KVM the PIT's ticks come on host time"
for cond in io:0xa1=0xff reason:HLT io:0x60=0x1e io:0x20=0x20; do
	agree $cond --keys 'a\n\x04' echo
done
agree io:0x3fa=0xc2 --console irq hello
grep -qx "injected: IRQ 4 (COM1) -> vector 0x24" "$TMP/batch" ||
	fail "--console irq: not stopped after COM1's injection"
agree exits:1 --net gen:64 netecho
grep -qx "  5 virtio-net     0    0    1" "$TMP/batch" ||
	fail "--net: no virtio-net line: $(cat "$TMP/batch")"
echo "PASS"
