#!/bin/sh
# tests/fuzz/run.sh - `make fuzz`: run each fuzz target for a while and say
# how many inputs it ran and how many crashed.
#
# Usage: run.sh BUILD_DIR SECONDS NAME...
# Each target build/fuzz/fuzz_<name> starts from its committed corpus
# (tests/fuzz/corpus/<name>/, read only) and a work corpus it grows
# (BUILD_DIR/fuzz/corpus/<name>/).  A crash stops that target; libFuzzer
# leaves the input in BUILD_DIR/fuzz/crashes/<name>/ and this script names
# it: fix the bug, then commit the input into the target's corpus so make
# check replays it from then on.  Prints per target
#     FUZZ <name> execs N crashes N (S s)
# and exits 1 when any target crashed.
set -u
build=$1 seconds=$2; shift 2
failed=0

execs_of() { # log
	sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -n 1
}

for name in "$@"; do
	work="$build/fuzz/corpus/$name" crashes="$build/fuzz/crashes/$name"
	log="$build/fuzz/logs/$name.log"
	mkdir -p "$work" "$crashes" "$(dirname "$log")"
	rm -f "$crashes"/*
	"$build/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$crashes/" \
		"$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
	status=$?
	n=$(ls "$crashes" | wc -l)
	echo "FUZZ $name execs $(execs_of "$log") crashes $n (${seconds} s)"
	if [ "$n" -gt 0 ] || [ $status -ne 0 ]; then
		failed=1
		grep -m 1 -A 12 'ERROR:\|runtime error\|deadly signal' "$log"
		ls "$crashes"/* 2>/dev/null | sed 's/^/    input: /'
	fi
done
exit $failed
