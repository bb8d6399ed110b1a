# guest/own.mk - building guest code of one's own against the teaching
# kernel and its libc, by guest.mk's own rules and flags.  Included by the
# top Makefile after guest/guest.mk.
#
#   make guest SRC=my.c      a user program: my.c and the libc in ring 3 on
#                            the teaching kernel -> build/guest/own_my.elf
#   make lab LAB=labs/uart   a lab: the kernel with the lab folder's .c files
#                            linked in (a function defined there replaces
#                            the kernel's weak one of the same name; an
#                            entry in .syscall_extra adds a system call) and
#                            the folder's program.c as its user program, or
#                            hello where it has none -> build/guest/lab_labs_uart.elf
#
# Then `build/vmscope run build/guest/own_my.elf`, or `build/vmscope lesson
# --check --guest build/guest/lab_labs_uart.elf labs/uart/uart.lesson`.
# A mistake in the code reaches you as gcc's or ld's own message.

.PHONY: guest lab own-force

# Code of one's own moves and is renamed: its objects are rebuilt on every
# call and record no dependency file (one left by an older build is
# removed first), so a file's old path is never asked for again.
OWN_CFLAGS = $(filter-out -MMD -MP,$(GUEST_CFLAGS))
own-force:

OWN_NAME = own_$(basename $(notdir $(SRC)))
guest:
	@[ -n "$(SRC)" ] || { echo "make guest SRC=my.c: which program?" >&2; exit 2; }
	@[ -f "$(SRC)" ] || { echo "make guest: no file $(SRC)" >&2; exit 2; }
	@rm -f $(GUEST_OBJ)/user/$(OWN_NAME).d
	@$(MAKE) --no-print-directory $(B)/guest/$(OWN_NAME).elf

# A user program of one's own, compiled as guest.mk compiles hello.c; its
# .user.o and .elf rules do the rest.
define OWN_USER_CC
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC-GST  $<",)
	$(Q)$(CC) $(OWN_CFLAGS) $(GUEST_LIBC_CFLAGS) -c $< -o $@
endef

ifneq ($(SRC),)
$(GUEST_OBJ)/user/$(OWN_NAME).o: $(SRC) own-force | $(DEPS_STAMP)
	$(OWN_USER_CC)
$(B)/guest/$(OWN_NAME).elf: $(GUEST_KERNEL_OBJS) $(GUEST_USER_ENTRY_OBJ) \
	$(GUEST_OBJ)/user/$(OWN_NAME).user.o
endif

LAB_NAME = lab_$(subst /,_,$(patsubst %/,%,$(LAB)))
lab:
	@[ -n "$(LAB)" ] || { echo "make lab LAB=labs/NAME: which lab?" >&2; exit 2; }
	@[ -d "$(LAB)" ] || { echo "make lab: no folder $(LAB)" >&2; exit 2; }
	@rm -f $(B)/guest/$(LAB_NAME)/*.d $(GUEST_OBJ)/user/$(LAB_NAME).d
	@$(MAKE) --no-print-directory $(B)/guest/$(LAB_NAME).elf

ifneq ($(LAB),)
# The lab's user program: its program.c, else hello.
LAB_PROGRAM := $(wildcard $(LAB)/program.c)
LAB_USER := $(if $(LAB_PROGRAM),$(LAB_NAME),hello)
$(GUEST_OBJ)/user/$(LAB_NAME).o: $(LAB_PROGRAM) own-force | $(DEPS_STAMP)
	$(OWN_USER_CC)
# Each other .c file of the lab folder, compiled as kernel code.
LAB_OBJS := $(patsubst %.c,$(B)/guest/$(LAB_NAME)/%.o,\
	$(filter-out program.c,$(notdir $(wildcard $(LAB)/*.c))))
$(B)/guest/$(LAB_NAME)/%.o: $(LAB)/%.c own-force | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC-GST  $<",)
	$(Q)$(CC) $(OWN_CFLAGS) -c $< -o $@
$(B)/guest/$(LAB_NAME).elf: $(GUEST_KERNEL_OBJS) $(GUEST_USER_ENTRY_OBJ) \
	$(GUEST_OBJ)/user/$(LAB_USER).user.o $(LAB_OBJS)
endif
