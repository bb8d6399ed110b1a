/*
 * guest/noise/noise.c - a guest that loads its host: the neighbour a
 * real-time cell does not want.
 *
 * A ring-0 program (it provides start_program()).  Round after round it
 * copies a 1 MiB buffer (memory traffic: the host's caches and memory
 * bus, shared with every other core) and writes the POST port 256 times
 * (each `out` a bare exit: the host's CPU time in vmscope's exit path).
 * Once a second by its TSC (boot_info.tsc_khz) it prints how much it has
 * done.  It never ends by itself: `vmscope cells --until` or --seconds
 * stops it.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/console.h"
#include "guest/kernel/io.h"
#include "guest/kernel/program.h"
#include "guest/kernel/shutdown.h"

#define NOISE_BUFFER   (1u << 20)
#define NOISE_OUTS     256

static uint64_t src[NOISE_BUFFER / 8], dst[NOISE_BUFFER / 8];

/* One round: the copy, then the exits; the words copied. */
static void round_of_noise(uint64_t round)
{
	for (uint32_t i = 0; i < NOISE_BUFFER / 8; i++)
		dst[i] = src[i] + round;
	for (uint32_t i = 0; i < NOISE_OUTS; i++)
		outb(PORT_POST, (uint8_t)i);
}

void start_program(void)
{
	const struct boot_info *info = (const struct boot_info *)BOOT_INFO;
	uint64_t tsc_hz = info->tsc_khz * 1000, next, rounds = 0;

	if (tsc_hz == 0) {
		console_puts("noise: vmscope did not say the TSC's rate\n");
		shutdown(1);
	}
	next = rdtsc() + tsc_hz;
	for (;;) {
		round_of_noise(rounds++);
		if (rdtsc() < next)
			continue;
		next += tsc_hz;
		console_puts("noise: ");
		console_putdec(rounds);
		console_puts(" rounds: ");
		console_putdec(rounds * NOISE_OUTS);
		console_puts(" exits, ");
		console_putdec(rounds);
		console_puts(" MiB copied\n");
	}
}
