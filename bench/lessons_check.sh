#!/bin/sh
# bench/lessons_check.sh BUILD ROUNDS - BENCH lessons_check_s: the wall time
# of `vmscope lesson --check` over every built-in lesson on every backend
# this host has, as CI runs it.  ROUNDS runs; the median is the figure, the
# min and max follow.  A round whose grading fails fails the benchmark.
set -u
build=$1
rounds=$2
backends=soft
"$build/vmscope" doctor --require kvm >/dev/null 2>&1 && backends="soft kvm"
lessons=$("$build/vmscope" lessons | cut -d' ' -f1)
times=""
i=0
while [ $i -lt "$rounds" ]; do
	start=$(date +%s%N)
	for b in $backends; do
		# shellcheck disable=SC2086
		"$build/vmscope" lesson --check --backend $b $lessons >/dev/null || {
			echo "bench: lessons_check: --check failed on $b"
			exit 1
		}
	done
	end=$(date +%s%N)
	times="$times $(( (end - start) / 1000000 ))"
	i=$((i + 1))
done
echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk -v b="$backends" '
	{ t[NR] = $1 }
	END {
		m = t[int((NR + 1) / 2)]
		printf "BENCH lessons_check_s %.2f s\n", m / 1000
		printf "  every built-in lesson graded on: %s; median of %d rounds, min %.2f s, max %.2f s\n",
			b, NR, t[1] / 1000, t[NR] / 1000
	}'
