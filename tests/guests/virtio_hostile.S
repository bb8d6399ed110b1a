/*
 * tests/guests/virtio_hostile.S - a driver that breaks the virtio rules
 * (run with --net gen): vmscope must refuse each, mark the card broken
 * where the rule matters (Status gets DEVICE_NEEDS_RESET), go on running
 * the guest, and let a reset recover the card.
 *
 * In order (test_hostile_virtio.sh expects the log lines in this order):
 *   1. an 8-bit read of Status                       refused, not broken
 *   2. a kick of queue 7, which does not exist       refused, not broken
 *   3. QueueDesc written while the queue is ready    refused, not broken
 *   4. a chain whose descriptor 0 links to itself    broken; reset
 *   5. the available index 100 ahead                 broken; reset
 *   6. a buffer past the end of RAM                  broken; reset
 *   7. a readable buffer in the receive queue        broken; reset
 *   8. a buffer over the used ring                   broken; reset
 *   9. QueueReady with a queue size of 6             broken; reset
 *  10. a good chain: the card fills it with a frame
 * Status 0 when the card said "broken" exactly where expected and the
 * last frame arrived, else the number of the step that went wrong.
 */
#define MMIO    0xd0200000
#define DESC    0x300000
#define AVAIL   0x301000
#define USED    0x302000
#define BUF     0x310000
#define NEEDS_RESET 64
#define WAIT_LOOKS  10000000

	.text
	.global _start
_start:
	call	start_card
	/* 1-3: refused, but the card is not broken */
	mov	$1, %ebx
	mov	$MMIO + 0x70, %eax
	movb	(%rax), %cl               /* 8-bit read of Status */
	call	expect_working
	mov	$2, %ebx
	mov	$0x50, %edi
	mov	$7, %esi
	call	wr                        /* QueueNotify 7 */
	call	expect_working
	mov	$3, %ebx
	mov	$0x80, %edi
	mov	$BUF, %esi
	call	wr                        /* QueueDescLow while ready */
	call	expect_working

	/* 4: descriptor 0 -> descriptor 0 */
	mov	$4, %ebx
	mov	$BUF, %rax
	mov	$64, %ecx
	mov	$3, %edx                  /* NEXT | WRITE */
	xor	%esi, %esi                /* next 0 */
	call	desc0
	call	offer_and_kick
	call	expect_broken_then_reset

	/* 5: the available index jumps by 100 */
	mov	$5, %ebx
	movw	$100, AVAIL + 2
	call	kick
	call	expect_broken_then_reset

	/* 6: a buffer past RAM (64 MiB) */
	mov	$6, %ebx
	mov	$0x3fff0000, %rax
	mov	$4096, %ecx
	mov	$2, %edx                  /* WRITE */
	xor	%esi, %esi
	call	desc0
	call	offer_and_kick
	call	expect_broken_then_reset

	/* 7: a readable buffer where the device writes */
	mov	$7, %ebx
	mov	$BUF, %rax
	mov	$64, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	call	desc0
	call	offer_and_kick
	call	expect_broken_then_reset

	/* 8: a buffer over the used ring */
	mov	$8, %ebx
	mov	$USED, %rax
	mov	$64, %ecx
	mov	$2, %edx
	xor	%esi, %esi
	call	desc0
	call	offer_and_kick
	call	expect_broken_then_reset

	/* 9: a queue size that is not a power of two */
	mov	$9, %ebx
	call	reset_card
	mov	$6, %r12d
	call	start_card_sized
	call	expect_broken_then_reset

	/* 10: a good chain: a header, then 2 KiB */
	mov	$10, %ebx
	mov	$BUF, %rax
	mov	$12, %ecx
	mov	$3, %edx                  /* NEXT | WRITE */
	mov	$1, %esi
	call	desc0
	movq	$BUF + 0x1000, DESC + 16
	movl	$2048, DESC + 24
	movw	$2, DESC + 28
	call	offer_and_kick
	mov	$1, %eax
	call	wait_used
	jmp	pass

/* Descriptor 0 := { %rax, %ecx, flags %dx, next %si } */
desc0:
	mov	%rax, DESC
	mov	%ecx, DESC + 8
	mov	%dx, DESC + 12
	mov	%si, DESC + 14
	ret

/* Step %ebx fails unless Status has (or lacks) DEVICE_NEEDS_RESET. */
expect_working:
	mov	$0x70, %edi
	call	rd
	test	$NEEDS_RESET, %eax
	jnz	failed
	ret
/* The card may be a worker thread's (--net-path vhost, zerocopy): it
 * notices a kick a little later, so look at Status until it says so (at
 * most WAIT_LOOKS times: a card that never does fails the step). */
expect_broken_then_reset:
	mov	$WAIT_LOOKS, %r13d
1:	mov	$0x70, %edi
	call	rd
	test	$NEEDS_RESET, %eax
	jnz	2f
	dec	%r13d
	jnz	1b
	jmp	failed
2:	call	reset_card
	jmp	start_card

/* Status 0, and the rings cleared as a new driver would find them. */
reset_card:
	mov	$0x70, %edi
	xor	%esi, %esi
	call	wr
	mov	$DESC, %rdi
	xor	%eax, %eax
	mov	$0x3000, %ecx
	rep stosb
	ret

#include "virtio.inc"
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
