/*
 * guest/peers/peer.c - the cpuloops guest on QEMU and Bochs
 * (bench/peers.c): after guest/peers/boot.S has reached long mode, clear
 * the BSS, set the one loop the run is for to the count the benchmark
 * wrote into the boot sector (the other two run zero times, or once where
 * zero cannot be), and call the
 * very same start_program() vmscope runs (guest/cpuloops/cpuloops.o,
 * linked unchanged).  Its shutdown() ends the run the peers' ways: a line
 * on the debug console at port 0xe9 (QEMU's isa-debugcon, Bochs'
 * port_e9_hack), then QEMU's isa-debug-exit device at port 0xf4 and
 * Bochs' shutdown port 0x8900.
 */
#include <stdint.h>

#include "guest/kernel/io.h"
#include "guest/kernel/program.h"
#include "guest/kernel/shutdown.h"

#define PORT_DEBUGCON 0xe9
#define PORT_QEMU_EXIT 0xf4
#define PORT_BOCHS_SHUTDOWN 0x8900

struct peer_params {
	uint64_t loop;            /* 0 ALU, 1 CRC-32, 2 copy */
	uint64_t count;           /* its iterations or rounds */
};

extern const struct peer_params peer_params;   /* boot.S */
extern volatile uint64_t alu_iterations, crc_rounds, memcpy_rounds;
extern uint8_t __bss_start[], __bss_end[];

static void say(const char *s)
{
	while (*s)
		outb(PORT_DEBUGCON, (uint8_t)*s++);
}

void peer_main(void);

void peer_main(void)
{
	for (uint8_t *p = __bss_start; p < __bss_end; p++)
		*p = 0;
	/* the ALU loop and the CRC once at least: the ALU loop counts down
	 * after its first turn (0 would wrap around), and start_program()
	 * takes a CRC of 0 for one that did not run and fails the run.  Both
	 * runs of a peer (with the count and with none) do these, so they
	 * cancel out. */
	alu_iterations = peer_params.loop == 0 && peer_params.count ?
			 peer_params.count : 1;
	crc_rounds = peer_params.loop == 1 && peer_params.count ?
		     peer_params.count : 1;
	memcpy_rounds = peer_params.loop == 2 ? peer_params.count : 0;
	start_program();
}

void shutdown(uint8_t status)
{
	say(status == 0 ? "peerloops: done\n" : "peerloops: failed\n");
	outb(PORT_QEMU_EXIT, (uint8_t)status);
	for (const char *s = "Shutdown"; *s; s++)
		__asm__ volatile("outb %0, %1" : : "a"(*s),
				 "Nd"((uint16_t)PORT_BOCHS_SHUTDOWN));
	for (;;)
		__asm__ volatile("cli; hlt");
}
