# The fault guest: a ring-3 read of a supervisor page raises #PF (error 0x5:
# present, user, read; CR2 the address), the kernel's exception handler
# reports it on the console and ends the run through the exit port with
# status 1, which becomes vmscope's exit status.  On every backend.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --serial "$TMP/serial" fault \
		>"$TMP/trace" 2>"$TMP/err"
	cat "$TMP/serial"
	[ "$status" -eq 1 ] || fail "$backend: exit status $status, expected 1"
	grep -q 'guest exited with status 1' "$TMP/err" || fail "$backend: no exit note"
	[ "$(sed -n 1p "$TMP/serial")" = "reading kernel memory at 0x100000 from ring 3..." ] ||
		fail "$backend: first line differs"
	sed -n 2p "$TMP/serial" | grep -qx 'exception 14 (#PF page fault) error=0x5 rip=0x4[0-9a-f]* cr2=0x100000' ||
		fail "$backend: the kernel's #PF report differs"
	grep -q 'port=0xf4 out size=1 data=0x1$' "$TMP/trace" || fail "$backend: no exit-port write of status 1"
done
