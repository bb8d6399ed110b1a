# --json: every line parses as JSON, the summary record counts the exits,
# and the text trace of the same guest says the same thing line by line.
# On every backend.
. tests/integration/lib.sh
set -e

trace_to() { # file [--json]: trace $guest on $backend into file
	out=$1
	shift
	run_status "$VMSCOPE" trace --backend $backend "$@" --serial /dev/null $guest \
		>"$out" 2>"$TMP/err"
	[ $status -eq 0 ] || fail "$backend $guest $*: exit status $status: $(cat "$TMP/err")"
}

for backend in $(backends); do
	for guest in hello exits; do
		trace_to "$TMP/$guest.jsonl" --json
		trace_to "$TMP/$guest.txt"
		# two traces that agree because both are empty would prove nothing
		[ "$(grep -c '"seq":' "$TMP/$guest.jsonl")" -ge 50 ] ||
			fail "$backend $guest: the JSON trace has fewer than 50 exits"
		python3 tests/integration/trace_check.py agrees "$TMP/$guest.jsonl" "$TMP/$guest.txt"
	done
done
echo PASS
