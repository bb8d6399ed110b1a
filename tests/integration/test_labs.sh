# Labs: a student's guest code built against the teaching kernel and checked
# by the lab's lesson.  Each lab's skeleton builds and fails its lesson (the
# uart lab's uart_putc sends nothing; the syscall lab's kernel has no
# getpid); the solution (tests/labs/, out of the lab's folder) passes; a
# compile or link error reaches the student as gcc's or ld's own message;
# `make guest SRC=` builds a user program of one's own.
. tests/integration/lib.sh
set -e

# make as a student runs it, not as a job of the make check around us.
mk() { env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory B="$BUILD" "$@"; }

check_lab() { # folder lesson expected-status
	mk lab LAB="$1" >"$TMP/make.log" 2>&1 ||
		fail "make lab LAB=$1: $(cat "$TMP/make.log")"
	elf=$BUILD/guest/lab_$(echo "$1" | tr / _).elf
	for backend in $(backends); do
		run_status "$VMSCOPE" lesson --check --backend $backend --guest "$elf" \
			"$2" >"$TMP/out" 2>&1
		cat "$TMP/out"
		[ "$status" -eq "$3" ] || fail "$1 on $backend: status $status, expected $3"
	done
}

# A student's copy of a lab folder, with the files of $2 (a solution, a
# mistake) over the skeleton's: what `make lab` sees when they are done.
lab_copy() { # lab-folder files-folder copy-name
	rm -rf "$TMP/$3"
	cp -R "$1" "$TMP/$3"
	cp "$2"/*.c "$TMP/$3/"
}

# A mistake in a student's file: make fails, and its message names the place.
expect_build_error() { # folder message-regex
	run_status mk lab LAB="$1" >"$TMP/make.log" 2>&1
	cat "$TMP/make.log"
	[ "$status" -ne 0 ] || fail "a broken lab built: $1"
	grep -q "$2" "$TMP/make.log" || fail "the tool's message did not reach the student: $2"
}

# Lab (a): uart_putc.
check_lab labs/uart labs/uart/uart.lesson 1
grep -qx '== step lsr-before-thr == FAIL: line 12: run-until io-in: the guest.s run ended first (guest exited with status 0)' \
	"$TMP/out" || fail "the uart skeleton's FAIL line"
grep -qx 'Score: 0/3' "$TMP/out" || fail "the uart skeleton's score"
check_lab tests/labs/uart labs/uart/uart.lesson 0
grep -qx 'Score: 3/3' "$TMP/out" || fail "the uart solution's score"
mkdir -p "$TMP/broken-uart" "$TMP/broken-syscall"
printf 'void uart_putc(char c)\n{\n\tnot_a_function(c)\n}\n' >"$TMP/broken-uart/uart_putc.c"
lab_copy labs/uart "$TMP/broken-uart" uart-broken
expect_build_error "$TMP/uart-broken" "uart_putc.c:3:.*error"

# Lab (b): a system call of one's own, sys_getpid, through the table.
lesson=labs/syscall/syscall.lesson
check_lab labs/syscall $lesson 1
grep -qx '== step handler-runs == FAIL: line 15: run-until break sys_getpid: the guest has no function sys_getpid' \
	"$TMP/out" || fail "the syscall skeleton's first FAIL line"
grep -qx '== step answer == FAIL: line 25: The program got 1, its process id, back from the kernel: serial.text is "getpid() = -38\\n"' \
	"$TMP/out" || fail "the syscall skeleton's -ENOSYS"
grep -qx 'Score: 0/3' "$TMP/out" || fail "the syscall skeleton's score"
lab_copy labs/syscall tests/labs/syscall syscall-solved
check_lab "$TMP/syscall-solved" $lesson 0
for step in handler-runs answer status; do
	grep -qx "== step $step == OK ([0-9.]*s)" "$TMP/out" ||
		fail "the syscall solution's step $step"
done
grep -qx 'Score: 3/3' "$TMP/out" || fail "the syscall solution's score"
# gcc's message for a wrong entry; ld's for a handler declared, never written.
printf '#include "guest/kernel/syscall.h"\n__attribute__((used, section(".syscall_extra")))\nstatic const struct syscall_entry e = { 39, sys_getpid };\n' \
	>"$TMP/broken-syscall/sys_getpid.c"
lab_copy labs/syscall "$TMP/broken-syscall" syscall-broken
expect_build_error "$TMP/syscall-broken" "sys_getpid.c:3:.*error: .sys_getpid. undeclared"
printf '#include "guest/kernel/syscall.h"\nsyscall_fn sys_getpid;\n__attribute__((used, section(".syscall_extra")))\nstatic const struct syscall_entry e = { 39, sys_getpid };\n' \
	>"$TMP/syscall-broken/sys_getpid.c"
expect_build_error "$TMP/syscall-broken" "undefined reference to .sys_getpid."

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
