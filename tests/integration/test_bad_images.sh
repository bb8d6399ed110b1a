# Bad guest images: each is refused with exit status 2 and a one-line
# message that names the file and the problem; nothing runs.  The image is
# checked before a backend is chosen, so this runs without /dev/kvm too.
. tests/integration/lib.sh
set -e
check() { # file expected-text
	run_status "$VMSCOPE" trace --backend kvm "$1" >"$TMP/out" 2>"$TMP/err"
	cat "$TMP/err"
	[ "$status" -eq 2 ] || fail "$1: exit status $status, expected 2"
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$1: message is not one line"
	grep -q "^vmscope: $1: .*$2" "$TMP/err" || fail "$1: message lacks '$2'"
	[ ! -s "$TMP/out" ] || fail "$1: a trace was printed for a bad image"
}
check "$TMP/missing.elf" "No such file or directory"
check /dev/null "not a regular file"
python3 tests/integration/make_bad_images.py "$BUILD/guest/hello.elf" "$TMP" >"$TMP/cases"
while IFS="$(printf '\t')" read -r name expect; do
	check "$TMP/$name" "$expect"
done <"$TMP/cases"
