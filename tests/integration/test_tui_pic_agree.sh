#!/bin/sh
# The TUI's Interrupts panel and `vmscope trace --pic` show the same 8259
# fields for the same exit: `vmscope run --batch --until COND` is compared
# with the trace's pic lines and injection for the first exit that meets
# COND (pic_agree.py says how) - with echo typed at: the end of the
# kernel's pic_init() (its last OUT, the slave's mask), the HLT the key
# wakes (the key waiting in IRR), the key's make code read (in service,
# injected just before) and the first EOI; hello's first COM1 interrupt
# (--console irq: the handler's IIR read); netecho's first exit, with the
# card's line named (--net).  On every backend.
. tests/integration/lib.sh
set -e

# A pair of runs that went different ways (the PIT's ticks follow host
# time: a tick may come first, or wait in IRR at the exit in one run
# only) is run again, trace and batch, up to 10 times.  $1: the batch's
# --until; the rest: options and guest.
agree() {
	cond=$1; shift
	tries=0
	while :; do
		"$VMSCOPE" trace --backend "$backend" --pic "$@" \
			>"$TMP/trace" 2>/dev/null || true
		"$VMSCOPE" run --backend "$backend" --batch --until "$cond" \
			"$@" >"$TMP/batch" 2>/dev/null || true
		set +e
		python3 tests/integration/pic_agree.py "$TMP/trace" \
			"$TMP/batch" "$cond" >"$TMP/diff"
		status=$?
		set -e
		[ $status -eq 0 ] && break
		tries=$((tries + 1))
		[ $tries -lt 10 ] ||
			fail "$backend $* (--until $cond): status $status: $(cat "$TMP/diff")"
	done
	printf "ok: %s %s: %s (%d runs again)\n" "$backend" "$*" "$cond" $tries
}

for backend in $(backends); do
	for cond in io:0xa1=0xff reason:HLT io:0x60=0x1e io:0x20=0x20; do
		agree $cond --keys 'a\n\x04' echo
	done
	agree io:0x3fa=0xc2 --console irq hello
	grep -qx "injected: IRQ 4 (COM1) -> vector 0x24" "$TMP/batch" ||
		fail "$backend: --console irq: not stopped after COM1's injection"
	agree exits:1 --net gen:64 netecho
	grep -qx "  5 virtio-net     0    0    1" "$TMP/batch" ||
		fail "$backend: --net: no virtio-net line: $(cat "$TMP/batch")"
done
echo "PASS"
