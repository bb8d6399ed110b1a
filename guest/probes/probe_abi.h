/*
 * guest/probes/probe_abi.h - how the doctor's probe guests report.
 *
 * A probe guest tells vmscope what happened by writing one 32-bit word to
 * PORT_PROBE (guest/abi/machine.h) per event:
 *
 *     bits 31..24  the event (PROBE_EV_*)
 *     bits 23..0   its argument, usually the CPL the code ran at
 *
 * (All probe code lies below 16 MiB, so 24 bits hold any of its RIPs.)
 * The host side (kvm/probe_guests.c) reads the word from the I/O exit, so
 * every finding vmscope doctor prints is something a guest instruction did,
 * in the order it did it.  Included by assembly and by C: #defines only.
 */
#ifndef GUEST_PROBES_PROBE_ABI_H
#define GUEST_PROBES_PROBE_ABI_H

#define PROBE_EV_SHIFT       24
#define PROBE_ARG_MASK       0xffffff

#define PROBE_EV_START       0x01 /* ring 0 set up its GDT, TSS, IDT */
#define PROBE_EV_BP_PASSED   0x02 /* arg cpl: the breakpoint insn ran */
#define PROBE_EV_SS_BEGIN    0x03 /* arg cpl: single-step region starts */
#define PROBE_EV_SS_END      0x04 /* arg cpl: single-step region ended */
#define PROBE_EV_RING3       0x05 /* arg cpl: code at USER_BASE runs */
#define PROBE_EV_VECTOR      0x06 /* arg vector | interrupted cpl << 8:
				     an IDT handler ran (in ring 0) */
#define PROBE_EV_LSTAR       0x07 /* arg cpl: the syscall handler ran */
#define PROBE_EV_AFTER_INT80 0x08 /* arg cpl: back after int $0x80 */
#define PROBE_EV_AFTER_SYSCALL 0x09 /* arg cpl: back after syscall */
#define PROBE_EV_RUN_BEGIN   0x0a /* arg cpl: a timed run of OUTs starts */
#define PROBE_EV_TICK        0x0b /* one OUT of a timed run */
#define PROBE_EV_RUN_END     0x0c /* arg cpl: the timed run ended */
#define PROBE_EV_DONE        0x0d /* the probe finished */
#define PROBE_EV_FATAL       0x0e /* arg vector: unexpected exception;
				     the probe stops (exit status 1) */
#define PROBE_EV_VECTOR_RIP  0x0f /* arg: bits 23..0 of the RIP the
				     VECTOR just reported interrupted */

#define PROBE_VECTOR_CPL_SHIFT 8

/* probe_exitcost: PROBE_RUNS timed runs of PROBE_RUN_OUTS ticks per ring. */
#define PROBE_RUNS           5
#define PROBE_RUN_OUTS       400
#define PROBE_UNROLL         40  /* OUTs per loop iteration */

/* Instructions in each single-step region between SS_BEGIN and SS_END. */
#define PROBE_SS_NOPS        4

#endif /* GUEST_PROBES_PROBE_ABI_H */
