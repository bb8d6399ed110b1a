# The fault guest: a ring-3 read of a supervisor page raises #PF (error 0x5:
# present, user, read; CR2 the address), the kernel's exception handler
# reports it on the console and ends the run through the exit port with
# status 1, which becomes vmscope's exit status.
. tests/integration/lib.sh
require kvm
set -e
run_status "$VMSCOPE" trace --backend kvm --serial "$TMP/serial" fault \
	>"$TMP/trace" 2>"$TMP/err"
cat "$TMP/serial"
[ "$status" -eq 1 ] || fail "exit status $status, expected 1"
grep -q 'guest exited with status 1' "$TMP/err" || fail "no exit note"
[ "$(sed -n 1p "$TMP/serial")" = "reading kernel memory at 0x100000 from ring 3..." ] ||
	fail "first line differs"
sed -n 2p "$TMP/serial" | grep -qx 'exception 14 (#PF page fault) error=0x5 rip=0x4[0-9a-f]* cr2=0x100000' ||
	fail "the kernel's #PF report differs"
grep -q 'port=0xf4 out size=1 data=0x1$' "$TMP/trace" || fail "no exit-port write of status 1"
