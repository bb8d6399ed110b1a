/*
 * scripts/lesson_blobs.S - the built-in lessons, linked into vmscope.
 *
 * Each LESSON line puts one file of lessons/ into .rodata from the symbol
 * lesson_<sym> on, followed by a NUL so the text can be parsed in place
 * (sym is the lesson's name with - written _); cli/builtin_lessons.c lists
 * them, in reading order.
 */
	.macro LESSON sym, file
	.section .rodata
	.global lesson_\sym
lesson_\sym\():
	.incbin "\file"
	.byte 0
	.endm

	LESSON printf, "printf.lesson"
	LESSON exits, "exits.lesson"
	LESSON your_kvm, "your-kvm.lesson"
	LESSON keyboard, "keyboard.lesson"
	LESSON console_modes, "console-modes.lesson"
	LESSON hostile, "hostile.lesson"
	LESSON nesting, "nesting.lesson"
	LESSON partitioning, "partitioning.lesson"
	LESSON zero_copy, "zero-copy.lesson"

	.section .note.GNU-stack, "", @progbits
