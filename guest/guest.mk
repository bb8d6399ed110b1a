# guest/guest.mk - the guest images: teaching kernel, tiny libc, programs.
# Included by the top Makefile; see docs/GUEST.md for the layout.
#
# Every guest is a freestanding x86-64 ELF executable built by the host gcc:
# the kernel at KERNEL_BASE (1 MiB), a user program at USER_BASE (4 MiB),
# placed by guest/kernel/kernel.ld.  A user program and the libc are first
# linked together (ld -r) and their sections renamed to .user.*; all their
# symbols but user_start become local, so they cannot clash with the
# kernel's names, yet stay in .symtab for vmscope to symbolize and unwind.
#
#   $(B)/guest/hello.elf     kernel + user_entry.o + (hello.o + libc) in ring 3
#   $(B)/guest/echo.elf      the same with echo.o: keyboard lines back out
#   $(B)/guest/shell.elf     the same with shell.o: a tiny command shell
#   $(B)/guest/netrx.elf     the same with netrx.o + net/vnet.o: frames from
#                            the virtio-net card, every byte checked
#   $(B)/guest/netecho.elf   the same with netecho.o: each frame checked,
#                            then sent back
#   $(B)/guest/exits.elf     kernel + exits.o, ring 0
#   $(B)/guest/hostile.elf   kernel + hostile.o, ring 0: a misbehaving guest
#   $(B)/guest/portloop.elf  kernel + portloop.o, ring 0
#   $(B)/guest/hv.elf        kernel + the L1 mini-hypervisor (guest/hv), ring 0
#   $(B)/guest/hvhostile.elf kernel + a hostile L1 hypervisor, for the tests
#   $(B)/guest/rt.elf        kernel + rt.o + rt_hist.o, ring 0: the cells'
#                            real-time control loop
#   $(B)/guest/noise.elf     kernel + noise.o, ring 0: the cells' noise

# Frame pointers everywhere, set up on entry (no shrink-wrapping), and no
# sibling calls, so every function on the printf-to-UART path has its frame
# record when vmscope unwinds the stack at an exit.
GUEST_CFLAGS := -std=c17 -ffreestanding -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-fno-pic -fno-pie -no-pie -static -nostdlib \
	-mno-red-zone -mgeneral-regs-only -mcmodel=small \
	-fno-stack-protector -fcf-protection=none \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-shrink-wrap -fno-optimize-sibling-calls \
	-fno-tree-loop-distribute-patterns \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-O2 -g $(WARN) -Iguest -I. -MMD -MP
# User code (libc and programs) also sees the libc's headers.
GUEST_LIBC_CFLAGS := -Iguest/libc/include
GUEST_LDFLAGS := -static -no-pie -nostdlib -Wl,--build-id=none \
	-Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack \
	-T guest/kernel/kernel.ld

GUEST_OBJ := $(B)/guest/obj
GUEST_KERNEL_OBJS := $(addprefix $(GUEST_OBJ)/kernel/, entry.o trap_entry.o \
	kmain.o gdt.o idt.o trap.o syscall.o tty.o uart.o console.o shutdown.o \
	interrupts.o irq.o pic.o pit.o i8042.o keyboard.o keymap.o tty_line.o \
	uart_irq.o vga.o)
GUEST_USER_ENTRY_OBJ := $(GUEST_OBJ)/kernel/user_entry.o
GUEST_LIBC_OBJS := $(addprefix $(GUEST_OBJ)/libc/, crt0.o syscalls.o stdio.o \
	format.o string.o stdlib.o)

GUEST_ELFS += $(B)/guest/hello.elf $(B)/guest/fault.elf $(B)/guest/exits.elf \
	$(B)/guest/portloop.elf $(B)/guest/cpuloops.elf $(B)/guest/echo.elf \
	$(B)/guest/shell.elf $(B)/guest/hostile.elf $(B)/guest/hv.elf \
	$(B)/guest/hvhostile.elf $(B)/guest/hvbench.elf $(B)/guest/rt.elf \
	$(B)/guest/noise.elf $(B)/guest/netrx.elf $(B)/guest/netecho.elf

# The probes (another folder) reuse the variables above.
-include guest/probes/probes.mk

.PHONY: guests
guests: $(GUEST_ELFS)

# (Objects made by pattern rules are kept: the top Makefile's .SECONDARY.)

$(GUEST_OBJ)/libc/%.o $(GUEST_OBJ)/user/%.o: GUEST_EXTRA_CFLAGS := $(GUEST_LIBC_CFLAGS)

$(GUEST_OBJ)/%.o: guest/%.c guest/guest.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC-GST  $<",)
	$(Q)$(CC) $(GUEST_CFLAGS) $(GUEST_EXTRA_CFLAGS) -c $< -o $@

$(GUEST_OBJ)/%.o: guest/%.S guest/guest.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS-GST  $<",)
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

# A user program with the libc, as one relocatable object whose allocated
# sections are .user.* and whose only global symbol is user_start.  Any
# undefined symbol left would bind to a kernel function of the same name in
# the final link (ring-3 code calling supervisor pages), so it is an error.
$(GUEST_OBJ)/user/%.user.o: $(GUEST_OBJ)/user/%.o $(GUEST_LIBC_OBJS)
	@$(if $(Q),echo "  LD-USER $@",)
	$(Q)ld -r -m elf_x86_64 -o $@.tmp $^
	$(Q)objcopy --prefix-alloc-sections=.user --keep-global-symbol=user_start \
		$@.tmp $@
	$(Q)rm -f $@.tmp
	$(Q)undefined="$$(nm -u $@)"; if [ -n "$$undefined" ]; then \
		echo "$@: undefined in user code: $$undefined" >&2; \
		rm -f $@; exit 1; fi

$(B)/guest/hello.elf: $(GUEST_KERNEL_OBJS) $(GUEST_USER_ENTRY_OBJ) \
	$(GUEST_OBJ)/user/hello.user.o
$(B)/guest/fault.elf: $(GUEST_KERNEL_OBJS) $(GUEST_USER_ENTRY_OBJ) \
	$(GUEST_OBJ)/user/fault.user.o
$(B)/guest/echo.elf: $(GUEST_KERNEL_OBJS) $(GUEST_USER_ENTRY_OBJ) \
	$(GUEST_OBJ)/user/echo.user.o
$(B)/guest/shell.elf: $(GUEST_KERNEL_OBJS) $(GUEST_USER_ENTRY_OBJ) \
	$(GUEST_OBJ)/user/shell.user.o
$(B)/guest/netrx.elf: $(GUEST_KERNEL_OBJS) $(GUEST_USER_ENTRY_OBJ) \
	$(GUEST_OBJ)/user/netrx.user.o
$(B)/guest/netecho.elf: $(GUEST_KERNEL_OBJS) $(GUEST_USER_ENTRY_OBJ) \
	$(GUEST_OBJ)/user/netecho.user.o
# The ring-3 virtio-net driver and the frame check go into the programs
# that use them.
$(GUEST_OBJ)/user/netrx.user.o $(GUEST_OBJ)/user/netecho.user.o: \
	$(GUEST_OBJ)/net/vnet.o $(GUEST_OBJ)/net/netgen_check.o
$(B)/guest/exits.elf: $(GUEST_KERNEL_OBJS) $(GUEST_OBJ)/exits/exits.o
$(B)/guest/hostile.elf: $(GUEST_KERNEL_OBJS) $(GUEST_OBJ)/hostile/hostile.o
$(B)/guest/portloop.elf: $(GUEST_KERNEL_OBJS) $(GUEST_OBJ)/portloop/portloop.o
$(B)/guest/cpuloops.elf: $(GUEST_KERNEL_OBJS) $(GUEST_OBJ)/cpuloops/cpuloops.o
$(B)/guest/hv.elf: $(GUEST_KERNEL_OBJS) $(addprefix $(GUEST_OBJ)/hv/, \
	hv_main.o hv_world.o hv_exits.o hv_nested.o hv_compose.o)
$(B)/guest/hvhostile.elf: $(GUEST_KERNEL_OBJS) $(addprefix $(GUEST_OBJ)/hv/, \
	hvhostile.o hvhostile_ring3.o hvhostile_l2.o hvhostile_events.o \
	hvhostile_inject.o hvhostile_vector.o hvhostile_nmi.o \
	hvhostile_iret.o hvhostile_shadow.o hvhostile_cr2.o \
	hvhostile_string.o hv_world.o hv_exits.o hv_nested.o hv_compose.o)
$(B)/guest/hvbench.elf: $(GUEST_KERNEL_OBJS) $(addprefix $(GUEST_OBJ)/hv/, \
	hvbench.o hv_world.o hv_exits.o hv_nested.o hv_compose.o)
$(B)/guest/rt.elf: $(GUEST_KERNEL_OBJS) $(GUEST_OBJ)/rt/rt.o $(GUEST_OBJ)/rt/rt_hist.o
$(B)/guest/noise.elf: $(GUEST_KERNEL_OBJS) $(GUEST_OBJ)/noise/noise.o

# Every image: the objects listed for it above, laid out by kernel.ld.
$(B)/guest/%.elf: guest/kernel/kernel.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD-GST  $@",)
	$(Q)$(CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -o $@ $(filter %.o,$^)
