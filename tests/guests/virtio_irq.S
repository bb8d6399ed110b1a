/*
 * tests/guests/virtio_irq.S - a virtio-net driver that waits for the
 * card's interrupt (run with --net gen:64): every completion must raise
 * IRQ 5 exactly as often as the steps below say, on any path, whoever
 * raises the line (vmscope's vCPU thread, or an irqfd with --irqchip
 * kernel: test_net_irqfd.sh counts which).
 *
 * The PICs are level-triggered (ICW1 LTIM), only IRQ 5 unmasked: the
 * card's line is level (InterruptStatus not zero), so an interrupt the
 * handler does not acknowledge at the card comes again after its EOI.
 * The handler (vector 0x25) counts, reads InterruptStatus and writes it
 * to InterruptACK - unless skip_ack is set, once - then sends the EOI.
 * Vector 0x27 takes the spurious IRQ 7 programming the PICs leaves.
 *
 *   1. FRAMES times: post one receive chain, kick, wait in HLT for the
 *      interrupt; the frame must be frame i (generator's magic, seq i,
 *      every pattern byte) and the handler must have run once for it;
 *   2. IRQ 5 masked: post a chain, kick, wait until the card used it;
 *      no interrupt yet; unmask: the interrupt must come (not lost);
 *   3. skip_ack: post a chain, kick: the handler runs twice for it (the
 *      level stayed high over the first EOI), and the card used 1 chain.
 * Status 0 when all held, else the number of the step that failed.
 */
#define MMIO       0xd0200000
#define DESC       0x300000
#define AVAIL      0x301000
#define USED       0x302000
#define BUF        0x310000
#define STACK_TOP  0x3f0000
#define VECTOR     0x25              /* master base 0x20 + IRQ 5 */
#define SPURIOUS   0x27              /* ... + 7: the master's spurious */
#define FRAMES     20
#define FRAME_LEN  76                /* header 12 + a 64-byte frame */
#define HEAD       (BUF + 12 + 14)   /* struct netgen_head */
#define PATTERN    (BUF + 12 + 30)
#define PATTERN_LEN 34
#define MAGIC      0x4e47534d

	.text
	.global _start
_start:
	mov	$STACK_TOP, %rsp
	lidt	idt_ptr(%rip)
	lea	net_handler(%rip), %rax
	lea	idt + VECTOR * 16(%rip), %rdi
	call	set_gate
	lea	spurious_handler(%rip), %rax
	lea	idt + SPURIOUS * 16(%rip), %rdi
	call	set_gate
	call	pic_level_init
	call	start_card
	sti

	/* 1: one interrupt per frame, every byte as sent */
	xor	%r14d, %r14d              /* frames done */
1:	mov	$1, %ebx
	call	post_and_kick
	lea	1(%r14), %r15d
	call	wait_count
	lea	1(%r14), %eax
	call	expect_used
	call	check_frame
	inc	%r14d
	cmp	$FRAMES, %r14d
	jb	1b

	/* 2: masked, the completion waits; unmasked, it comes */
	mov	$2, %ebx
	mov	$0xff, %al
	out	%al, $0x21
	call	post_and_kick
	mov	$FRAMES + 1, %eax
	call	wait_used
	cmpl	$FRAMES, count(%rip)
	jne	failed
	mov	$0xdf, %al                /* IRQ 5 again */
	out	%al, $0x21
	mov	$FRAMES + 1, %r15d
	call	wait_count

	/* 3: not acknowledged at the card: the level interrupts again */
	mov	$3, %ebx
	movl	$1, skip_ack(%rip)
	call	post_and_kick
	mov	$FRAMES + 3, %r15d
	call	wait_count
	mov	$FRAMES + 2, %eax
	call	expect_used
	cmpl	$FRAMES + 3, count(%rip)
	jne	failed
	jmp	pass

/* Wait in HLT until the handler has run %r15d times in all: the test
 * and the HLT under CLI/STI, so an interrupt between them is not lost
 * (STI's shadow covers the HLT). */
wait_count:
1:	cli
	cmp	%r15d, count(%rip)
	jae	2f
	sti
	hlt
	jmp	1b
2:	sti
	ret

/* The used index must be %ax, and must say FRAME_LEN bytes. */
expect_used:
	cmpw	%ax, USED + 2
	jne	failed
	movzwl	USED + 2, %eax
	dec	%eax
	and	$7, %eax
	cmpl	$FRAME_LEN, USED + 8(,%rax,8)
	jne	failed
	ret

/* The frame in BUF is frame %r14d of the generator: magic, seq, and
 * pattern byte k = netgen_seq_byte(k + seq) (seq < 251). */
check_frame:
	cmpl	$MAGIC, HEAD
	jne	failed
	cmp	%r14d, HEAD + 4
	jne	failed
	xor	%ecx, %ecx
1:	lea	(%rcx,%r14), %eax         /* j = k + seq */
	imul	$7, %eax, %edx
	shr	$8, %eax
	add	%edx, %eax                /* 7j + j/256, mod 256 below */
	cmpb	%al, PATTERN(%rcx)
	jne	failed
	inc	%ecx
	cmp	$PATTERN_LEN, %ecx
	jb	1b
	ret

/* Descriptor 0 := BUF, 2 KiB, WRITE; make it available; kick queue 0. */
post_and_kick:
	movq	$BUF, DESC
	movl	$2048, DESC + 8
	movw	$2, DESC + 12
	jmp	offer_and_kick

/* Both PICs level-triggered, 8086 mode, master 0x20, slave 0x28 on IR2;
 * only IRQ 5 unmasked. */
pic_level_init:
	mov	$0x19, %al                /* ICW1: init, level, ICW4 */
	out	%al, $0x20
	mov	$0x20, %al
	out	%al, $0x21
	mov	$0x04, %al
	out	%al, $0x21
	mov	$0x01, %al
	out	%al, $0x21
	mov	$0x19, %al
	out	%al, $0xa0
	mov	$0x28, %al
	out	%al, $0xa1
	mov	$0x02, %al
	out	%al, $0xa1
	mov	$0x01, %al
	out	%al, $0xa1
	mov	$0xdf, %al                /* only IRQ 5 */
	out	%al, $0x21
	mov	$0xff, %al
	out	%al, $0xa1
	ret

	.global net_handler
net_handler:
	push	%rax
	push	%rdi
	push	%rsi
	incl	count(%rip)
	cmpl	$0, skip_ack(%rip)
	je	1f
	movl	$0, skip_ack(%rip)
	jmp	2f
1:	mov	$0x60, %edi
	call	rd                        /* InterruptStatus */
	mov	%eax, %esi
	mov	$0x64, %edi
	call	wr                        /* InterruptACK */
2:	mov	$0x20, %al                /* non-specific EOI */
	out	%al, $0x20
	pop	%rsi
	pop	%rdi
	pop	%rax
	iretq
	.size net_handler, . - net_handler

/* While the PICs are programmed, the PIT's line (high since power-on)
 * is unmasked for a moment and latches INT; masked again, it leaves a
 * spurious IRQ 7 (no ISR bit: no EOI). */
	.global spurious_handler
spurious_handler:
	iretq
	.size spurious_handler, . - spurious_handler

#include "virtio.inc"
	.include "tests/guests/lib.inc"
	.size _start, . - _start

	.data
	.balign 4
count:
	.long	0
skip_ack:
	.long	0
	idt_table SPURIOUS

	.section .note.GNU-stack, "", @progbits
