# test_net_irqfd.sh on KVM: with --irqchip kernel the card's line is a
# KVM_IRQFD with a resample eventfd on the in-kernel 8259, and HLT stays
# in the kernel.  Skipped, with the probe's reason, where /dev/kvm does
# not work or the host has no in-kernel irqchip or irqfd (vmscope doctor's
# irqfd finding).
. tests/integration/lib.sh
require kvm
require irqfd
set -e
. tests/integration/net_irqfd_lib.sh
check_irqfd kvm
