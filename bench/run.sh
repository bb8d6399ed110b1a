#!/bin/sh
# bench/run.sh - run every benchmark; figures are "BENCH <name> <value> <unit>".
# Benchmarks that need /dev/kvm say so and are left out where it is missing.
# A benchmark that fails (or, for cpu_diff_long, finds a mismatch) is named
# at the end and makes `make bench` fail.
set -u
build=$1
failed=""

run() { # name command...
	name=$1; shift
	"$@" || failed="$failed $name"
}

# The software CPU: its speed (KVM's figure only where /dev/kvm opens) and
# a long run against the host CPU with a random seed.
run softcpu_mips "$build/bench/softcpu_mips"
run cpu_diff_long "$build/bench/cpu_diff_long"
run key_echo_soft "$build/bench/key_echo" soft
run lessons_check sh bench/lessons_check.sh "$build" 3
if "$build/vmscope" doctor --require kvm >/dev/null 2>&1; then
	run exit_cost "$build/bench/exit_cost" "$build" 5
	run first_byte "$build/bench/first_byte" "$build" 11
	run key_echo "$build/bench/key_echo" kvm
	run tui_bench sh bench/tui_bench.sh "$build" 3
else
	echo "bench: KVM benchmarks skipped: $("$build/vmscope" doctor --require kvm 2>&1 | tail -n 1)"
fi
if [ -n "$failed" ]; then
	echo "bench: failed:$failed"
	exit 1
fi
