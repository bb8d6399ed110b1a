# A hostile guest (tests/guests/smc_alias.S) rewrites the instructions it
# has just run through a second mapping of its code page: each run of
# `mov $N, %al; out %al, $PORT` must execute the new bytes, and the trace
# must show them.  Exactly: OUT 1 to 0x80, 2 to 0x81, 3 to 0x82, then
# status 4 on the exit port, on every backend.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --json \
		"$BUILD/tests/guests/smc_alias.elf" >"$TMP/trace" 2>"$TMP/err"
	[ "$status" -eq 4 ] || fail "$backend: exit status $status, expected 4: $(head -3 "$TMP/err")"
	python3 - "$TMP/trace" "$backend" <<'PY' || exit 1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"seq"')]
got = [(r["reason"], r["io"]["port"], r["io"]["data"], r["insn"]) for r in recs]
want = [("IO", 0x80, 1, "out 0x80, al"), ("IO", 0x81, 2, "out 0x81, al"),
        ("IO", 0x82, 3, "out 0x82, al"), ("IO", 0xf4, 4, "out 0xf4, al")]
if got != want:
    sys.exit(f"FAIL: {sys.argv[2]}: {got}, expected {want}")
PY
done
echo PASS
