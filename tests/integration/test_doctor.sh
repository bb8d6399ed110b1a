# vmscope doctor: the host facts agree with what the host says about itself,
# and each finding agrees with what the probe guests were seen to do.
#
# The ring-3 findings are checked against an independent run of the same
# probe guest under `vmscope trace --json`: the guest reports through OUTs to
# PORT_PROBE (guest/probes/probe_abi.h), so the trace shows which vector
# `int $0x80` raised and where `syscall` went.  The exit cost is checked
# against the spacing of probe_exitcost's exits in its own trace.  What a
# trace cannot show (breakpoints, single-step) must be consistent with the
# flavour: on VMX/SVM all of it works; on PVM, ring 3 neither stops on a
# hardware breakpoint nor single-steps.  Interrupt injection is checked
# against a trace of echo typed at the same way (the IRQ 1 injection, the
# 0x60 read after it, status 0); the VGA dirty-page log, which no trace
# shows, must work on every flavour (KVM_GET_DIRTY_LOG is base API) with
# hello's text cells written without an MMIO exit; and so must
# net_ioeventfd (KVM_IOEVENTFD is base API): netrx's kicks none exited.
# The irqfd finding (a scratch VM's KVM_CREATE_IRQCHIP and resampling
# KVM_IRQFD) works exactly where the three capabilities it needs are.
. tests/integration/lib.sh
require kvm
set -e

run_status "$VMSCOPE" doctor --json >"$TMP/doctor.json" 2>"$TMP/err"
cat "$TMP/err"
[ "$status" -eq 0 ] || fail "doctor --json exited $status"
"$VMSCOPE" trace --json probe_ring3 >"$TMP/ring3.jsonl" 2>/dev/null ||
	fail "tracing probe_ring3 failed"
"$VMSCOPE" trace --json probe_exitcost >"$TMP/cost.jsonl" 2>/dev/null ||
	fail "tracing probe_exitcost failed"
run_status "$VMSCOPE" trace --backend kvm --json --keys 'a\n\x04' echo \
	>"$TMP/echo.jsonl" 2>/dev/null
echo "$status" >"$TMP/echo.status"

# What the host says about itself, found here without vmscope.
if [ -e /sys/module/kvm_pvm ]; then flavour=PVM
elif [ -e /sys/module/kvm_intel ]; then flavour=VMX
elif [ -e /sys/module/kvm_amd ]; then flavour=SVM
else flavour=unknown
fi
if grep -qw hypervisor /proc/cpuinfo; then nested=true; else nested=false; fi

python3 - "$TMP" "$flavour" "$nested" <<'EOF'
import json, re, statistics, sys

tmp, flavour, nested = sys.argv[1], sys.argv[2], sys.argv[3] == "true"
PORT_PROBE = 0x500
EV = dict(START=1, BP_PASSED=2, SS_BEGIN=3, SS_END=4, RING3=5, VECTOR=6,
          LSTAR=7, AFTER_INT80=8, AFTER_SYSCALL=9, RUN_BEGIN=10, TICK=11,
          RUN_END=12, DONE=13, FATAL=14, VECTOR_RIP=15)
failures = []

def check(cond, what):
    if not cond:
        failures.append(what)

def reports(path):
    """(event, argument, exit) for each probe report in a JSON trace."""
    out = []
    for line in open(path):
        e = json.loads(line)
        io = e.get("io")
        if io and io["port"] == PORT_PROBE and io["dir"] == "out":
            out.append((io["data"] >> 24, io["data"] & 0xffffff, e))
    return out

doc = json.load(open(f"{tmp}/doctor.json"))
print("doctor:", json.dumps(doc, indent=1))

# The host.
check(doc["kvm"]["available"] is True, "kvm.available is not true")
check(doc["kvm"]["api_version"] == 12, "KVM API version is not 12")
if flavour != "unknown":
    check(doc["flavour"] == flavour, f"flavour {doc['flavour']}, /sys/module says {flavour}")
check(doc["nested"] is nested, f"nested {doc['nested']}, /proc/cpuinfo says {nested}")
for cap in ("USER_MEMORY", "SYNC_REGS", "SET_GUEST_DEBUG", "BINARY_STATS_FD"):
    check(cap in doc["capabilities"], f"capability {cap} not reported")

# int $0x80 and syscall: what probe_ring3 did, in the trace.
ring3 = reports(f"{tmp}/ring3.jsonl")
events = [ev for ev, _, _ in ring3]
check(events and events[-1] == EV["DONE"], "probe_ring3 did not finish in its trace")
check(EV["FATAL"] not in events, "probe_ring3 hit an unexpected exception")
ends = [i for i, (ev, arg, _) in enumerate(ring3) if ev == EV["SS_END"] and arg == 3]
after80 = events.index(EV["AFTER_INT80"])
aftersc = events.index(EV["AFTER_SYSCALL"])
int80 = [arg & 0xff for ev, arg, _ in ring3[ends[0]:after80] if ev == EV["VECTOR"]]
f = doc["int80_ring3"]
if int80 == [0x80]:
    check(f["works"] is True and f["result"] == "vector_0x80", f"int80: trace saw vector 0x80, doctor says {f}")
elif int80 == [6]:
    check(f["works"] is False and f["result"] == "ud", f"int80: trace saw #UD, doctor says {f}")
else:
    failures.append(f"int80: trace saw vectors {int80}")

syscall = ring3[after80:aftersc]
lstar_cpl = [arg for ev, arg, _ in syscall if ev == EV["LSTAR"]]
vectors = [arg for ev, arg, _ in syscall if ev == EV["VECTOR"]]
f = doc["syscall_ring3"]
if lstar_cpl == [0]:
    check(f["works"] is True and f["result"] == "ring0_handler", f"syscall: trace saw LSTAR in ring 0, doctor says {f}")
elif not lstar_cpl and [v & 0xff for v in vectors] == [14] and vectors[0] >> 8 == 3:
    check(f["works"] is False and f["result"] == "stays_in_ring3", f"syscall: trace saw a ring-3 #PF at LSTAR, doctor says {f}")
else:
    failures.append(f"syscall: trace saw LSTAR {lstar_cpl}, vectors {vectors}")
if flavour == "PVM":
    check(doc["int80_ring3"]["result"] == "ud", "PVM: int $0x80 from ring 3 should arrive as #UD")
    check(doc["syscall_ring3"]["result"] == "stays_in_ring3", "PVM: syscall should stay in ring 3")

# Breakpoints and single-step: measured (never unknown), and as the flavour says.
for key in ("hw_breakpoints_ring0", "hw_breakpoints_ring3", "single_step_ring0", "single_step_ring3"):
    check(doc[key]["works"] is not None, f"{key} not measured: {doc[key]['detail']}")
hardware = flavour in ("VMX", "SVM")
if hardware:
    for key in ("int80_ring3", "syscall_ring3", "hw_breakpoints_ring0", "hw_breakpoints_ring3",
                "single_step_ring0", "single_step_ring3"):
        check(doc[key]["works"] is True, f"{flavour}: {key} should work: {doc[key]['detail']}")
if flavour == "PVM":
    check(doc["hw_breakpoints_ring3"]["works"] is False, "PVM: a ring-3 hardware breakpoint should not fire")
    check(doc["single_step_ring3"]["works"] is False, "PVM: single-step in ring 3 should not work")
    check(doc["single_step_ring0"]["works"] is True, "PVM: single-step in ring 0 should work")

# The exit cost: the doctor's median per ring against the spacing of the
# same guest's exits in its trace (another run: within a factor of 3).
cost = doc["exit_cost_us"]
check(cost["measured"] is True, f"exit cost not measured: {cost['detail']}")
trace = reports(f"{tmp}/cost.jsonl")
check(sum(1 for ev, _, _ in trace if ev == EV["TICK"]) == 2 * cost["runs"] * (cost["exits_per_run"] - 1),
      "probe_exitcost's trace has the wrong number of ticks")
for ring in (0, 3):
    gaps = [e["dt_ns"] / 1000 for ev, _, e in trace if ev == EV["TICK"] and e["cpl"] == ring]
    seen = statistics.median(gaps)
    said = cost[f"ring{ring}"]
    print(f"exit cost ring {ring}: doctor {said:.2f} us, trace {seen:.2f} us")
    check(0 < said < 10000, f"ring {ring} exit cost {said} us is absurd")
    check(said / 3 < seen < said * 3, f"ring {ring}: doctor says {said:.2f} us per exit, the trace shows {seen:.2f} us")

# Interrupt injection: the doctor's run of echo against a traced one.
echo = [json.loads(l) for l in open(f"{tmp}/echo.jsonl") if l.startswith('{"seq"')]
echo_status = int(open(f"{tmp}/echo.status").read())
first = next((i for i, e in enumerate(echo) if e.get("inject", {}).get("irq") == 1), None)
io = next((e["io"] for e in echo[first:] if "io" in e), None) if first is not None else None
traced = (first is not None and echo[first]["inject"]["vector"] == 0x21 and io is not None
          and io["port"] == 0x60 and io["dir"] == "in" and echo_status == 0)
f = doc["irq_injection"]
print(f"irq_injection: trace {'agrees' if traced else 'disagrees'} (status {echo_status})")
if traced:
    check(f["works"] is True and f["result"] == "injected", f"irq_injection: the trace shows IRQ 1 -> 0x21, IN 0x60, status 0; doctor says {f}")
else:
    check(f["works"] is False, f"irq_injection: the trace shows no IRQ 1 -> 0x21 then IN 0x60 and status 0; doctor says {f}")
check(re.search(r"; \d+ IRQ_WINDOW_OPEN exits?$", f["detail"]), f"irq_injection: no interrupt-window count in {f['detail']!r}")

# The dirty-page log: works everywhere, page 0 (0xb8000) dirty, no MMIO exit.
f = doc["dirty_log"]
check(f["works"] is True and f["result"] == "page_0_dirty", f"dirty_log should work: {f}")
check(f["detail"].endswith("; 0 MMIO exits"), f"dirty_log: VGA stores in RAM mode made MMIO exits: {f['detail']}")

# The network card's kicks: KVM_IOEVENTFD is base API on every flavour
# (the probes found it on PVM too): netrx's kicks all absorbed, none exited.
f = doc["net_ioeventfd"]
check(f["works"] is True and f["result"] == "absorbed", f"net_ioeventfd should work: {f}")
check("KVM_IRQFD needs the in-kernel irqchip" in f["detail"], f"net_ioeventfd: no word on irqfd: {f['detail']}")

# --irqchip kernel's needs: the finding agrees with the capabilities.
caps = doc.get("capabilities", {})
f = doc["irqfd"]
if caps:
    offered = all(caps.get(n, 0) > 0 for n in ("IRQCHIP", "IRQFD", "IRQFD_RESAMPLE"))
    check(f["works"] is offered, f"irqfd: capabilities say {offered}, doctor says {f}")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
EOF

# The text report names the flavour and every finding.
"$VMSCOPE" doctor >"$TMP/doctor.txt"
grep -q "^flavour  *$flavour" "$TMP/doctor.txt" || [ "$flavour" = unknown ] ||
	fail "text report does not say flavour $flavour"
for title in "int \$0x80 from ring 3" "syscall from ring 3" \
	"hardware breakpoint, ring 0" "single-step, ring 3" "interrupt injection" \
	"VGA dirty-page log" "virtio-net kicks by ioeventfd" \
	"in-kernel irqchip and irqfd" \
	"port-I/O exit cost"; do
	grep -qF "$title" "$TMP/doctor.txt" || fail "text report lacks '$title'"
done

# --require answers as the JSON does, and says why when it does not.
for cap in int80_ring3 single_step_ring3 single_step_ring0 irq_injection dirty_log \
	net_ioeventfd irqfd; do
	works=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]['works'])" \
		"$TMP/doctor.json" "$cap")
	run_status "$VMSCOPE" doctor --require "$cap" >"$TMP/require" 2>&1
	if [ "$works" = True ]; then
		[ "$status" -eq 0 ] || fail "--require $cap exited $status, the report says it works"
	else
		[ "$status" -eq 77 ] || fail "--require $cap exited $status, expected 77"
		grep -q "$cap" "$TMP/require" || fail "--require $cap gave no reason"
	fi
done
echo "doctor agrees with its probe guests ($flavour)"
