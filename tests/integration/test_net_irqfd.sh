# The card's interrupt by irqfd on the software CPU (--irqchip kernel):
# the worker signals an eventfd registered with the soft backend, and the
# CPU raises IRQ 5 and delivers the vector itself at its next boundary
# check - vmscope injects nothing and kicks nobody.  Exact counts per
# path and controller, every frame's bytes checked by the guest, an
# interrupt kept while masked, a level resampled after the EOI
# (tests/integration/net_irqfd_lib.sh).  The KVM twin is
# test_net_irqfd_kvm.sh.
. tests/integration/lib.sh
set -e
. tests/integration/net_irqfd_lib.sh
check_irqfd soft

# The option's own mistakes.
usage_mistake "vmscope trace: --irqchip 'maybe': say user or kernel" \
	trace --backend soft --irqchip maybe hello
usage_mistake "vmscope trace: --irqchip kernel: not with --nested (L0 injects L1's interrupts itself, from vmscope's 8259)" \
	trace --backend soft --irqchip kernel --nested 1 hello
# The card is on L1's bus only: L2 page-faulted on its window (status 1,
# no word why).
usage_mistake "vmscope trace: --net: not with --nested (the L1 hypervisor gives its L2 no virtio-MMIO window)" \
	trace --backend soft --net gen --nested 1 netrx
usage_mistake "vmscope run: --net: not with --nested (the L1 hypervisor gives its L2 no virtio-MMIO window)" \
	run --batch --backend soft --net gen:64 --net-path zerocopy --nested 1 netrx
