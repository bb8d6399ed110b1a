# tests/integration/lib.sh - sourced by every integration test.
#
# The environment gives VMSCOPE (the binary) and BUILD (the build folder).
# A test exits 0 on pass, 1 on failure (after saying what differed), 77 on
# skip (after printing the reason the host probe gave).
set -u
: "${VMSCOPE:=build/vmscope}"
: "${BUILD:=build}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

# Skip unless the host probe finds the capability ("kvm", ...).
require() {
	if ! why=$("$VMSCOPE" doctor --require "$1" 2>&1); then
		echo "SKIP: $why"
		exit 77
	fi
}

# The backends a test runs the guest on: the software CPU everywhere, KVM
# where the host probe says /dev/kvm works (otherwise it says why, once).
backends() {
	if why=$("$VMSCOPE" doctor --require kvm 2>&1); then
		echo "soft kvm"
	else
		echo "note: kvm variant skipped: $why" >&2
		echo "soft"
	fi
}

# Run a command, keep its exit status in $status, never stop the script.
run_status() {
	set +e
	"$@"
	status=$?
	set -e
}
