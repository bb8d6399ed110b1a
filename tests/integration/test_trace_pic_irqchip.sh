# The 8259s with --irqchip kernel on the software CPU (its chip delivers
# the interrupts itself; it is vmscope's 8259 model): `trace --pic` and
# the Interrupts panel (pic_irqchip_lib.sh).  KVM's in-kernel chip is
# test_trace_pic_irqchip_kvm.sh.
. tests/integration/lib.sh
set -e
. tests/integration/pic_irqchip_lib.sh
check_pic_irqchip soft
echo "PASS"
