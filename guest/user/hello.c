/*
 * guest/user/hello.c - the first user program: printf from ring 3.
 *
 * Every byte it prints travels main > printf > vfprintf > write, through
 * `int $0x80` into the kernel, and on through syscall_entry > sys_write >
 * tty_write > uart_putc to one `out` to the UART.
 *
 * Its exact output (tests compare it byte for byte), then exit status 0:
 *
 *   Hello, world!
 *   2 + 40 = 42, in hex 0x2a
 */
#include <stdio.h>

int main(void)
{
	printf("Hello, world!\n");
	printf("%d + %d = %d, in hex 0x%x\n", 2, 40, 42, 42);
	return 0;
}
