#!/bin/sh
# `vmscope trace --pic`: the two 8259s' registers after each exit that
# changed them, at known points of the teaching kernel's run, exactly -
# the power-on state, ICW1 (IMR cleared, ICW2 awaited), the state the
# kernel's pic_init() leaves, each unmask; a key typed with --keys waits
# in IRR (bit 1), is in service (ISR bit 1) at the exit after vmscope
# injected it, and leaves ISR at the guest's EOI; the lines are named
# from the machine's own wiring (COM1 with --console irq, virtio-net with
# --net).  Text and JSON say the same.  On every backend (vmscope's
# 8259; KVM's in-kernel one is test_trace_pic_kvm.sh).
. tests/integration/lib.sh
set -e

for backend in $(backends); do
	"$VMSCOPE" trace --backend $backend --pic --keys 'a\n\x04' echo \
		>"$TMP/text" 2>/dev/null
	"$VMSCOPE" trace --backend $backend --pic --json --keys 'a\n\x04' \
		echo >"$TMP/json" 2>/dev/null

	# pic_init() exactly: before the PIT runs nothing depends on time
	sed -n '/^ *1 /,/ pit_start+0x9 /p' "$TMP/text" | grep -v '^ *[0-9]' |
		sed -n '1,2p;$p' >"$TMP/got"
	cat >"$TMP/want" <<'T'
       pic     master base 0x08 irr 0x00 isr 0x00 imr 0xff  edge, AEOI off, SMM off
       pic     slave  base 0x70 irr 0x00 isr 0x00 imr 0xff  edge, AEOI off, SMM off
       pic     slave  base 0x28 irr 0x00 isr 0x00 imr 0xff  edge, AEOI off, SMM off
T
	diff "$TMP/want" "$TMP/got" >"$TMP/diff" ||
		fail "$backend: power-on and pic_init's end: $(cat "$TMP/diff")"
	grep -A1 "pic_init+0x9 *out 0x20, al port=0x20 out size=1 data=0x11$" \
		"$TMP/text" | tail -n 1 | grep -qx "       pic     master base 0x08 irr 0x00 isr 0x00 imr 0x00  edge, AEOI off, SMM off, ICW2 next" ||
		fail "$backend: ICW1 did not clear IMR and wait for ICW2"

	python3 - "$TMP/json" "$backend" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"seq"')]
backend = sys.argv[2]
def fail(msg):
    sys.exit(f"FAIL: {backend}: {msg}")
state = {}            # seq -> both chips after that exit
now = None
for e in lines:
    if "pic" in e:
        now = e["pic"]
    state[e["seq"]] = now
def io(e, port, data):
    return e.get("io", {}).get("port") == port and e["io"]["data"] == data \
        and e["io"]["dir"] == "out"
def first(pred, after=0):
    for e in lines:
        if e["seq"] > after and pred(e):
            return e
    fail("no such exit")
first_pic = lines[0].get("pic")
if first_pic != {"master": {"base": 8, "irr": 0, "isr": 0, "imr": 255, "level": 0,
                            "auto_eoi": False, "special_mask": False, "next_icw": 0},
                 "slave": {"base": 0x70, "irr": 0, "isr": 0, "imr": 255, "level": 0,
                           "auto_eoi": False, "special_mask": False, "next_icw": 0}}:
    fail(f"exit 1's pic: {first_pic}")
icw1 = first(lambda e: io(e, 0x20, 0x11))
if state[icw1["seq"]]["master"]["next_icw"] != 2 or state[icw1["seq"]]["master"]["imr"] != 0:
    fail(f"after ICW1: {state[icw1['seq']]}")
done = first(lambda e: io(e, 0xa1, 0xff), icw1["seq"])
s = state[done["seq"]]
want = {"base": 0x20, "irr": 0, "isr": 0, "imr": 0xff, "level": 0, "auto_eoi": False,
        "special_mask": False, "next_icw": 0}
if s["master"] != want or s["slave"] != dict(want, base=0x28):
    fail(f"after pic_init: {s}")
u1 = first(lambda e: io(e, 0x21, 0xfe), done["seq"])
u2 = first(lambda e: io(e, 0x21, 0xfc), u1["seq"])
if state[u1["seq"]]["master"]["imr"] != 0xfe or state[u2["seq"]]["master"]["imr"] != 0xfc:
    fail("the unmasks of IRQ 0 and IRQ 1 are not in IMR")
# the key: waiting in IRR, in service after the injection, gone at EOI
inj = first(lambda e: e.get("inject", {}).get("irq") == 1)
if inj["inject"] != {"irq": 1, "vector": 0x21}:
    fail(f"the key's injection: {inj['inject']}")
before = state[inj["seq"] - 1]["master"]
if not before["irr"] & 2 or before["isr"] & 2:
    fail(f"before the key went in, IRR/ISR = {before['irr']:#x}/{before['isr']:#x}")
if not state[inj["seq"]]["master"]["isr"] & 2:
    fail(f"the key is not in service after its injection: {state[inj['seq']]}")
eoi = first(lambda e: io(e, 0x20, 0x20), inj["seq"])
if state[eoi["seq"]]["master"]["isr"] & 2:
    fail(f"ISR bit 1 still set after the EOI at exit {eoi['seq']}")
# every state shown differs from the one before it
prev = None
for e in lines:
    if "pic" in e:
        if e["pic"] == prev:
            fail(f"exit {e['seq']}: the pic shown again unchanged")
        prev = e["pic"]
ticks = [e for e in lines if e.get("inject", {}).get("irq") == 0]
if any(e["inject"] != {"irq": 0, "vector": 0x20} for e in ticks):
    fail("a timer injection's vector is not 0x20")
PY
	# the text's inject line names the line as JSON does
	grep -q "^       inject  IRQ 1 (keyboard) -> vector 0x21$" "$TMP/text" ||
		fail "$backend: no named keyboard injection in the text"

	# the console's line, interrupt-driven: IRQ 4, COM1
	"$VMSCOPE" trace --backend $backend --pic --console irq hello \
		>"$TMP/com1" 2>/dev/null
	grep -q "^       inject  IRQ 4 (COM1) -> vector 0x24$" "$TMP/com1" ||
		fail "$backend: --console irq: no COM1 injection"
	grep -q "^       pic     master base 0x20 irr 0x00 isr 0x10 (COM1) imr 0xe[8c]  edge, AEOI off, SMM off$" \
		"$TMP/com1" || fail "$backend: --console irq: COM1 never in service"
	echo "ok: $backend"
done

# one guest's option: refused with --cell
usage_mistake "vmscope trace: --pic is for one GUEST, not --cell" \
	trace --backend soft --pic --cell cells/two-hellos.cell
echo "PASS"
