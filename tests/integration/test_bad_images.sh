# Bad guest images: each is refused by trace and by run with exit status
# 2 and a one-line message that names the file and the problem; nothing
# runs.  The image is checked before a backend is chosen, so this runs
# without /dev/kvm too.
. tests/integration/lib.sh
set -e
check() { # file expected-text
	for cmd in "trace" "run --batch"; do
		run_status "$VMSCOPE" $cmd --backend kvm "$1" >"$TMP/out" 2>"$TMP/err"
		[ "$status" -eq 2 ] || fail "$cmd $1: exit status $status, expected 2"
		[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$cmd $1: message is not one line: $(cat "$TMP/err")"
		grep -q "^vmscope ${cmd% *}: $1: .*$2" "$TMP/err" || fail "$cmd $1: message lacks '$2': $(cat "$TMP/err")"
		[ ! -s "$TMP/out" ] || fail "$cmd $1: something ran for a bad image"
	done
	cat "$TMP/err"
}
check "$TMP/missing.elf" "No such file or directory"
check /dev/null "not a regular file"
# a FIFO: open(2) waited for a writer for ever, with Ctrl-C blocked
mkfifo "$TMP/fifo"
check "$TMP/fifo" "not a regular file"
python3 tests/integration/make_bad_images.py "$BUILD/guest/hello.elf" "$TMP" >"$TMP/cases"
[ "$(wc -l <"$TMP/cases")" -eq 7 ] || fail "make_bad_images.py made $(wc -l <"$TMP/cases") images, not 7"
while IFS="$(printf '\t')" read -r name expect; do
	check "$TMP/$name" "$expect"
done <"$TMP/cases"
echo PASS
