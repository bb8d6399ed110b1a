# Hostile guests with their IDT (tests/guests/idt_in_mmio.S) or their GDT
# (tests/guests/gdt_in_mmio.S) in the MMIO window raise #BP: delivering it
# reads the gate or the code descriptor from MMIO halfway through an
# event, which no backend can make an MMIO exit.  vmscope stops the run
# with INTERNAL_ERROR(17) at the int3 (the first exit), exit status 1.  The
# software CPU says why in its words; KVM reports its own internal error
# (on VMX, "event delivery hit MMIO", suberror 3, or an emulation failure,
# by kernel version), so for KVM the reason and place are asserted, not
# the wording.
. tests/integration/lib.sh
set -e
for guest in idt_in_mmio gdt_in_mmio; do
	for backend in $(backends); do
		run_status "$VMSCOPE" trace --backend $backend \
			"$BUILD/tests/guests/$guest.elf" >"$TMP/trace" 2>"$TMP/err"
		[ "$status" -eq 1 ] || fail "$guest, $backend: exit status $status, expected 1: $(head -3 "$TMP/err")"
		case $backend in
		soft) reason='INTERNAL_ERROR(17): the soft backend stopped: delivering an event touched MMIO (IDT, GDT, TSS or stack)' ;;
		*) reason='INTERNAL_ERROR(17)' ;;
		esac
		head -n 1 "$TMP/err" | grep -qF "vmscope: guest crashed: $reason" ||
			fail "$guest, $backend: $(head -n 1 "$TMP/err")"
		grep -q '^  last exit #1 at rip 0x[0-9a-f]* <raise>: int3$' "$TMP/err" ||
			fail "$guest, $backend: not stopped at the int3: $(sed -n 2p "$TMP/err")"
	done
done
echo PASS
