/*
 * tests/guests/vga_strings.S - a hostile guest: string instructions over
 * the whole VGA text window (run with --vga ram and --vga mmio).
 *
 *   rep stosw  fills the 2000 cells with 0x1f41 ('A', white on blue)
 *   rep movsw  copies a 16-cell message from RAM into row 1
 *   rep movsw  copies the 2000 cells back out into RAM
 *
 * then builds the expected screen in RAM the same way and compares the two
 * with repe cmpsw: status 0 when the screen read back is what was written,
 * else 1.  As RAM the window makes no exit; as MMIO every element of the
 * three copies is one exit: 2000 stores, 16 stores, 2000 loads.
 */
#define VGA        0xb8000
#define CELLS      2000
#define ROW        160               /* bytes per row */
#define FILL       0x1f41
#define PORT_EXIT  0xf4

	.macro PAINT screen
	mov	\screen, %rdi
	mov	$FILL, %eax
	mov	$CELLS, %ecx
	rep stosw
	lea	msg(%rip), %rsi
	lea	ROW(\screen), %rdi
	mov	$MSG_CELLS, %ecx
	rep movsw
	.endm

	.text
	.global _start
_start:
	cld
	mov	$VGA, %rbx
	.global paint_vga
paint_vga:
	PAINT	%rbx
	.size	paint_vga, . - paint_vga
	.global read_back
read_back:
	mov	$VGA, %esi
	lea	shadow(%rip), %rdi
	mov	$CELLS, %ecx
	rep movsw
	.size	read_back, . - read_back
	lea	expected(%rip), %rbx
	PAINT	%rbx
	lea	shadow(%rip), %rsi
	lea	expected(%rip), %rdi
	mov	$CELLS, %ecx
	repe cmpsw
	setne	%al
	out	%al, $PORT_EXIT
	hlt

	.section .rodata
	.balign	2
msg:	/* "vga_strings_ok!", each character white on green (0x2f) */
	.byte	'v', 0x2f, 'g', 0x2f, 'a', 0x2f, '_', 0x2f, 's', 0x2f
	.byte	't', 0x2f, 'r', 0x2f, 'i', 0x2f, 'n', 0x2f, 'g', 0x2f
	.byte	's', 0x2f, '_', 0x2f, 'o', 0x2f, 'k', 0x2f, '!', 0x2f
	.set	MSG_CELLS, (. - msg) / 2

	.bss
	.balign	16
shadow:		.skip	CELLS * 2
expected:	.skip	CELLS * 2

	.section .note.GNU-stack, "", @progbits
