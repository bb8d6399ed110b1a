# Single-stepping over HLT (tests/guests/step_hlt.S: nop, cli, hlt) gives
# the same exits on every backend: DEBUG, DEBUG, then HLT at halt_here,
# and the run ends there (HLT with interrupts off).  PVM reports the step
# over HLT as a DEBUG exit, which used to leave the run stepping forever;
# a guard of 60 s turns that into a failure.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	step_insn_to_hlt $backend step_hlt 6
	python3 - "$TMP/trace" "$backend" <<'PY' || exit 1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"seq"')]
got = [(r["reason"], r["sym"]) for r in recs]
want = [("DEBUG", "_start+0x1"), ("DEBUG", "halt_here"), ("HLT", "halt_here")]
if got != want:
    sys.exit(f"FAIL: {sys.argv[2]}: exits {got}, expected {want}")
PY
done
echo PASS
