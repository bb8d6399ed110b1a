# Labs: a student's guest code built against the teaching kernel and checked
# by the lab's lesson.  The uart lab's skeleton builds and fails its lesson
# (its uart_putc sends nothing); the solution (tests/labs/uart, out of the
# lab's folder) passes; a compile error reaches the student as gcc's own
# message; `make guest SRC=` builds a user program of one's own.
. tests/integration/lib.sh
set -e
lesson=labs/uart/uart.lesson

# make as a student runs it, not as a job of the make check around us.
mk() { env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory B="$BUILD" "$@"; }

check_lab() { # folder expected-status
	mk lab LAB="$1" >"$TMP/make.log" 2>&1 ||
		fail "make lab LAB=$1: $(cat "$TMP/make.log")"
	elf=$BUILD/guest/lab_$(echo "$1" | tr / _).elf
	for backend in $(backends); do
		run_status "$VMSCOPE" lesson --check --backend $backend --guest "$elf" \
			$lesson >"$TMP/out" 2>&1
		cat "$TMP/out"
		[ "$status" -eq "$2" ] || fail "$1 on $backend: status $status, expected $2"
	done
}

check_lab labs/uart 1
grep -qx '== step lsr-before-thr == FAIL: line 12: run-until io-in: the guest.s run ended first (guest exited with status 0)' \
	"$TMP/out" || fail "the skeleton's FAIL line"
grep -qx 'Score: 0/3' "$TMP/out" || fail "the skeleton's score"
check_lab tests/labs/uart 0
grep -qx 'Score: 3/3' "$TMP/out" || fail "the solution's score"

# A mistake in the student's file: gcc says where, make fails.
mkdir -p "$TMP/broken"
printf 'void uart_putc(char c)\n{\n\tnot_a_function(c)\n}\n' >"$TMP/broken/uart_putc.c"
run_status mk lab LAB="$TMP/broken" >"$TMP/make.log" 2>&1
cat "$TMP/make.log"
[ "$status" -ne 0 ] || fail "a broken lab file built"
grep -q "uart_putc.c:3:.*error" "$TMP/make.log" || fail "gcc's message did not reach the student"

# A user program of one's own.
printf '#include <stdio.h>\nint main(void)\n{\n\tprintf("mine %%d\\n", 7);\n\treturn 3;\n}\n' \
	>"$TMP/mine.c"
mk guest SRC="$TMP/mine.c" >"$TMP/make.log" 2>&1 ||
	fail "make guest: $(cat "$TMP/make.log")"
run_status "$VMSCOPE" trace --backend soft --serial "$TMP/serial" "$BUILD/guest/own_mine.elf" \
	>/dev/null 2>"$TMP/err"
[ "$status" -eq 3 ] || fail "own program: status $status, expected 3 ($(cat "$TMP/err"))"
printf 'mine 7\n' | cmp - "$TMP/serial" || fail "own program's output"

# The same name from another folder, edited: built anew, never the old path.
mkdir -p "$TMP/moved"
sed 's/mine %d/moved %d/' "$TMP/mine.c" >"$TMP/moved/mine.c"
rm "$TMP/mine.c"
mk guest SRC="$TMP/moved/mine.c" >"$TMP/make.log" 2>&1 ||
	fail "make guest after a move: $(cat "$TMP/make.log")"
run_status "$VMSCOPE" trace --backend soft --serial "$TMP/serial" "$BUILD/guest/own_mine.elf" \
	>/dev/null 2>"$TMP/err"
[ "$status" -eq 3 ] || fail "moved program: status $status, expected 3 ($(cat "$TMP/err"))"
printf 'moved 7\n' | cmp - "$TMP/serial" || fail "the moved program's output"
echo "labs: OK"
