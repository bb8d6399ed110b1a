#!/bin/sh
# bench/lessons_check.sh BUILD ROUNDS - BENCH lessons_check_<backend>_s: the
# wall time of `vmscope lesson --check` over every built-in lesson, as CI
# runs it, for each backend this host has (one figure each, so a figure
# means the same on every host); then BENCH lessons_check_s, all of them on
# every backend here (the sum of those medians).  ROUNDS rounds, the
# backends alternated within each; the median is the figure, the min and
# max follow.  A round whose grading fails fails the benchmark.
set -u
build=$1
rounds=$2
backends=soft
"$build/vmscope" doctor --require kvm >/dev/null 2>&1 && backends="soft kvm"
lessons=$("$build/vmscope" lessons | cut -d' ' -f1)
[ -n "$lessons" ] || { echo "bench: lessons_check: no built-in lessons listed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
while [ $i -lt "$rounds" ]; do
	for b in $backends; do
		start=$(date +%s%N)
		# shellcheck disable=SC2086
		"$build/vmscope" lesson --check --backend $b $lessons >/dev/null || {
			echo "bench: lessons_check: --check failed on $b"
			exit 1
		}
		end=$(date +%s%N)
		echo $(( (end - start) / 1000000 )) >>"$tmp/$b"
	done
	i=$((i + 1))
done
total_ms=0
for b in $backends; do
	median=$(sort -n "$tmp/$b" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
	total_ms=$((total_ms + median))
	sort -n "$tmp/$b" | awk -v b="$b" '
		{ t[NR] = $1 }
		END {
			printf "BENCH lessons_check_%s_s %.2f s\n", b, t[int((NR + 1) / 2)] / 1000
			printf "  every built-in lesson graded on %s; median of %d rounds, min %.2f s, max %.2f s\n",
				b, NR, t[1] / 1000, t[NR] / 1000
		}'
done
echo "$total_ms" | awk -v b="$backends" '{
	printf "BENCH lessons_check_s %.2f s\n", $1 / 1000
	printf "  every built-in lesson graded on every backend this host has (%s): the sum of the medians above\n", b
}'
