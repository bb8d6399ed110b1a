#!/bin/sh
# bench/run.sh - run every benchmark; figures are "BENCH <name> <value> <unit>".
# Benchmarks that need /dev/kvm say so and are left out where it is missing.
set -u
build=$1
# The software CPU: its speed (KVM's figure only where /dev/kvm opens) and
# a long run against the host CPU with a random seed.
"$build/bench/softcpu_mips"
"$build/bench/cpu_diff_long"
"$build/bench/key_echo" soft
if ! "$build/vmscope" doctor --require kvm >/dev/null 2>&1; then
	echo "bench: KVM benchmarks skipped: $("$build/vmscope" doctor --require kvm 2>&1 | tail -n 1)"
	exit 0
fi
"$build/bench/exit_cost" "$build" 5
"$build/bench/first_byte" "$build" 11
"$build/bench/key_echo" kvm
sh bench/tui_bench.sh "$build" 3
