#!/bin/sh
# tests/fuzz/run.sh - `make fuzz`: run each fuzz target for a number of
# inputs and say how many it ran and how many crashed.
#
# Usage: run.sh BUILD_DIR RUNS SECONDS NAME...
# Each target build/fuzz/fuzz_<name> runs RUNS inputs (libFuzzer's -runs),
# or until SECONDS have passed when SECONDS is not 0, whichever comes
# first.  It starts from its committed corpus (tests/fuzz/corpus/<name>/,
# read only) and a work corpus it grows (BUILD_DIR/fuzz/corpus/<name>/).
# A crash stops that target; libFuzzer leaves the input in
# BUILD_DIR/fuzz/crashes/<name>/ and this script names it: fix the bug,
# then commit the input into the target's corpus so make check replays it
# from then on.  Prints per target
#     FUZZ <name> execs N crashes N (S s)
# with "short of RUNS" after it when the time ran out first (and any input
# that took over 10 s named), and exits 1 when any target crashed.
set -u
build=$1 runs=$2 seconds=$3; shift 3
failed=0

execs_of() { # log
	sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -n 1
}

for name in "$@"; do
	work="$build/fuzz/corpus/$name" crashes="$build/fuzz/crashes/$name"
	log="$build/fuzz/logs/$name.log"
	mkdir -p "$work" "$crashes" "$(dirname "$log")"
	rm -f "$crashes"/*
	start=$(date +%s)
	"$build/fuzz/fuzz_$name" -runs="$runs" -max_total_time="$seconds" \
		-timeout=10 -print_final_stats=1 \
		-artifact_prefix="$crashes/" \
		"$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
	status=$?
	# a slow input (over 10 s) is no crash: on a loaded host it may be
	# the scheduler's; it is named so that it can be timed again alone
	n=$(ls "$crashes" | grep -cv '^slow-unit-')
	slow=$(ls "$crashes" | grep -c '^slow-unit-')
	execs=$(execs_of "$log")
	short=
	[ "${execs:-0}" -lt "$runs" ] && short=" short of $runs"
	if [ "$slow" -gt 0 ]; then
		first=$(ls "$crashes"/slow-unit-* | head -n 1)
		short="$short, $slow slow (time again: fuzz_$name $first)"
	fi
	echo "FUZZ $name execs ${execs:-0} crashes $n" \
		"($(($(date +%s) - start)) s)$short"
	if [ "$n" -gt 0 ] || [ $status -ne 0 ]; then
		failed=1
		grep -m 1 -A 12 'ERROR:\|runtime error\|deadly signal' "$log"
		ls "$crashes"/* 2>/dev/null | sed 's/^/    input: /'
	fi
done
exit $failed
