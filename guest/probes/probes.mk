# guest/probes/probes.mk - the doctor's probe guests.
#
# Two tiny assembly guests, no teaching kernel: probe_lib.S sets up the GDT,
# TSS and IDT itself.  Assembled with guest/guest.mk's GUEST_CFLAGS and its
# pattern rules, and laid out by the kernel's linker script (ring-0 code at
# KERNEL_BASE, ring-3 code in .user.* at USER_BASE).  Included by
# guest/guest.mk; kvm/probe_guests.c runs them.

PROBE_OBJ := $(GUEST_OBJ)/probes

$(B)/guest/probe_ring3.elf: $(PROBE_OBJ)/probe_ring3.o $(PROBE_OBJ)/probe_lib.o
$(B)/guest/probe_exitcost.elf: $(PROBE_OBJ)/probe_exitcost.o \
	$(PROBE_OBJ)/probe_lib.o

GUEST_ELFS += $(B)/guest/probe_ring3.elf $(B)/guest/probe_exitcost.elf
