# The same guest on KVM and on the software CPU: the same console output,
# the same user-space exits in the same order (reason, RIP, port or GPA,
# direction, size, data) and the same final registers.  One exception by
# design: CPUID answers differ (KVM passes on the host CPU's vendor, the
# software CPU names itself), and the exits guest leaves them in
# RAX/RBX/RCX/RDX.  After a triple fault the CPU is in shutdown and its
# RFLAGS are not architectural (KVM shows RF set, the soft CPU does not).
# echo and shell are not compared exit by exit: they start the timer, whose
# ticks fall at host-time moments, so their exits differ from run to run
# even on one backend; test_keyboard_echo and test_shell check their
# consoles on every backend.
. tests/integration/lib.sh
require kvm
set -e
for guest in hello exits fault cpuloops portloop "$BUILD/tests/guests/triple_fault.elf"; do
	name=$(basename "$guest" .elf)
	for backend in kvm soft; do
		run_status "$VMSCOPE" trace --backend $backend --json \
			--serial "$TMP/$name.$backend.serial" "$guest" \
			>"$TMP/$name.$backend.jsonl" 2>/dev/null
		echo "$status" >"$TMP/$name.$backend.status"
	done
	cmp "$TMP/$name.kvm.status" "$TMP/$name.soft.status" || fail "$name: exit statuses differ"
	cmp "$TMP/$name.kvm.serial" "$TMP/$name.soft.serial" || fail "$name: console output differs"
	may_differ=""
	[ "$name" = exits ] && may_differ="rax rbx rcx rdx"
	[ "$name" = triple_fault ] && may_differ="rflags"
	python3 tests/integration/trace_check.py same-as "$TMP/$name.kvm.jsonl" \
		"$TMP/$name.soft.jsonl" $may_differ || fail "$name: traces differ"
	echo "$name: same on kvm and soft ($(wc -l <"$TMP/$name.kvm.jsonl") lines)"
done
