/*
 * labs/uart/uart_putc.c - LAB: the teaching kernel's console driver, one
 * function.  Every byte the guest prints (printf > write > sys_write >
 * tty_write) ends here, and here it must leave the CPU for the 16550 UART
 * on COM1.
 *
 * The 16550 (TI PC16550D datasheet; the register map is
 * guest/kernel/uart_regs.h) takes a byte for sending when its Transmit
 * Holding Register (THR, at COM1 + UART_THR) is empty; the Line Status
 * Register (LSR, at COM1 + UART_LSR) says so with its THRE bit (LSR_THRE).
 * Writing THR while it is full loses bytes on a real UART.
 *
 * Write uart_putc(c): wait until LSR says THRE, then write c to THR.
 * guest/kernel/io.h has inb() and outb().  Build and check it with
 *
 *     make lab LAB=labs/uart
 *     build/vmscope lesson --check --guest build/guest/lab_labs_uart.elf labs/uart/uart.lesson
 *
 * and watch your driver's exits with
 *
 *     build/vmscope trace build/guest/lab_labs_uart.elf
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/uart.h"
#include "guest/kernel/uart_regs.h"

__attribute__((noinline)) void uart_putc(char c)
{
	(void)c;   /* your code here */
}
