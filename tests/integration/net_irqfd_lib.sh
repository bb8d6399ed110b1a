# tests/integration/net_irqfd_lib.sh - sourced by test_net_irqfd*.sh:
# check_irqfd BACKEND runs virtio_irq (tests/guests/virtio_irq.S: 20
# frames one interrupt each, one completion while IRQ 5 is masked, one
# not acknowledged at the card, whose level interrupts twice) with the
# interrupt controller in vmscope and in the backend, on every receive
# path, and checks who raised the card's line:
#
#   --irqchip user          vmscope's vCPU thread, 22 times (a rise of
#                           the card's level per completion)
#   --irqchip kernel, emulated   the same: no worker, no irqfd
#   --irqchip kernel, vhost/zerocopy   the worker's irqfd, 23 times (the
#                           level still high after the first EOI of the
#                           last completion is resampled and raised
#                           again), vmscope's thread 0 times
#
# The guest checks every byte of each frame and the handler's count, and
# ends with status 0 only when all held.
check_irqfd() {
	for chip in user kernel; do
		for path in emulated vhost zerocopy; do
			one_irqfd "$1" $chip $path
		done
	done
}

one_irqfd() {
	trace_summary --backend "$1" --irqchip "$2" --net gen:64 \
		--net-path "$3" "$BUILD/tests/guests/virtio_irq.elf"
	[ "$status" -eq 0 ] || fail "$1 $2 $3: status $status: $(cat "$TMP/err")"
	echo "vmscope: guest exited with status 0" >"$TMP/expected"
	diff "$TMP/expected" "$TMP/err" || fail "$1 $2 $3: stderr differs"
	python3 - "$TMP/summary" "$1" "$2" "$3" <<'PY' || fail "$1 $2 $3: summary"
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
backend, chip, path = sys.argv[2:5]
net, counters = s["net"], s["counters"]
by_irqfd = chip == "kernel" and path != "emulated"
want = {"rx_packets": 22, "interrupts": 22,
        "irq_vmscope": 0 if by_irqfd else 22,
        "irq_irqfd": 23 if by_irqfd else 0}
got = {k: net[k] for k in want}
if got != want:
    sys.exit(f"card: {got}, expected {want}")
reasons = {r["reason"]: r["count"] for r in s["by_reason"]}
if chip == "kernel" and "IRQ_WINDOW_OPEN" in reasons:
    sys.exit(f"an interrupt window with the chip in the backend: {reasons}")
if by_irqfd and "INTR" in reasons:
    sys.exit(f"the irqfd made vmscope kick the vCPU: {reasons}")
if backend == "soft":
    # 23 of IRQ 5 and the spurious IRQ 7 the PIC programming leaves
    cpu = {k: counters[k] for k in ("interrupts", "chip_interrupts",
                                    "irqfd_raises")}
    wantcpu = {"interrupts": 0 if chip == "kernel" else 24,
               "chip_interrupts": 24 if chip == "kernel" else 0,
               "irqfd_raises": 23 if by_irqfd else 0}
    if cpu != wantcpu:
        sys.exit(f"soft CPU: {cpu}, expected {wantcpu}")
if backend == "kvm" and chip == "kernel" and "HLT" in reasons:
    sys.exit(f"HLT exited with the in-kernel LAPIC: {reasons}")
PY
}
