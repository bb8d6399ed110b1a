/*
 * tests/guests/virtio_kicks.S - a virtio-net driver that only kicks (run
 * with --net gen): it sets the card up with an empty receive queue, kicks
 * the receive queue (QueueNotify 0) exactly KICKS times and queue 7 (which
 * does not exist) once, then ends with status 0.
 *
 * test_net_kicks.sh counts where the kicks went: on the emulated path
 * each is an MMIO exit to vmscope; with a worker (vhost, zerocopy) the
 * backend's ioeventfd matches QueueNotify = 0 and signals the worker's
 * eventfd with no exit - and the kick of queue 7, whose value does not
 * match, still exits (and is refused).
 */
#define MMIO    0xd0200000
#define DESC    0x300000
#define AVAIL   0x301000
#define USED    0x302000
#define KICKS   10

	.text
	.global _start
_start:
	call	start_card
	mov	$KICKS, %ebx
1:	mov	$0x50, %edi
	xor	%esi, %esi
	call	wr                        /* QueueNotify 0 */
	dec	%ebx
	jnz	1b
	mov	$0x50, %edi
	mov	$7, %esi
	call	wr                        /* QueueNotify 7: no such queue */
	xor	%eax, %eax
	out	%al, $0xf4
	hlt

#include "virtio.inc"
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
