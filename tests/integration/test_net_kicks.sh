# Where a guest's kicks go (tests/guests/virtio_kicks.S: 10 kicks of the
# receive queue, one of queue 7), on the software CPU: on the emulated
# path all 10 exit to vmscope; with a worker (vhost, zerocopy) the soft
# CPU's ioeventfd signals the worker's eventfd for each with no exit, so
# the summary counts 0 exits and 10 eventfd kicks, and the run has 10
# MMIO exits fewer.  The kick of queue 7 does not match the ioeventfd's
# value: it exits on every path and is refused.  (The KVM twin is
# test_net_kicks_kvm.sh.)
. tests/integration/lib.sh
set -e
. tests/integration/net_kicks_lib.sh
check_kicks soft
