#!/bin/sh
# tests/run-all.sh - run every unit test binary and integration script.
#
# Usage: run-all.sh BUILD_DIR UNIT_BIN...
# The integration scripts run against the sanitized binary
# BUILD_DIR/san/vmscope; the hostile ones (a guest from tests/guests/, or
# the mutated images of make_bad_images.py) run against the plain
# BUILD_DIR/vmscope as well, listed with "(plain)".  tests/run-one.sh runs
# each, so a sanitizer report fails the test.  Then each fuzz target
# replays its committed corpus (tests/fuzz/fuzz.mk).
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

# A hostile test: it runs a hostile guest or a malformed image.
hostile() { # script
	grep -q -e 'tests/guests/' -e 'make_bad_images' "$1"
}

# Run one script against one binary; the plain binary's run is named and
# logged with "plain".
integration() { # script binary [plain]
	name=$(basename "$1" .sh)${3:+.$3}
	log="$build/test-logs/$name.log"
	tests/run-one.sh "$1" "$2" "$build" "$build/test-logs/$name.reports" \
		>"$log" 2>&1
	status=$?
	if [ $status -eq 77 ]; then grep -i 'skip' "$log" | tail -n 1; fi
	[ $status -ne 0 ] && [ $status -ne 77 ] && tail -n 40 "$log"
	# a pass that ran on the software CPU only says so (lib.sh's backends)
	note=""
	grep -q '^note: kvm variant skipped' "$log" && note="kvm variant skipped"
	record "integration/$(basename "$1" .sh)${3:+ ($3)}" $status "$note"
}

for script in tests/integration/test_*.sh; do
	[ -e "$script" ] || continue
	integration "$script" "$build/san/vmscope"
	if hostile "$script"; then
		integration "$script" "$build/vmscope" plain
	fi
done

# Each fuzz target replays its committed corpus (tests/fuzz/fuzz.mk).
for target in tests/fuzz/fuzz_*.c; do
	[ -e "$target" ] || continue
	name=$(basename "$target" .c)
	name=${name#fuzz_}
	log="$build/test-logs/fuzz_$name.log"
	"$build/san/tests/fuzz/replay_$name" "tests/fuzz/corpus/$name" \
		>"$log" 2>&1
	status=$?
	[ $status -ne 0 ] && tail -n 40 "$log"
	inputs=$(sed -n 's/.*: \([0-9]* inputs\) replayed$/\1/p' "$log")
	record "fuzz/$name" $status "$inputs"
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
