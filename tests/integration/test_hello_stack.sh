# --stack: every byte hello prints unwinds, at its OUT exit, from the UART
# driver back through the kernel, the int 0x80 boundary (taken as vector
# 0x80 on hardware KVM and the software CPU, emulated from #UD on PVM) and
# the libc to main.  On every backend.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	"$VMSCOPE" trace --backend $backend --json --stack --serial /dev/null hello \
		>"$TMP/trace.jsonl"
	python3 tests/integration/trace_check.py stack "$TMP/trace.jsonl" \
		main printf vfprintf write "int 0x80" syscall_entry sys_write tty_write uart_putc
	"$VMSCOPE" trace --backend $backend --stack --serial /dev/null hello >"$TMP/trace.txt"
	grep -q 'stack: .*main > printf > vfprintf > write | int 0x80.* | .*syscall_entry > sys_write > tty_write > uart_putc$' \
		"$TMP/trace.txt" || fail "$backend: text trace has no full stack line"
done
# The software CPU takes the gate like hardware: no #UD emulation there.
"$VMSCOPE" trace --backend soft --stack --serial /dev/null hello >"$TMP/trace.txt"
grep -q '| int 0x80 | trap > syscall_entry' "$TMP/trace.txt" ||
	fail "soft: int 0x80 did not arrive through vector 0x80"
