#!/usr/bin/env python3
"""tests/integration/nested_points.py - the exits of hello's run as L2
that the nesting TUI tests stop at, read from `vmscope trace --nested 1
--json` on stdin and printed as shell assignments (for eval), so the
tests follow the mini-hypervisor as it changes:

  doorbell_rip  L1's run doorbell instruction (hex, 0x...)
  block         the control block's L1-physical address (hex, with 0x)
  r             L2's first exit reflected to L1; r_rip, r_port its RIP
                (hex, no 0x) and port, r_rule its rule in the tracer's
                words; runs, l2_exits, reflected, handled_l0,
                shadow_faults: the counters up to it, counted from the
                trace's own lines
  h_exit        L2's first 'H'; d_exit the exit before it, L1's run
                doorbell
  u_exit        L2's first exit inside printf (its stack has printf);
                p_exit the exit before it, L2's own, handled in L0 (so L2
                runs on from it: the last exit before main)
"""
import json
import shlex
import sys

exits = [e for e in map(json.loads, sys.stdin) if "seq" in e]


def is_doorbell(e):
    return e["level"] == 1 and e.get("io", {}).get("port") == 0x510


def is_l2(e):
    return e["level"] == 2 and "nested" in e


door = next(e for e in exits if is_doorbell(e))
r = next(e for e in exits if is_l2(e) and
         e["nested"]["verdict"] == "reflected to L1")
upto = [e for e in exits if e["seq"] <= r["seq"]]
h = next(e for e in exits if is_l2(e) and e.get("io", {}).get("port") ==
         0x3f8 and e["io"]["dir"] == "out" and e["io"]["data"] == 0x48)
d = next(e for e in exits if e["seq"] == h["seq"] - 1)
if not is_doorbell(d):
    sys.exit("nested_points: the exit before L2's 'H' is not L1's doorbell")
u = next(e for e in exits if is_l2(e) and "printf" in e.get("stack", []))
p = next(e for e in exits if e["seq"] == u["seq"] - 1)
if not is_l2(p) or p["nested"]["verdict"] != "handled in L0":
    sys.exit("nested_points: the exit before L2's first in printf is not "
             "an L2 exit L0 handled")
values = {
    "doorbell_rip": hex(door["rip"]),
    "block": "0x%x" % door["io"]["data"],
    "r": r["seq"], "r_rip": "%x" % r["rip"], "r_port": hex(r["io"]["port"]),
    "r_rule": r["nested"]["rule"],
    "runs": sum(is_doorbell(e) for e in upto),
    "l2_exits": sum(is_l2(e) for e in upto),
    "reflected": sum(is_l2(e) and e["nested"]["verdict"] == "reflected to L1"
                     for e in upto),
    "handled_l0": sum(is_l2(e) and e["nested"]["verdict"] != "reflected to L1"
                      for e in upto),
    "shadow_faults": sum(is_l2(e) and "shadow fault" in e["nested"]["rule"]
                         for e in upto),
    "h_exit": h["seq"], "d_exit": d["seq"],
    "u_exit": u["seq"], "p_exit": p["seq"],
}
for name, value in values.items():
    print("%s=%s" % (name, shlex.quote(str(value))))
