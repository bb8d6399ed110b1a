# test_net_kicks.sh on KVM: the receive queue's kicks are registered with
# KVM_IOEVENTFD, so with a worker none of the 10 returns from KVM_RUN.
# Skipped, with the probe's reason, where /dev/kvm does not work or the
# probe finds that KVM_IOEVENTFD does not absorb the kicks.
. tests/integration/lib.sh
require kvm
require net_ioeventfd
set -e
. tests/integration/net_kicks_lib.sh
check_kicks kvm
