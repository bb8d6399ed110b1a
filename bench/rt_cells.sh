#!/bin/sh
# bench/rt_cells.sh BUILD ROUNDS - the partitioning stage's figures: the
# control loop (guest rt, 10 kHz) beside the noise cell, its p99 lateness
# with the CPUs shared and with each cell pinned to a CPU of its own,
# measured side by side in one run of `vmscope cells --compare` (shared,
# pinned, quiet, shared, ...), on the soft CPU (and KVM where /dev/kvm
# opens).  Writes the histograms as BUILD/bench/rt_cells_BACKEND.svg.
#   BENCH rt_p99_us_shared   the p99 over every round's ticks, CPUs shared
#   BENCH rt_p99_us_pinned   the same, pinned
#   BENCH rt_p99_ratio       the median over the rounds of shared / pinned
# Absolute times are for information: this machine's load decides them.
set -u
build=$1
rounds=${2:-3}
backends=soft
if "$build/vmscope" doctor --require kvm >/dev/null 2>&1; then
	backends="soft kvm"
fi
status=0
for backend in $backends; do
	suffix=$([ "$backend" = soft ] && echo "" || echo "_kvm")
	svg="$build/bench/rt_cells_$backend.svg"
	out=$("$build/vmscope" cells --backend "$backend" --compare "$rounds" \
		--until rt --svg "$svg" cells/rt-noise-pinned.cell) || { status=1; continue; }
	echo "$out" | awk -v s="$suffix" '
		$1 == "shared" && $2 == "lateness" { print "BENCH rt_p99_us_shared" s, $7, "us" }
		$1 == "pinned" && $2 == "lateness" { print "BENCH rt_p99_us_pinned" s, $7, "us" }
		/^rt p99 shared \/ pinned:/ { print "BENCH rt_p99_ratio" s, $6, "x" }'
	echo "$out" | sed 's/^/  /'
	echo "  ($backend backend; the histograms: $svg)"
done
exit $status
