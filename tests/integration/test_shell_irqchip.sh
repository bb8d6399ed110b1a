# The shell guest on the software CPU with --irqchip kernel (the CPU
# delivers from the 8259 itself, cpu/irqfd.c): every scripted key typed,
# the timer ticking, and `reboot` a fresh machine that runs the shell
# again (tests/integration/shell_lib.sh says what is checked).  The KVM
# twin is test_shell_irqchip_kvm.sh.
. tests/integration/lib.sh
set -e
. tests/integration/shell_lib.sh
check_shell soft --irqchip kernel
