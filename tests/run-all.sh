#!/bin/sh
# tests/run-all.sh - run every unit test binary and integration script.
#
# Usage: run-all.sh BUILD_DIR UNIT_BIN...
# A test passes on exit 0, is skipped on exit 77 (it printed why), fails
# otherwise.  A cmocka binary exits 0 when cases called skip(): those
# cases are named on its line, and a binary whose every case skipped counts
# as skipped, not passed.  Ends with the one closing line CI reads:
#     N passed, N failed, N skipped
set -u
build=$1; shift
passed=0 failed=0 skipped=0 failures=""

record() { # name status [note]
	case "$2" in
	0) passed=$((passed + 1)); echo "PASS  $1${3:+ ($3)}" ;;
	77) skipped=$((skipped + 1)); echo "SKIP  $1${3:+ ($3)}" ;;
	*) failed=$((failed + 1)); failures="$failures $1"; echo "FAIL  $1 (exit $2)" ;;
	esac
}

# The cases a cmocka log lists as skipped (after its "listed below:"
# line), on one line, comma-separated: case names may hold spaces.
skipped_cases() { # log
	sed -n '/^\[  SKIPPED \] .*listed below:$/,$ {
		/listed below:$/d
		s/^\[  SKIPPED \] //p
	}' "$1" | paste -s -d, - | sed 's/,/, /g'
}

for unit in "$@"; do
	log="$build/test-logs/$(basename "$unit").log"
	mkdir -p "$(dirname "$log")"
	"$unit" >"$log" 2>&1
	status=$?
	[ $status -ne 0 ] && cat "$log"
	note=""
	if [ $status -eq 0 ]; then
		cases=$(skipped_cases "$log")
		[ -n "$cases" ] && note="skipped: $cases"
		grep -q '^\[  PASSED  \] 0 test(s)\.$' "$log" && [ -n "$cases" ] && status=77
	fi
	record "unit/$(basename "$unit")" $status "$note"
done

for script in tests/integration/test_*.sh; do
	[ -e "$script" ] || continue
	log="$build/test-logs/$(basename "$script").log"
	VMSCOPE="$build/vmscope" BUILD="$build" sh "$script" >"$log" 2>&1
	status=$?
	if [ $status -eq 77 ]; then grep -i 'skip' "$log" | tail -n 1; fi
	[ $status -ne 0 ] && [ $status -ne 77 ] && tail -n 40 "$log"
	record "integration/$(basename "$script" .sh)" $status
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
