# A hostile L1 hypervisor (guest/hv/hvhostile*.c, --hypervisor hvhostile):
# broken control blocks and nested page tables, one after another.  L0
# (vmscope) survives every case and tells L1 the reason, as VMX would:
# CF for a block address it refuses (page 0, unaligned, outside RAM,
# crossing out of it), ZF with the failed check for a block it copied
# and found wrong, an EPT-violation exit for a nested table pointing
# outside L1's RAM or looping.  The doorbell from L1's ring 3 never runs
# L2: the CPU's #GP (IOPL 0), or L0's refusal (IOPL 3), which L0 gives L1
# as a #GP(0) at the OUT itself (RIP at it, as VMX's VMLAUNCH at CPL 3).  An L2 that zeroes
# the block a careless L1 mapped into it changes nothing L0 uses: its OUT
# is reflected by the intercepts of L0's copy.  A nested table rewritten
# without the invalidate doorbell leaves L2 on the old page until L1
# invalidates, never outside L1's RAM.  An L2 that stores a NOP over
# L1's doorbell OUT while L1 waits on it does not change how the OUT
# completes: L1 goes on past it, and its next IN exits and reads 0xff
# (not the doorbell's data).  An event L1 injects through the
# block reaches L2's IDT before L2's first instruction (even when its IDT
# is a shadow fault away).  An interrupt for L1 while L2 runs stops L2 with
# an external-interrupt exit when L1 intercepts them, and waits for L1
# when not; an interrupt vmscope injects into L1 in the run that rings the
# doorbell is that exit's, never one of L2's exits after it.  Exceptions, an NMI and software interrupts L1 injects push
# the architecture's frame (error code, RIP - past the instruction for a
# software one - CS, RFLAGS, RSP, SS on a 16-aligned stack); a delivery
# that faults becomes a #DF, an exit where L1's exception bitmap asks, or
# a triple-fault exit; each of VMX's rules for the event fails the entry
# with its own check.  A delivery cut short by an EPT violation L1 must
# see (its table lacks L2's stack or IDT) comes back in the exit's
# IDT-vectoring information - an injected #GP(0x18), an INT 0x80 of 2
# bytes, L2's own #UD - and once L1 maps the page and injects it again,
# L2's handler finds the frame it would have found.  An NMI's delivery
# blocks NMIs until the handler's IRETQ: the interruptibility state in
# the block says so at the handler's exit (0x8) and after the IRETQ (0),
# and an NMI injected while it is set, or a reserved bit of it, fails the
# entry with its own check.  An L1 that holds an NMI asks for the NMI
# window and gets exit 8 right after the IRETQ (at once when nothing
# blocks, after one instruction in a MOV SS shadow - past it, an IN's
# data in RAX, when L0's device took it - after an injected event's
# delivery); an IRETQ that unblocked NMIs and then exited (an EPT
# violation on its frame, a #GP L1 intercepts) says so in bit 12 and
# leaves them unblocked until L1 blocks them again - also when the NMI's
# delivery, its handler and the IRETQ are one run of L2's; a
# single-step trap after an IRETQ that completed has no bit 12, and one
# after an STI reports the shadow L2 is in.  Blocking by STI and
# by MOV SS: an OUT right after L2's STI or MOV SS exits with bit 0 or 1
# in the block, an entry with one holds an interrupt for L1 for one
# instruction, and each of VMX's checks on them fails the entry with its
# own number.  L2's CR2 is in the block: an injected #PF's
# handler reads what L1 put there, and L2's own #PF that L1 intercepts
# leaves CR2 alone and gives the address in the exit qualification.  A
# REP OUTSB L1 intercepts exits as on VMX, before it runs: string and REP
# in the qualification, the instruction's length in exit_insn_len, RIP at
# it, RSI and RCX unmoved - one element per exit, L1 emulating each (RSI
# up, RCX down, past the instruction at RCX 0); a REP INSB the same with
# RDI, the bytes L1 stored in L2's buffer.  Bit 6 of an I/O exit's
# qualification says the port was the instruction's immediate (OUT 0x80,
# AL: 0x800040; IN AL, 0x80: 0x800048), clear for DX (0x800000).  A REP OUTSB L0's device takes
# completes its element before the NMI window L1 asked for opens (RSI one
# up, RCX one down).
# When L1 clears the I/O intercept
# L0 needs, L0's own stays, so L2's port accesses reach L0's devices and
# L2 runs to its end (unmarked: L1 never saw its text).
. tests/integration/lib.sh
set -e
cat >"$TMP/expected" <<'TXT'
[L1] block at GPA 0: CF (block address refused)
[L1] block unaligned: CF (block address refused)
[L1] block outside RAM: CF (block address refused)
[L1] block crossing the end of RAM: CF (block address refused)
[L1] nested table overlapping the block: ZF, exit 33, check 4
[L1] reserved bit in intercepts: ZF, exit 33, check 2
[L1] I/O bitmap on the block: ZF, exit 33, check 3
[L1] reserved bit in CR0: ZF, exit 33, check 5
[L1] CR4.VMXE: ZF, exit 33, check 6
[L1] reserved bit in EFER: ZF, exit 33, check 7
[L1] long mode without paging: ZF, exit 33, check 8
[L1] CS.L with CS.D: ZF, exit 33, check 9
[L1] nested table pointing outside RAM: L2 ran, exit 48 at L2-physical 0x10000
[L1] nested table looping to its root: L2 ran, exit 48 at L2-physical 0x10000
[L1] doorbell from ring 3, IOPL 0: #GP(0x0) at the OUT; no run
[L1] doorbell from ring 3, IOPL 3: #GP(0x0) at the OUT; no run
[L1] L2 zeroed the block it was given: exit 30 at port 0x3f8, RAX 0x41; magic 0x0, intercepts 0x0
[L1] the zeroed block rung again: ZF, exit 33, check 1
[L1] the reader's first run: L2 read 0x1111111111111111
[L1] table rewritten, no invalidate (the old page, as a TLB): L2 read 0x1111111111111111
[L1] after the invalidate doorbell: L2 read 0x2222222222222222
[L1] table pointing outside RAM, no invalidate: L2 read 0x2222222222222222
[L1] after the invalidate doorbell: exit 48 at L2-physical 0x1000000
[L1] L2 stored a NOP over L1's doorbell OUT: exit 12, the stub's byte 0x90; L1's IN from port 0x2fa then read 0xff
[L1] L1 injects vector 0x30: L2's handler ran first (exit 30, RAX 0x30), its frame's RIP 0x1800000, entry_intr_info now 0x0
[L1] after the handler's IRETQ: L2's own code, RAX 0x4d
[L1] IRQ 4 for L1, external interrupts intercepted: exit 1 at L2's RIP 0x1800000; L1 then took it (1 so far)
[L1] IRQ 4 for L1, not intercepted: exit 30 at L2's RIP 0x180000a; L1 then took it (2 so far)
[L1] IRQ 4 for L1, intercepted, L2 in an STI shadow: exit 1 at L2's RIP 0x1800005; L1 then took it (3 so far)
[L1] IRQ 4 for L1, intercepted, L2 in a MOV SS shadow: exit 1 at L2's RIP 0x1800005; L1 then took it (4 so far)
[L1] IRQ 4 for L1, intercepted, vector 0x30 injected: exit 1 at L2's RIP 0x180000c; L1 then took it (5 so far)
[L1] IRQ 4 into L1 in the run that rings the doorbell: exit 30, RAX 0x4d
[L1] L1 injects #GP(0x18): handler 0xd ran, frame at 0x7ffd0: 0x18 0x1800000 0x8 0x202 0x80000 0x10
[L1] L1 injects #UD: handler 0x6 ran, frame at 0x7ffd8: 0x1800000 0x8 0x202 0x80000 0x10
[L1] L1 injects an NMI, L2's IF clear: handler 0x2 ran, frame at 0x7ffd8: 0x1800000 0x8 0x2 0x80000 0x10
[L1] L1 injects INT 0x80, 2 bytes: handler 0x80 ran, frame at 0x7ffd8: 0x1800002 0x8 0x202 0x80000 0x10
[L1] L1 injects INT3, 1 byte: handler 0x3 ran, frame at 0x7ffd8: 0x1800001 0x8 0x202 0x80000 0x10
[L1] L1 injects INT1, 1 byte: handler 0x1 ran, frame at 0x7ffd8: 0x1800001 0x8 0x202 0x80000 0x10
[L1] #GP injected, no #GP gate: handler 0x8 ran, frame at 0x7ffd0: 0x0 0x1800000 0x8 0x202 0x80000 0x10
[L1] ... #DF in L1's exception bitmap: exit 0, exit_intr_info 0x80000b08, error 0x0, idt_vectoring_info 0x0, error 0x0, insn_len 0x0
[L1] ... #GP in L1's exception bitmap: exit 0, exit_intr_info 0x80000b0d, error 0x6b, idt_vectoring_info 0x80000b0d, error 0x0, insn_len 0x0
[L1] #GP injected, no #GP gate, no #DF gate: exit 2, exit_intr_info 0x0, error 0x0, idt_vectoring_info 0x0, error 0x0, insn_len 0x0
[L1] #DF injected, no #DF gate: exit 2, exit_intr_info 0x0, error 0x0, idt_vectoring_info 0x0, error 0x0, insn_len 0x0
[L1] L2's own INT3, #BP in L1's exception bitmap: exit 0, exit_intr_info 0x80000603, error 0x0, idt_vectoring_info 0x0, error 0x0, insn_len 0x1
[L1] ... L2's own INT3, not intercepted: handler 0x3 ran, frame at 0x7ffd8: 0x1800037 0x8 0x202 0x80000 0x10
[L1] an event with bit 12 set: ZF, exit 33, check 15
[L1] an event of type 1: ZF, exit 33, check 15
[L1] an event of type 7: ZF, exit 33, check 15
[L1] an NMI with vector 0x30: ZF, exit 33, check 16
[L1] a hardware exception with vector 32: ZF, exit 33, check 16
[L1] #GP without its error code: ZF, exit 33, check 17
[L1] #UD with an error code: ZF, exit 33, check 17
[L1] an interrupt with an error code: ZF, exit 33, check 17
[L1] #GP with error code 0x10000: ZF, exit 33, check 17
[L1] INT 0x80 of 0 bytes: ZF, exit 33, check 18
[L1] INT3 of 16 bytes: ZF, exit 33, check 18
[L1] an interrupt for L2 with IF clear: ZF, exit 33, check 19
[L1] #GP(0x18) injected, L2's stack not in the nested table: exit 48 at L2-physical 0x1bfffd0, exit_intr_info 0x0, error 0x0, idt_vectoring_info 0x80000b0d, error 0x18, insn_len 0x0
[L1] ... L1 maps it and injects the event again: handler 0xd ran, frame at 0x1bfffd0: 0x18 0x1800000 0x8 0x202 0x1c00000 0x10
[L1] INT 0x80 of 2 bytes injected, L2's IDT not in the nested table: exit 48 at L2-physical 0x1900800, exit_intr_info 0x0, error 0x0, idt_vectoring_info 0x80000480, error 0x0, insn_len 0x2
[L1] ... L1 maps it and injects the event again: handler 0x80 ran, frame at 0x7ffd8: 0x1800002 0x8 0x202 0x80000 0x10
[L1] an NMI injected, L2's stack not in the nested table: exit 48 at L2-physical 0x1bfffd8, exit_intr_info 0x0, error 0x0, idt_vectoring_info 0x80000202, error 0x0, insn_len 0x0
[L1] ... L1 maps it and injects the event again: handler 0x2 ran, frame at 0x1bfffd8: 0x1800000 0x8 0x202 0x1c00000 0x10
[L1] L2's own UD2, its stack not in the nested table: exit 48 at L2-physical 0x1bfffd8, exit_intr_info 0x0, error 0x0, idt_vectoring_info 0x80000306, error 0x0, insn_len 0x0
[L1] ... L1 maps it and injects the event again: handler 0x6 ran, frame at 0x1bfffd8: 0x1800006 0x8 0x202 0x1c00000 0x10
[L1] L1 injects an NMI; L2's handler writes COM1: exit 30, RAX 0x30, interruptibility 0x8
[L1] ... another NMI while the handler runs: ZF, exit 33, check 21
[L1] ... none: the handler's IRETQ, then L2's own code: exit 30, RAX 0x4d, interruptibility 0x0
[L1] ... an NMI after the IRETQ: exit 30, RAX 0x30, interruptibility 0x8
[L1] L1 injects an NMI again: exit 30, RAX 0x30, RIP 0x1800016, interruptibility 0x8
[L1] ... L1 holds another and asks for the NMI window: exit 8, RAX 0x30, RIP 0x1800000, interruptibility 0x0
[L1] ... the window is open: L1 injects it: exit 30, RAX 0x30, RIP 0x1800016, interruptibility 0x8
[L1] the NMI window, nothing blocking: exit 8, RAX 0x0, RIP 0x1800000, interruptibility 0x0
[L1] the NMI window, L2 in a MOV SS shadow: exit 8, RAX 0x4d, RIP 0x1800005, interruptibility 0x0
[L1] the NMI window, L2 in an STI shadow: exit 8, RAX 0x0, RIP 0x1800000, interruptibility 0x1
[L1] the NMI window with #UD injected: exit 8, RAX 0x0, RIP 0x180000c, interruptibility 0x0
[L1] the NMI window in a MOV SS shadow over an OUT L0 handles: exit 8, RAX 0x11, RIP 0x1800142, interruptibility 0x0
[L1] ... RSI 0x1800fff, RCX 0x3
[L1] ... the window is open: L1 injects the NMI: exit 30, RAX 0x30, RIP 0x1800016, interruptibility 0x8
[L1] ... over an IN L0 handles: exit 8, RAX 0xff, RIP 0x1800142, interruptibility 0x0
[L1] ... RSI 0x1800fff, RCX 0x3
[L1] ... the window is open: L1 injects the NMI: exit 30, RAX 0x30, RIP 0x1800016, interruptibility 0x8
[L1] ... over a REP OUTSB L0 handles: exit 8, RAX 0x11, RIP 0x1800140, interruptibility 0x0
[L1] ... RSI 0x1801000, RCX 0x2
[L1] ... the window is open: L1 injects the NMI: exit 30, RAX 0x30, RIP 0x1800016, interruptibility 0x8
[L1] L1 injects an NMI, L2's stack at 0x1c00000: exit 30, RAX 0x30, RIP 0x1800016, interruptibility 0x8
[L1] ... L1 unmaps the stack: the handler's IRETQ: exit 48, RAX 0x30, at L2-physical 0x1bfffd8, qualification 0x1181, RIP 0x1800017, interruptibility 0x0
[L1] ... L1 maps it, blocks NMIs again: the IRETQ: exit 30, RAX 0x4d, RIP 0x180000a, interruptibility 0x0
[L1] L1 injects an NMI: exit 30, RAX 0x30, RIP 0x1800016, interruptibility 0x8
[L1] ... L1 makes the frame's SS a code segment: the IRETQ: exit 0, RAX 0x30, exit_intr_info 0x80001b0d, error 0x8, RIP 0x1800017, interruptibility 0x0
[L1] ... L1 mends it, blocks NMIs again: the IRETQ: exit 30, RAX 0x4d, RIP 0x180000a, interruptibility 0x0
[L1] an NMI whose handler's IRETQ faults in the same run, shadow cold: exit 0, RAX 0x0, exit_intr_info 0x80001b0d, error 0x8, RIP 0x1800109, interruptibility 0x0
[L1] ... shadow warm: exit 0, RAX 0x0, exit_intr_info 0x80001b0d, error 0x8, RIP 0x1800109, interruptibility 0x0
[L1] ... the handler where L2 never ran, in a page L0 has: exit 0, RAX 0x0, exit_intr_info 0x80001b0d, error 0x8, RIP 0x1800189, interruptibility 0x0
[L1] ... with the NMI window asked: exit 0, RAX 0x0, exit_intr_info 0x80001b0d, error 0x8, RIP 0x1800109, interruptibility 0x0
[L1] the handler's first instruction the IRETQ, the NMI window asked, shadow cold: exit 0, RAX 0x0, exit_intr_info 0x80001b0d, error 0x8, RIP 0x1800100, interruptibility 0x0
[L1] ... shadow warm: exit 0, RAX 0x0, exit_intr_info 0x80001b0d, error 0x8, RIP 0x1800100, interruptibility 0x0
[L1] ... not asked: exit 0, RAX 0x0, exit_intr_info 0x80001b0d, error 0x8, RIP 0x1800100, interruptibility 0x0
[L1] L1 injects an NMI; the handler's OUT: exit 30, RAX 0x30, RIP 0x1800016, interruptibility 0x8
[L1] ... L1 sets TF, intercepts #DB: the trap after the IRETQ: exit 0, RAX 0x30, exit_intr_info 0x80000301, error 0x0, RIP 0x1800000, interruptibility 0x0
[L1] L2's CLI, STI, then an OUT: the OUT exits in STI's shadow: exit 30, RAX 0x53, RIP 0x180000c, interruptibility 0x1
[L1] ... L1 steps past it and clears the shadow, as KVM does: the next OUT: exit 30, RAX 0x4e, RIP 0x1800012, interruptibility 0x0
[L1] L2's MOV SS, then an OUT: the OUT exits in MOV SS's shadow: exit 30, RAX 0x4d, RIP 0x1800022, interruptibility 0x2
[L1] L2's STI with TF, #DB intercepted: the trap after the STI, in its shadow: exit 0, RAX 0x0, exit_intr_info 0x80000301, error 0x0, RIP 0x180000c, interruptibility 0x1
[L1] blocking by SMI: ZF, exit 33, check 20
[L1] blocking by STI and by MOV SS: ZF, exit 33, check 22
[L1] blocking by STI with IF clear: ZF, exit 33, check 23
[L1] an interrupt injected in an STI shadow: ZF, exit 33, check 24
[L1] an interrupt injected in a MOV SS shadow: ZF, exit 33, check 24
[L1] an NMI injected in a MOV SS shadow: ZF, exit 33, check 25
[L1] an NMI injected in an STI shadow goes in, the shadow dropped: exit 30, RAX 0x30, RIP 0x1800016, interruptibility 0x8
[L1] L1 injects #PF(0x2) with CR2 0x5000; L2's handler reads CR2: exit 30, RAX 0x5000, cr2 0x5000, exit_intr_info 0x0, error 0x0, qualification 0x3f80000
[L1] L2 reads 0x10, #PF in L1's exception bitmap: exit 0, RAX 0x0, cr2 0x777, exit_intr_info 0x80000b0e, error 0x0, qualification 0x10
[L1] ... L1 reflects it: CR2 from the qualification, #PF injected: exit 30, RAX 0x10, cr2 0x10, exit_intr_info 0x0, error 0x0, qualification 0x3f80000
[L1] L2's REP OUTSB to COM1, one byte before a page's end: exit 30, RAX 0x0, qualification 0x3f80030, exit_insn_len 0x2, RIP 0x1800000, RSI 0x1800fff, RDI 0x2000, RCX 0x3
[L1] ... L1 sends 0x61
[L1] ... L2 runs it again: the next element: exit 30, RAX 0x0, qualification 0x3f80030, exit_insn_len 0x2, RIP 0x1800000, RSI 0x1801000, RDI 0x2000, RCX 0x2
[L1] ... L1 sends 0x62
[L1] ... and again: the last: exit 30, RAX 0x0, qualification 0x3f80030, exit_insn_len 0x2, RIP 0x1800000, RSI 0x1801001, RDI 0x2000, RCX 0x1
[L1] ... L1 sends 0x63
[L1] ... L1 stepped past it: exit 12, RAX 0x0, qualification 0x0, exit_insn_len 0x1, RIP 0x1800002, RSI 0x1801002, RDI 0x2000, RCX 0x0
[L1] L2's REP INSB from COM1's LSR: exit 30, RAX 0x0, qualification 0x3fd0038, exit_insn_len 0x2, RIP 0x1800000, RSI 0x0, RDI 0x1802000, RCX 0x2
[L1] ... L2 runs it again: exit 30, RAX 0x0, qualification 0x3fd0038, exit_insn_len 0x2, RIP 0x1800000, RSI 0x0, RDI 0x1802001, RCX 0x1
[L1] ... L1 stepped past it: exit 12, RAX 0x0, qualification 0x0, exit_insn_len 0x1, RIP 0x1800002, RSI 0x0, RDI 0x1802002, RCX 0x0
[L1] ... L2's buffer: 0x60 0x60
[L1] L2's OUT 0x80, AL: the port an immediate: exit 30, RAX 0x0, qualification 0x800040, exit_insn_len 0x2
[L1] ... OUT DX, AL with DX 0x80: exit 30, RAX 0x0, qualification 0x800000, exit_insn_len 0x1
[L1] ... IN AL, 0x80: exit 30, RAX 0x0, qualification 0x800048, exit_insn_len 0x2
[L1] L1 clears the I/O intercept; L2 runs on L0's devices:
Hello, world!
2 + 40 = 42, in hex 0x2a
TXT
run_status "$VMSCOPE" trace --nested 1 --hypervisor hvhostile --backend soft \
	--json --serial "$TMP/serial" hello >"$TMP/trace.jsonl" 2>"$TMP/err"
cat "$TMP/err"
[ "$status" -eq 0 ] || fail "exit status $status, expected hello's 0"
diff "$TMP/expected" "$TMP/serial" || fail "L0's answers differ"
python3 - "$TMP/trace.jsonl" <<'PY' || exit 1
import json, sys
lines = open(sys.argv[1]).read().splitlines()
exits = [json.loads(l) for l in lines if l.startswith('{"seq"')]
l2 = [e for e in exits if e["level"] == 2]
npf = [e["nested"]["rule"] for e in l2 if e["nested"]["l2_reason"] == 48
       and e["nested"]["verdict"] == "reflected to L1"]
want = ["L1's nested page table points outside L1's RAM: L2-physical 0x10000",
        "L1's nested page table loops back on itself: L2-physical 0x10000",
        "L1's nested page table points outside L1's RAM: L2-physical 0x1000000",
       "L1's nested page table has no entry: L2-physical 0x1bfffd0",
       "L1's nested page table has no entry: L2-physical 0x1900800",
       "L1's nested page table has no entry: L2-physical 0x1bfffd8",
       "L1's nested page table has no entry: L2-physical 0x1bfffd8",
       "L1's nested page table has no entry: L2-physical 0x1bfffd8"]
if npf != want:
    print("FAIL: EPT violations %r" % npf); sys.exit(1)
# The deliveries the next four cut short, as the block had them: the
# injected #GP(0x18), the injected INT 0x80, the injected NMI, L2's own
# #UD; the last, an NMI handler's IRETQ reading its frame, is no
# delivery.
vect = [(e["nested"].get("idt_vectoring_info"),
         e["nested"].get("idt_vectoring_error")) for e in l2
        if e["nested"]["l2_reason"] == 48
        and e["nested"]["verdict"] == "reflected to L1"]
if vect != [(None, None)] * 3 + [(0x80000b0d, 0x18), (0x80000480, 0),
                                 (0x80000202, 0), (0x80000306, 0),
                                 (None, None)]:
    print("FAIL: IDT-vectoring information %r" % vect); sys.exit(1)
# The scribbler's 'A' to COM1, after it zeroed the block: reflected by
# the intercepts of L0's copy.
a = [e["nested"] for e in l2 if e.get("io", {}).get("data") == 0x41
     and e["io"]["port"] == 0x3f8 and e["insn"] == "out dx, al"
     and e["sym"] == "0x1800014"]
if a != [{"l2_reason": 30, "l2_reason_name": "IO_INSTRUCTION(30)",
          "verdict": "reflected to L1", "rule": "L1's I/O bitmap has port 0x3f8"}]:
    print("FAIL: the scribbler's OUT %r" % a); sys.exit(1)
# A delivery of an injected #GP that faults: the nested #GP or the #DF it
# becomes is L1's when its exception bitmap asks (never the injected event
# itself), and a fault delivering the #DF is a triple fault, L1's too;
# then the #GP of the NMI handlers' IRETQs (hvhostile_nmi.c's and
# hvhostile_iret.c's seven), the single-step traps after an IRETQ and an
# STI, and the #PF of hvhostile_cr2.c.
exc = [e["nested"]["rule"] for e in l2 if e["nested"]["l2_reason"] in (0, 2)]
if exc != ["L1's exception bitmap has vector 8",
           "L1's exception bitmap has vector 13",
           "a triple fault always exits to L1",
           "a triple fault always exits to L1",
           "L1's exception bitmap has vector 3"] + \
          ["L1's exception bitmap has vector 13"] * 8 + \
          ["L1's exception bitmap has vector 1"] * 2 + \
          ["L1's exception bitmap has vector 14"]:
    print("FAIL: exception and triple-fault exits %r" % exc); sys.exit(1)
# L1's IN after the doorbell L2 overwrote makes its own exit.
if [(e["insn"], e["io"]["data"]) for e in exits if e["level"] == 1
        and e.get("io", {}).get("port") == 0x2fa] != [("in al, dx", 0xff)]:
    print("FAIL: L1's IN from port 0x2fa"); sys.exit(1)
# The ring-3 doorbells: with IOPL 0 the CPU's #GP comes before any exit;
# with IOPL 3 the OUT at the ring-3 page exits once, L0 refuses it, and
# L1's #GP handler saw RIP at that OUT (the serial line above).
r3 = [(e["rip"], e["insn"]) for e in exits if e["level"] == 1
      and e.get("io", {}).get("port") == 0x510 and e["cpl"] != 0]
if r3 != [(0xe00000, "out dx, eax")]:
    print("FAIL: ring-3 doorbell exits %r" % r3); sys.exit(1)
# The external-interrupt exits: at L2's first instruction, after the one
# an STI or MOV SS shadow covers, at the injected vector's handler.
ext = [(e["rip"], e["nested"]["rule"]) for e in l2
       if e["nested"]["l2_reason"] == 1]
if ext != [(rip, "IRQ 4 is L1's, and L1 intercepts external interrupts")
           for rip in (0x1800000, 0x1800005, 0x1800005, 0x180000c)]:
    print("FAIL: external-interrupt exits %r" % ext); sys.exit(1)
# vmscope's PIC injects into L1's runs only: the doorbell rung in the run
# L1's COM1 interrupt went into has the injection, and no exit of L2's
# after it repeats it (each showed IRQ 4 -> vector 0x24 before).
inj = [(e["level"], e.get("io", {}).get("port"), e["inject"]) for e in exits
       if "inject" in e and (e["level"] == 2 or e.get("io", {}).get("port") == 0x510)]
if inj != [(1, 0x510, {"irq": 4, "vector": 0x24})]:
    print("FAIL: injections at the doorbell and L2's exits %r" % inj); sys.exit(1)
# The NMI-window exits, named as VMX's exit 8: after the handler's IRETQ,
# at once, after the instruction a MOV SS shadow covers, at once in an STI
# shadow, at the injected #UD's handler, past the OUT and the IN a MOV SS
# shadow covers that L0's device took, at a REP OUTSB L0's device took a
# piece of.
win = [(e["rip"], e["hw_reason"], e["nested"]["rule"]) for e in l2
       if e["nested"]["l2_reason"] == 8]
if win != [(rip, "NMI_WINDOW(8)",
            "L1 asked for the NMI window: L2 can take an NMI")
           for rip in (0x1800000, 0x1800000, 0x1800005, 0x1800000,
                       0x180000c, 0x1800142, 0x1800142, 0x1800140)]:
    print("FAIL: NMI-window exits %r" % win); sys.exit(1)
# An exit of L2's KVM has no user-space reason for (an EPT violation, an
# exception, an external interrupt, the NMI window) has vmscope's own: the
# verdict's, HANDLED_IN_L0 for a shadow fault, REFLECTED_TO_L1 for what
# L1 asked for - never UNKNOWN - and the summary counts them so.
own = {}
for e in l2:
    if e["nested"]["l2_reason"] in (0, 1, 8, 48):
        key = (e["nested"]["l2_reason"], e["nested"]["verdict"], e["reason"], e["reason_num"])
        own[key] = own.get(key, 0) + 1
want = {(0, "reflected to L1", "REFLECTED_TO_L1", 0x10001): 14,
        (1, "reflected to L1", "REFLECTED_TO_L1", 0x10001): 4,
        (8, "reflected to L1", "REFLECTED_TO_L1", 0x10001): 8,
        (48, "reflected to L1", "REFLECTED_TO_L1", 0x10001): 8}
shadow = own.pop((48, "handled in L0", "HANDLED_IN_L0", 0x10000), 0)
if own != want or not shadow:
    print("FAIL: the reasons of L2's exits %r, %d shadow faults" % (own, shadow)); sys.exit(1)
by_reason = {r["reason"]: r["count"] for r in json.loads(lines[-1])["summary"]["by_reason"]}
if "UNKNOWN" in by_reason or by_reason.get("REFLECTED_TO_L1") != 34 or \
        by_reason.get("HANDLED_IN_L0") != shadow:
    print("FAIL: the summary's reasons %r" % by_reason); sys.exit(1)
n = json.loads(lines[-1])["summary"]["nesting"]
got = {k: n[k] for k in ("bad_blocks", "entry_failures", "npf_reflected",
                         "runs", "refused")}
if got != {"bad_blocks": 4, "entry_failures": 28, "npf_reflected": 8,
           "runs": 88, "refused": 1}:
    print("FAIL: counters %r" % got); sys.exit(1)
PY
# A breakpoint of vmscope's at an NMI handler that the delivery reaches
# with its page in L0's shadow (hvhostile_iret.c's HANDLER_WARM): L0's
# own stop at the gate's target, there for that step, does not pass it
# over - L2 stops at its first instruction.
run_status "$VMSCOPE" run --batch --nested 1 --hypervisor hvhostile \
	--backend soft --until 'L2:*0x1800180' hello >"$TMP/until" 2>&1
[ "$status" -eq 0 ] || fail "--until L2:*0x1800180: status $status"
grep -qE "^ *[0-9]+\.1 +\+[0-9.]+[um]?s L2 DEBUG\(4\) 0x1800180 .* pc=0x1800180$" \
	"$TMP/until" || fail "no stop of L2's at 0x1800180: $(grep -E 'DEBUG|ended' "$TMP/until")"
grep -qx "rip 0x1800180  0x1800180  cpl 0" "$TMP/until" ||
	fail "the CPU panel is not at 0x1800180: $(grep '^rip ' "$TMP/until")"
"$VMSCOPE" trace --nested 1 --hypervisor nosuch --backend soft hello >/dev/null 2>"$TMP/err" && status=0 || status=$?
grep -q 'no built-in guest of that name' "$TMP/err" || fail "an unknown --hypervisor was not refused: $(cat "$TMP/err")"
[ "$status" -ne 0 ] || fail "an unknown --hypervisor ran"
