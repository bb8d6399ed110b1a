#!/bin/sh
# tests/stress/reboot_loop.sh - `make check-stress`: the reboot, again and
# again, while another process loads the CPU.
#
# Usage: reboot_loop.sh BUILD_DIR [RUNS]
# Runs `vmscope trace --backend B --keys 'reboot\nexit 3\n' shell` RUNS
# times (200 by default) on every backend this host has, with a busy loop
# pinned to the other core (vmscope pinned to the first), and requires the
# exact outcome every time: exit status 3, the console
#     banner, "$ reboot", banner, "$ exit 3"
# and one reset in the trace.  A reboot that raced with an interrupt
# injection used to triple-fault in a few percent of such runs on KVM.
# Prints one line per backend, "N runs, N failures", keeps the first
# failure's output, and exits 1 if any run failed.  Not part of
# `make check`: it takes minutes and a whole core.
set -u
build=$1
runs=${2:-200}
vmscope="$build/vmscope"
tmp=$(mktemp -d)
burner=""
cleanup() {
	[ -n "$burner" ] && kill "$burner" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pin_vmscope=""
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
	taskset -c 1 sh -c 'while :; do :; done' &
	burner=$!
	pin_vmscope="taskset -c 0"
else
	sh -c 'while :; do :; done' &
	burner=$!
fi

banner='vmscope shell: type help for the commands'
printf '%s\n$ reboot\n%s\n$ exit 3\n' "$banner" "$banner" >"$tmp/expect"

backends="soft"
if why=$("$vmscope" doctor --require kvm 2>&1); then
	backends="soft kvm"
else
	echo "note: kvm skipped: $why"
fi

failed_any=0
for backend in $backends; do
	failures=0
	i=0
	while [ $i -lt "$runs" ]; do
		i=$((i + 1))
		$pin_vmscope "$vmscope" trace --backend $backend --serial "$tmp/serial" \
			--keys 'reboot\nexit 3\n' shell >"$tmp/trace" 2>"$tmp/err"
		status=$?
		resets=$(grep -c '^ *reset  *the guest pulsed the reset line' "$tmp/trace")
		if [ $status -ne 3 ] || [ "$resets" -ne 1 ] ||
		   ! cmp -s "$tmp/serial" "$tmp/expect"; then
			failures=$((failures + 1))
			if [ ! -e "$build/stress-first-failure.$backend" ]; then
				mkdir -p "$build/stress-first-failure.$backend"
				cp "$tmp/trace" "$tmp/err" "$tmp/serial" \
					"$build/stress-first-failure.$backend/"
			fi
			echo "$backend: run $i: exit status $status, $resets resets: $(tail -n 1 "$tmp/err")"
		fi
	done
	echo "reboot loop: $backend: $runs runs, $failures failures"
	[ $failures -eq 0 ] || failed_any=1
done
exit $failed_any
