# tests/integration/lib.sh - sourced by every integration test.
#
# The environment gives VMSCOPE (the binary) and BUILD (the build folder).
# A test exits 0 on pass, 1 on failure (after saying what differed), 77 on
# skip (after printing the reason the host probe gave).
set -u
: "${VMSCOPE:=build/vmscope}"
: "${BUILD:=build}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

# Skip unless the host probe finds the capability ("kvm", ...).
require() {
	if ! why=$("$VMSCOPE" doctor --require "$1" 2>&1); then
		echo "SKIP: $why"
		exit 77
	fi
}

# The backends a test runs the guest on: the software CPU everywhere, KVM
# where the host probe says /dev/kvm works (otherwise it says why, once).
backends() {
	if why=$("$VMSCOPE" doctor --require kvm 2>&1); then
		echo "soft kvm"
	else
		echo "note: kvm variant skipped: $why" >&2
		echo "soft"
	fi
}

# Run a command, keep its exit status in $status, never stop the script.
run_status() {
	set +e
	"$@"
	status=$?
	set -e
}

# `trace --json --step-insn` of a test guest (tests/guests/$2.S) on backend
# $1, Enter pressed $3 times at the step prompts; it must end at the
# guest's HLT with interrupts off, within a guard of 60 s (a step that
# never ends is a failure).  The JSON trace in $TMP/trace.
step_insn_to_hlt() {
	i=0
	: >"$TMP/keys"
	while [ $i -lt "$3" ]; do
		echo >>"$TMP/keys"
		i=$((i + 1))
	done
	run_status timeout 60 "$VMSCOPE" trace --json --step-insn --backend "$1" \
		"$BUILD/tests/guests/$2.elf" <"$TMP/keys" >"$TMP/trace" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$1: exit status $status: $(tail -2 "$TMP/err")"
	grep -q 'vmscope: guest halted (HLT with interrupts off)$' "$TMP/err" ||
		fail "$1: the run did not end at the HLT: $(tail -2 "$TMP/err")"
}

# `vmscope trace --json ARGS...`, keeping only the closing summary line, for
# runs of millions of exits: the summary in $TMP/summary, stderr in
# $TMP/err, the exit status in $status.
trace_summary() {
	{ run_status "$VMSCOPE" trace --json "$@" 2>"$TMP/err"
	  echo $status >"$TMP/status"; } | tail -n 1 >"$TMP/summary"
	status=$(cat "$TMP/status")
}

# The summary in $TMP/summary counts exactly N exits, all of REASON.
expect_only_reason() { # label N REASON
	python3 - "$TMP/summary" "$@" <<'PY' || exit 1
import json, sys
label, n, reason = sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = json.load(open(sys.argv[1]))["summary"]
got = (s["exits"], [(r["reason"], r["count"]) for r in s["by_reason"]])
if got != (n, [(reason, n)]):
    sys.exit(f"FAIL: {label}: (exits, by reason) = {got}, expected {(n, [(reason, n)])}")
PY
}

# Run a command (run_status; its stdout in $TMP/out, stderr in $TMP/err)
# while a reader is on the FIFO $1 already, what it read in $2.
run_with_fifo_reader() { # fifo read-into command...
	fifo=$1 read_into=$2
	shift 2
	cat "$fifo" >"$read_into" &
	reader=$!
	exec 3>"$fifo"   # the reader is there once this open returns
	run_status "$@" >"$TMP/out" 2>"$TMP/err"
	exec 3>&-
	wait $reader
}

# A usage mistake: `vmscope ARGS...` says WANT first on stderr (then the
# usage), prints nothing on stdout and exits with status 2.
usage_mistake() { # want args...
	want=$1
	shift
	run_status "$VMSCOPE" "$@" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 2 ] || fail "'vmscope $*': exit status $status, expected 2"
	[ ! -s "$TMP/out" ] || fail "'vmscope $*': printed on stdout"
	[ "$(head -n 1 "$TMP/err")" = "$want" ] ||
		fail "'vmscope $*': said '$(head -n 1 "$TMP/err")', not '$want'"
}
