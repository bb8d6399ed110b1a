# hello as L2 on KVM (L2 in a second KVM VM whose memory slots are L0's
# shadow address space, kvm/kvm_nested.c) prints the same text as hello
# as L2 on the software CPU, and its exit sequence at L2 is the software
# CPU's: every exit of L2's that L1 or L0's devices see - reason, port,
# direction, size, data, RIP, CPL, instruction, the rule and its verdict -
# in the same order.  Shadow faults are left out of the comparison: they
# are L0's own business and their number depends on how each backend
# keeps its shadow (a 4 KiB page per fault on the software CPU, a slot per
# contiguous range of L1's table on KVM); both backends must show at
# least one, the first at L2's page table or its first instruction.
# Skipped, with the probe's reason, where /dev/kvm does not work or lacks
# the memory slots the KVM way needs.
. tests/integration/lib.sh
require kvm
require NR_MEMSLOTS
require READONLY_MEM
set -e
printf 'Hello, world!\n2 + 40 = 42, in hex 0x2a\n' >"$TMP/expected"
for backend in soft kvm; do
	run_status "$VMSCOPE" trace --nested 1 --backend $backend --json \
		--serial "$TMP/serial.$backend" hello \
		>"$TMP/trace.$backend" 2>"$TMP/err"
	cat "$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: exit status $status, expected 0"
	sed -n 's/^\[L2\] //p' "$TMP/serial.$backend" >"$TMP/l2.$backend"
	cmp "$TMP/l2.$backend" "$TMP/expected" ||
		fail "$backend: L2's text differs from hello's"
done
cmp "$TMP/serial.soft" "$TMP/serial.kvm" || fail "the consoles differ"
python3 - "$TMP/trace.soft" "$TMP/trace.kvm" <<'PY' || exit 1
import json, sys
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
def l2_exits(path):
    seq, shadow = [], 0
    for l in open(path):
        if not l.startswith('{"seq"'):
            continue
        e = json.loads(l)
        if e["level"] != 2:
            continue
        n = e["nested"]
        if n["l2_reason"] == 48 and n["verdict"] == "handled in L0":
            shadow += 1
            continue
        io = e.get("io", {})
        seq.append((n["l2_reason"], io.get("port"), io.get("dir"),
                    io.get("size"), io.get("data"), e["rip"], e["cpl"],
                    e["insn"], n["verdict"], n["rule"]))
    return seq, shadow
soft, soft_shadow = l2_exits(sys.argv[1])
kvm, kvm_shadow = l2_exits(sys.argv[2])
if not soft_shadow or not kvm_shadow:
    fail("no shadow fault: soft %d, kvm %d" % (soft_shadow, kvm_shadow))
if not soft:
    fail("no L2 exits on the software CPU")
for i, (a, b) in enumerate(zip(soft, kvm)):
    if a != b:
        fail("L2 exit %d differs:\n  soft %r\n  kvm  %r" % (i, a, b))
if len(soft) != len(kvm):
    fail("soft has %d L2 exits, kvm %d" % (len(soft), len(kvm)))
print("%d L2 exits equal; shadow faults: soft %d, kvm %d"
      % (len(soft), soft_shadow, kvm_shadow))
PY
