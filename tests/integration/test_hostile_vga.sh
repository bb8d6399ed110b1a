# A hostile guest (tests/guests/vga_strings.S) runs rep stosw and rep movsw
# over the whole VGA text window, reads it back the same way and checks
# it: status 0 in both VGA modes, on every backend.  As RAM the window
# makes no exit (one IO exit: the status); as MMIO each element is one
# exit, in order: 2000 2-byte stores of 0x1f41 from 0xb8000, the 15 message
# cells from 0xb80a0, then 2000 2-byte loads from 0xb8000 that return what
# was stored - each shown at the instruction that made it, `rep stosw` and
# `rep movsw` (66 f3 ab and 66 f3 a5 as gas writes them; capstone 4.0.2
# alone reads them as `rep stosd`, `rep movsd`), on the software CPU.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	for vga in ram mmio; do
		run_status "$VMSCOPE" trace --backend $backend --vga $vga --json \
			"$BUILD/tests/guests/vga_strings.elf" >"$TMP/trace" 2>"$TMP/err"
		[ "$status" -eq 0 ] || fail "$backend --vga $vga: exit status $status, expected 0: $(head -3 "$TMP/err")"
		python3 - "$TMP/trace" "$backend --vga $vga" <<'PY' || exit 1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"seq"')]
what = sys.argv[2]
msg = b"vga_strings_ok!"
want = []
if what.endswith("mmio"):
    want += [(0xb8000 + 2 * i, "out", 2, 0x1f41) for i in range(2000)]
    want += [(0xb80a0 + 2 * i, "out", 2, 0x2f00 | c) for i, c in enumerate(msg)]
    screen = [0x1f41] * 2000
    for i, c in enumerate(msg):
        screen[80 + i] = 0x2f00 | c
    want += [(0xb8000 + 2 * i, "in", 2, screen[i]) for i in range(2000)]
got = [(r["mmio"]["gpa"], r["mmio"]["dir"], r["mmio"]["len"], r["mmio"]["data"])
       for r in recs if r["reason"] == "MMIO"]
stosw = "rep stosw word ptr [rdi], ax"
movsw = "rep movsw word ptr [rdi], word ptr [rsi]"
insns = [r["insn"] for r in recs if r["reason"] == "MMIO"]
want_insns = [stosw] * 2000 + [movsw] * 2015 if what.endswith("mmio") else []
# soft only: on KVM a REP's last element leaves RIP past the instruction,
# and kvm/kvm_rip.c finds no store operand to step back over: that exit
# would be shown at the next instruction
if what.startswith("soft") and insns != want_insns:
    bad = next(i for i in range(max(len(insns), len(want_insns)))
               if i >= len(insns) or i >= len(want_insns) or insns[i] != want_insns[i])
    sys.exit(f"FAIL: {what}: MMIO exit #{bad} at "
             f"{insns[bad] if bad < len(insns) else None!r}, expected "
             f"{want_insns[bad] if bad < len(want_insns) else None!r}")
if got != want:
    bad = next(i for i in range(max(len(got), len(want)))
               if i >= len(got) or i >= len(want) or got[i] != want[i])
    sys.exit(f"FAIL: {what}: {len(got)} MMIO exits; #{bad}: "
             f"{got[bad] if bad < len(got) else None}, expected "
             f"{want[bad] if bad < len(want) else None}")
others = [r["reason"] for r in recs if r["reason"] != "MMIO"]
if others != ["IO"]:
    sys.exit(f"FAIL: {what}: other exits {others}, expected one IO")
PY
	done
done
echo PASS
