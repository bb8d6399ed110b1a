# A key storm: 10,000 keys (100 lines of 99 characters and Enter) queued at
# once with --keys, then Ctrl-D.  None is lost, nothing wedges: the echo
# guest prints every line back, in order, on every backend.
. tests/integration/lib.sh
set -e
python3 - "$TMP" <<'PY'
import sys
alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
lines = [(alpha * 3)[i % 62:i % 62 + 99] for i in range(100)]
open(sys.argv[1] + "/keys", "w").write("".join(l + "\\n" for l in lines) + "\\x04")
open(sys.argv[1] + "/expect", "w").write("".join(l + "\n" + l + "\n" for l in lines))
PY
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --serial "$TMP/serial" \
		--keys "$(cat "$TMP/keys")" echo >/dev/null 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: exit status $status: $(tail -3 "$TMP/err")"
	cmp -s "$TMP/serial" "$TMP/expect" ||
		fail "$backend: the echoed text differs from the 10,000 keys typed"
done
