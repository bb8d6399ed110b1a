# test_shell_irqchip.sh on KVM: with --irqchip kernel no HLT exits (the
# in-kernel LAPIC keeps it), so a scripted key goes in when
# KVM_GET_MP_STATE says the vCPU waits in HLT; every tick of vmscope's PIT
# kicks the guest (it may end the last one in the kernel and halt there);
# and `reboot` puts the in-kernel 8259s, IOAPIC and LAPIC back as created
# (kvm/kvm_irqchip_reset.c).  Skipped, with the probe's reason, where
# /dev/kvm does not work or the host has no in-kernel irqchip or irqfd.
. tests/integration/lib.sh
require kvm
require irqfd
set -e
. tests/integration/shell_lib.sh
check_shell kvm --irqchip kernel
grep -q ' HLT(5) ' "$TMP/trace" && fail "a HLT exit with the in-kernel LAPIC"
exit 0
