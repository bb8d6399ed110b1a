/*
 * guest/probes/probe_asm.h - assembler macros the probe guests share.
 *
 * Included by the probes' .S files after guest/abi/machine.h and
 * guest/probes/probe_abi.h.  A report is one OUT, and therefore one I/O exit
 * that vmscope sees with its time, RIP and CPL.
 */
#ifndef GUEST_PROBES_PROBE_ASM_H
#define GUEST_PROBES_PROBE_ASM_H

/* %ecx = the privilege level this code runs at: the RPL bits of CS. */
.macro CPL_TO_ECX
	mov	%cs, %ecx
	and	$3, %ecx
.endm

/* Report event \ev with the argument in %ecx: OUT (ev << 24 | ecx) to
 * PORT_PROBE.  Clobbers %eax and %edx. */
.macro REPORT ev
	mov	$(\ev << PROBE_EV_SHIFT), %eax
	or	%ecx, %eax
	mov	$PORT_PROBE, %dx
	out	%eax, %dx
.endm

/*
 * PROBE_RUNS timed runs, each PROBE_RUN_OUTS back-to-back OUTs between a
 * RUN_BEGIN and a RUN_END report, at whatever privilege level this code
 * runs.  The loop is unrolled so that nearly every instruction is an OUT:
 * on PVM, ring-0 instructions are emulated, and loop overhead would count
 * as exit cost.  Clobbers eax, ecx, edx, r8, r9.
 */
.macro TIMED_RUNS
	mov	$PROBE_RUNS, %r9d
1:	CPL_TO_ECX
	REPORT	PROBE_EV_RUN_BEGIN
	mov	$(PROBE_EV_TICK << PROBE_EV_SHIFT), %eax
	mov	$(PROBE_RUN_OUTS / PROBE_UNROLL), %r8d
2:	.rept	PROBE_UNROLL
	out	%eax, %dx
	.endr
	dec	%r8d
	jnz	2b
	CPL_TO_ECX
	REPORT	PROBE_EV_RUN_END
	dec	%r9d
	jnz	1b
.endm

/* End the run: status \status on PORT_EXIT, then spin (not reached). */
.macro PROBE_EXIT status
	mov	$\status, %al
	out	%al, $PORT_EXIT
3:	jmp	3b
.endm

#endif /* GUEST_PROBES_PROBE_ASM_H */
