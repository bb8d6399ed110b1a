# test_trace_pic_irqchip.sh on KVM: with --irqchip kernel the 8259s are
# KVM's in-kernel ones, whose registers vmscope reads with KVM_GET_IRQCHIP
# between two runs (the guest reaches them with no exit).  Skipped, with
# the probe's reason, where /dev/kvm does not work or the host has no
# in-kernel irqchip or irqfd (vmscope doctor's irqfd finding).
. tests/integration/lib.sh
require kvm
require irqfd
set -e
. tests/integration/pic_irqchip_lib.sh
check_pic_irqchip kvm
echo "PASS"
