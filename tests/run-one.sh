#!/bin/sh
# tests/run-one.sh - run one integration test against one vmscope binary,
# where a sanitizer report fails the test.
#
# Usage: run-one.sh SCRIPT VMSCOPE BUILD_DIR REPORT_DIR
# Runs SCRIPT with VMSCOPE and BUILD in its environment and exits with its
# status (0 pass, 77 skip, anything else fail), except that a report from
# AddressSanitizer, LeakSanitizer or UBSan fails it (status 1) even when the
# test ignored the status of the program that made it: the sanitizers
# write their reports into files under REPORT_DIR (their log_path option),
# whichever program the test ran, and this script prints them.  A report
# stops the program (halt_on_error; the build has -fno-sanitize-recover).
# Leaks inside libraries vmscope cannot free are listed, each with its
# reason, in tests/sanitizer/lsan.supp.
set -u
script=$1 vmscope=$2 build=$3 reports=$4

rm -rf "$reports"
mkdir -p "$reports"
ASAN_OPTIONS="log_path=$reports/asan:halt_on_error=1:detect_leaks=1" \
UBSAN_OPTIONS="log_path=$reports/ubsan:halt_on_error=1:print_stacktrace=1" \
LSAN_OPTIONS="suppressions=$(pwd)/tests/sanitizer/lsan.supp:print_suppressions=0" \
VMSCOPE="$vmscope" BUILD="$build" sh "$script"
status=$?
for report in "$reports"/*; do
	[ -e "$report" ] || continue
	echo "sanitizer report ($report):"
	cat "$report"
	status=1
done
exit $status
