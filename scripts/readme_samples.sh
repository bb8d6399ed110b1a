#!/bin/sh
# scripts/readme_samples.sh VMSCOPE NAME - print one of the README's samples,
# made by the real binary on the software CPU (the same on every machine):
#
#   tui      `vmscope run --batch`'s Flow and Exits panels at the first 'H'
#   trace    the first lines of `vmscope trace --stack hello`, a cut marked
#   lesson   `vmscope lesson --check printf`
#
# tests/integration/test_readme.sh compares each with the README's copy,
# numbers that vary from run to run (times, rates) aside; to refresh the
# README, paste this script's output over the old sample.
set -eu
vmscope=$1
case "$2" in
tui)
	"$vmscope" run --batch --backend soft --until exits:9 hello 2>/dev/null |
		sed -n '/^== Flow ==$/,/^== CPU ==$/p' | sed '$d' |
		awk 'NF { while (blank) { print ""; blank-- } print; next } { blank++ }'
	;;
trace)
	# Exits 2-7 (the rest of uart_init) are cut; a line says so where the
	# numbers jump (tests/integration/test_readme.sh checks every cut is
	# marked).
	"$vmscope" trace --backend soft --stack hello 2>/dev/null |
		sed -n '1,3p;16,21p' |
		awk '$1 ~ /^[0-9]+$/ {
			if (last && $1 != last + 1)
				printf "   ...  exits %d-%d left out\n", last + 1, $1 - 1
			last = $1
		} { print }'
	;;
lesson)
	"$vmscope" lesson --check --backend soft printf
	;;
*)
	echo "usage: readme_samples.sh VMSCOPE tui|trace|lesson" >&2
	exit 2
	;;
esac
