# --stack: every byte hello prints unwinds, at its OUT exit, from the UART
# driver back through the kernel, the int 0x80 boundary (taken as vector
# 0x80 on hardware KVM, emulated from #UD on PVM) and the libc to main.
. tests/integration/lib.sh
require kvm
set -e
"$VMSCOPE" trace --backend kvm --json --stack --serial /dev/null hello \
	>"$TMP/trace.jsonl"
python3 tests/integration/trace_check.py stack "$TMP/trace.jsonl" \
	main printf vfprintf write "int 0x80" syscall_entry sys_write tty_write uart_putc
"$VMSCOPE" trace --backend kvm --stack --serial /dev/null hello >"$TMP/trace.txt"
grep -q 'stack: .*main > printf > vfprintf > write | int 0x80.* | .*syscall_entry > sys_write > tty_write > uart_putc$' \
	"$TMP/trace.txt" || fail "text trace has no full stack line"
