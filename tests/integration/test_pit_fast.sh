# The PIT at its fastest rate (mode 2, count 2: a tick every 1.676 us),
# on every backend (tests/guests/pit_fast_*.S).
#   pit_fast_cli: interrupts stay off for 2 million instructions.  No tick
#     can be delivered and the first one stays requested in the PIC, so the
#     vCPU is kicked out at most once: its 14 OUTs and at most one INTR.
#   pit_fast_hlt: `sti; hlt`, a handler that sends the EOI, and the run
#     ends at the 1000th tick: exactly 1000 injections, its 1013 OUTs (the
#     EOIs among them), and besides them at most 2 exits per injection (a
#     window or a HLT, at most one kick) - most ticks are coalesced, none
#     kicks needlessly.
# Both end with status 42 from the guest.  A guard of 60 s catches a hang.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	for guest in pit_fast_cli pit_fast_hlt; do
		run_status timeout 60 "$VMSCOPE" trace --json --backend $backend \
			"$BUILD/tests/guests/$guest.elf" >"$TMP/trace" 2>"$TMP/err"
		[ "$status" -eq 42 ] || fail "$backend: $guest: exit status $status, expected 42: $(tail -2 "$TMP/err")"
		python3 - "$TMP/trace" "$backend" "$guest" <<'PY' || exit 1
import collections, json, sys
path, backend, guest = sys.argv[1:]
recs = [json.loads(l) for l in open(path) if l.startswith('{"seq"')]
n = collections.Counter(r["reason"] for r in recs)
injected = sum(1 for r in recs if r.get("inject") == {"irq": 0, "vector": 0x20})
def check(ok, what):
    if not ok:
        sys.exit(f"FAIL: {backend}: {guest}: {what}: {dict(n)}, {injected} injections")
if guest == "pit_fast_cli":
    check(n["IO"] == 14 and n["INTR"] <= 1 and sum(n.values()) == 14 + n["INTR"],
          "not 14 OUTs and at most one kick")
    check(injected == 0, "an interrupt went in with IF = 0")
else:
    check(injected == 1000, "not exactly 1000 injections")
    check(n["IO"] == 1013, "not 1013 OUTs")
    check(n["INTR"] <= injected, "more kicks than ticks delivered")
    check(sum(n.values()) - n["IO"] <= 2 * injected, "more than 2 exits besides the OUTs per injection")
PY
	done
done
echo PASS
