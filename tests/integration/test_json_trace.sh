# --json: every line parses as JSON, the summary record counts the exits,
# and the text trace of the same guest says the same thing line by line.
# On every backend.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	for guest in hello exits; do
		"$VMSCOPE" trace --backend $backend --json --serial /dev/null $guest \
			>"$TMP/$guest.jsonl" 2>/dev/null
		"$VMSCOPE" trace --backend $backend --serial /dev/null $guest \
			>"$TMP/$guest.txt" 2>/dev/null
		python3 tests/integration/trace_check.py agrees "$TMP/$guest.jsonl" "$TMP/$guest.txt"
	done
done
