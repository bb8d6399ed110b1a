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

# Run a command, keep its exit status in $status, never stop the script.
run_status() {
	set +e
	"$@"
	status=$?
	set -e
}
