# A guest whose exits are known one by one (tests/guests/tick_hlt.S: the
# PIT's slowest rate, 54.9 ms a tick, taken with `sti; hlt`; 10 ticks):
# the 13 OUTs of its set-up, then per tick a HLT and the OUT that ends the
# run the injection began - the handler's EOI, at the 10th tick the exit
# port's.  Exactly that list, on every backend: no INTR exit, which here
# would be one the waker (core/waker.c) caused for nothing - its wait
# returning on the eventfd before the wake's flag was up, or the timer
# thread posting a deadline the vCPU had already served after its own
# timeout; either kicked the next run, the one that began with the
# injection, and it ended at once (that INTR exit carries the injection,
# and the handler's OUT after it none).
# Only a vCPU thread that stood still for a whole tick (55 ms) within the
# guest's few instructions between its EOI and its HLT could see a tick
# come while the guest runs: that tick's INTR and window exits carry no
# injection and change no OUT, and the next OUT carries that tick's
# injection with no HLT before it, so they are told apart and reported,
# never taken for the waker's (an INTR anywhere else fails).
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	run_status timeout 60 "$VMSCOPE" trace --json --backend $backend \
		"$BUILD/tests/guests/tick_hlt.elf" </dev/null >"$TMP/trace" 2>"$TMP/err"
	[ "$status" -eq 42 ] || fail "$backend: exit status $status, expected 42: $(tail -2 "$TMP/err")"
	python3 - "$TMP/trace" "$backend" <<'PY' || exit 1
import json, sys
path, backend = sys.argv[1:]
recs = [json.loads(l) for l in open(path) if l.startswith('{"seq"')]
def exit_of(r):
    port = r["io"]["port"] if "io" in r else None
    return (r["reason"], port, r.get("inject"))
tick = {"irq": 0, "vector": 0x20}
setup = [0x20, 0x21, 0x21, 0x21, 0xa0, 0xa1, 0xa1, 0xa1, 0x21, 0xa1,
         0x43, 0x40, 0x40]
want = [("IO", port, None) for port in setup]
for n in range(1, 11):
    want += [("HLT", None, None), ("IO", 0xf4 if n == 10 else 0x20, tick)]
got = [exit_of(r) for r in recs]
def fail(what):
    sys.exit(f"FAIL: {backend}: {what}; exits {got}")
if [x for x in got if x[0] == "IO"] != [x for x in want if x[0] == "IO"]:
    fail("the OUTs are not the set-up's and one per tick, each carrying its injection")
late = [x for x in got if x[0] != "IO" and x != ("HLT", None, None)]
if any(x[0] not in ("INTR", "IRQ_WINDOW_OPEN") or x[2] for x in late):
    fail("an exit besides the OUTs carries an injection, or is neither a HLT nor a late tick's")
# A late tick's exits are followed by that tick's injection, with no HLT
# before it (the guest never got to halt): one HLT fewer per late tick.
for i, x in enumerate(got):
    if x in late:
        after = next(y for y in got[i + 1:]
                     if y[0] not in ("INTR", "IRQ_WINDOW_OPEN"))
        if after[0] != "IO" or after[2] != tick:
            fail(f"exit {i} ({x[0]}) is followed by {after}, not by a tick's injection")
ticks_late = sum(1 for i, x in enumerate(got) if x in late and
                 (i + 1 == len(got) or got[i + 1] not in late))
if got.count(("HLT", None, None)) != 10 - ticks_late:
    fail(f"{got.count(('HLT', None, None))} HLTs for {ticks_late} late ticks")
if late:
    print(f"note: {backend}: a tick came while the guest ran: {late}")
elif got != want:
    fail(f"{len(got)} exits, expected {len(want)}: {want}")
PY
done
echo PASS
