#!/bin/sh
# bench/run.sh - run every benchmark; figures are "BENCH <name> <value> <unit>".
# Figures that need /dev/kvm are left out where it is missing, each named on
# a line "bench: NAME skipped: <the host probe's reason>".
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
# vmscope's own costs, on the software CPU everywhere: per exit and from
# start to the first console byte, each against a bare loop; run --batch
# against trace; the full-screen view's frames.
run exit_cost_soft "$build/bench/exit_cost" "$build" 5 soft
run first_byte_soft "$build/bench/first_byte" "$build" 11 soft
run batch_cpu_soft "$build/bench/batch_cpu" "$build" 5 soft
run tui_bench_soft sh bench/tui_bench.sh "$build" 3 soft
# The partitioning stage: the control loop's p99 shared and pinned.
run rt_cells sh bench/rt_cells.sh "$build" 3
# The nesting stage: an L2 exit reflected or handled in L0 against a
# single-level one, a shadow fault, L1's exits per reflection.
run nested_cost_soft "$build/bench/nested_cost" soft
# The network stage's receive paths (docs/NETWORK.md).
run net_paths "$build/bench/net_paths" "$build/bench/net_paths.svg"
if "$build/vmscope" doctor --require kvm >/dev/null 2>&1; then
	run exit_cost "$build/bench/exit_cost" "$build" 5 kvm
	run first_byte "$build/bench/first_byte" "$build" 11 kvm
	run batch_cpu "$build/bench/batch_cpu" "$build" 5 kvm
	run key_echo "$build/bench/key_echo" kvm
	run tui_bench sh bench/tui_bench.sh "$build" 3 kvm
	run nested_cost "$build/bench/nested_cost" kvm
else
	why=$("$build/vmscope" doctor --require kvm 2>&1 | tail -n 1)
	for figure in exit_cost_ratio exit_cost_json_ratio first_byte_ms \
		      first_byte_ratio batch_cpu_ratio key_echo_median_us \
		      tui_speed_ratio tui_frame_ms nested_reflected_exit_ratio \
		      nested_l0_exit_ratio nested_first_touch_us \
		      nested_l1_exits_per_reflection; do
		echo "bench: $figure skipped: $why"
	done
fi
if [ -n "$failed" ]; then
	echo "bench: failed:$failed"
	exit 1
fi
