#!/bin/sh
# The TUI's Interrupts panel and `vmscope trace --pic` show the same 8259
# fields for the same exit: `vmscope run --batch --until exits:N` is
# compared with the trace's pic lines and injection for exit N
# (pic_agree.py says how) - at the end of the kernel's pic_init(), at the
# HLT a key wakes (the key waiting in IRR), at the key's injection (in
# ISR) and at its EOI, with echo typed at; at hello's first COM1
# injection (--console irq); at netecho's first exit, with the card's
# line named (--net).  On every backend.
. tests/integration/lib.sh
set -e
AGREE=tests/integration/pic_agree.py

# One trace and one batch stopped at exit $1; the rest: options and guest.
# Status as pic_agree.py compare.
compare_at() {
	n=$1; shift
	"$VMSCOPE" run --backend "$backend" --batch --until "exits:$n" \
		"$@" >"$TMP/batch" 2>/dev/null || true
	python3 $AGREE compare "$TMP/trace" "$TMP/batch" "$n" >"$TMP/diff"
}

# A pair of runs that went different ways (the PIT's ticks follow host
# time, so a tick may come at another exit, or wait in IRR at exit N in
# one run only) is run again, trace and batch, up to 10 times.  $1: the
# exit (a number, or points:K for pic_agree.py's K-th point of the
# trace).
agree() {
	which=$1; shift
	tries=0
	while :; do
		"$VMSCOPE" trace --backend "$backend" --pic "$@" \
			>"$TMP/trace" 2>/dev/null || true
		case $which in
		points:*) n=$(python3 $AGREE points "$TMP/trace" "${which#points:}") ;;
		*) n=$which ;;
		esac
		set +e
		compare_at "$n" "$@"
		status=$?
		set -e
		[ $status -eq 0 ] && break
		tries=$((tries + 1))
		[ $tries -lt 10 ] ||
			fail "$backend $* (exit $n): status $status: $(cat "$TMP/diff")"
	done
	printf "ok: %s %s: exit %s (%d runs again)\n" "$backend" "$*" "$n" $tries
}

for backend in $(backends); do
	for k in 0 1 2 3; do
		agree points:$k --keys 'a\n\x04' echo
	done
	grep -qx "  1 keyboard       [01]    0    0" "$TMP/batch" ||
		fail "$backend: the key is still in service after its EOI"
	agree 1 --net gen:64 netecho
	grep -qx "  5 virtio-net     0    0    1" "$TMP/batch" ||
		fail "$backend: --net: no virtio-net line: $(cat "$TMP/batch")"
	"$VMSCOPE" trace --backend "$backend" --pic --console irq hello \
		>"$TMP/trace" 2>/dev/null
	n=$(sed -n '/^       inject  IRQ 4 (COM1)/{n;s/^ *\([0-9]*\) .*/\1/p;q}' "$TMP/trace")
	[ -n "$n" ] || fail "$backend: --console irq: no COM1 injection"
	agree "$n" --console irq hello
done
echo "PASS"
