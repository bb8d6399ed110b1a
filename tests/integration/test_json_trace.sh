# --json: every line parses as JSON, the summary record counts the exits,
# and the text trace of the same guest says the same thing line by line.
. tests/integration/lib.sh
require kvm
set -e
for guest in hello exits; do
	"$VMSCOPE" trace --backend kvm --json --serial /dev/null $guest >"$TMP/$guest.jsonl"
	"$VMSCOPE" trace --backend kvm --serial /dev/null $guest >"$TMP/$guest.txt"
	python3 tests/integration/trace_check.py agrees "$TMP/$guest.jsonl" "$TMP/$guest.txt"
done
