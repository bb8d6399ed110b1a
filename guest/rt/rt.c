/*
 * guest/rt/rt.c - a real-time control loop that measures itself.
 *
 * A ring-0 program (it provides start_program(), as guest/portloop does).
 * It programs the PIT's counter 0 as a rate generator at RT_HZ and sleeps
 * in `sti; hlt`.  Each tick's handler is the "control step": it reads the
 * TSC, works out which ticks are due, and how late it is - its lateness,
 * the time since the oldest tick it has not served yet was due:
 *
 *   tick k is due at   t0 + k * RT_DIVISOR / 1193182 s
 *
 * t0 is the TSC read just before the OUT that starts the counter (so a
 * lateness carries at most that one exit's cost extra, never less than
 * the truth), and the TSC's rate comes from vmscope in boot_info.tsc_khz:
 * a guest cannot measure it exactly itself (Jailhouse gives its inmates
 * tsc_khz the same way).  A tick handled after the next one was already
 * due is a deadline miss: one handler then serves every tick due, and
 * all but the newest are counted missed, so at any moment
 *
 *   ticks handled + ticks missed = ticks due (at the last handler).
 *
 * After RT_SECONDS of ticks it prints its statistics - the latency
 * histogram as "rt: hist LOW_US COUNT" lines, then one summary line the
 * tests and `make bench` read - and ends the run with status 0:
 *
 *   rt: hz 10000 due 20001 served 20000 handled 16365 missed 3635 ...
 *
 * due: ticks due when it stopped; served: ticks due at the last handler
 * (= handled + missed); stale: edges of ticks served already; after:
 * edges that came after the last tick, before the loop turned interrupts
 * off.  Every IRQ 0 vmscope injects is one of handled, stale or after,
 * which is how `vmscope cells` checks its own count against the guest's.
 *
 * 10 kHz is the rate a control loop of this kind wants, and the soft CPU
 * keeps up with it (two exits a tick: the EOI and the HLT); what it
 * misses, the host's wake-up latency costs (docs/PARTITIONING.md).
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/console.h"
#include "guest/kernel/io.h"
#include "guest/kernel/irq.h"
#include "guest/kernel/pic.h"
#include "guest/kernel/program.h"
#include "guest/kernel/shutdown.h"
#include "guest/rt/rt_hist.h"

#define RT_HZ          10000
#define RT_SECONDS     2
#define RT_TICKS       ((uint64_t)RT_HZ * RT_SECONDS)
#define PIT_CLOCK_HZ   1193182ull
#define RT_DIVISOR     ((PIT_CLOCK_HZ + RT_HZ / 2) / RT_HZ)

#define PIT_COUNTER0   (PORT_PIT + 0)
#define PIT_CONTROL    (PORT_PIT + 3)
#define CW_COUNTER0    0x00 /* SC1-SC0 = 00: counter 0 */
#define CW_LSB_MSB     0x30 /* RW1-RW0 = 11: low byte, then high byte */
#define CW_MODE2       0x04 /* M2-M0 = 010: rate generator */

/* Written by the tick handler, read by the loop: volatile. */
static volatile uint64_t handled, missed, stale, after, last_due;
static volatile int done;
static uint64_t t0, tsc_hz;
static struct rt_hist hist;

/* Ticks due by TSC value now (whole ticks since t0). */
static uint64_t ticks_due(uint64_t now)
{
	return (now - t0) * PIT_CLOCK_HZ / (RT_DIVISOR * tsc_hz);
}

/* The TSC value at which tick k is due. */
static uint64_t due_tsc(uint64_t k)
{
	return t0 + k * RT_DIVISOR * tsc_hz / PIT_CLOCK_HZ;
}

static void rt_tick(void)
{
	uint64_t now = rdtsc(), due = ticks_due(now);

	if (done) {
		after++;
		return;
	}
	if (due <= last_due) {
		/* the edge of a tick already served: it was handled late,
		 * by the handler that ran for a newer tick */
		stale++;
		return;
	}
	/* late by the oldest tick not served yet; every tick due after it
	 * is served now too, each one's deadline (the next tick) missed */
	rt_hist_add(&hist, (now - due_tsc(last_due + 1)) * 1000000000ull /
			   tsc_hz);
	missed += due - last_due - 1;
	last_due = due;
	handled++;
	if (due >= RT_TICKS)
		done = 1;
}

static void print_stat(const char *name, uint64_t value)
{
	console_puts(" ");
	console_puts(name);
	console_puts(" ");
	console_putdec(value);
}

static void print_results(uint64_t due_at_end)
{
	for (unsigned i = 0; i < RT_HIST_BUCKETS; i++) {
		if (!hist.count[i])
			continue;
		console_puts("rt: hist ");
		console_putdec(rt_hist_edge_us(i));
		console_puts(" ");
		console_putdec(hist.count[i]);
		console_puts("\n");
	}
	console_puts("rt:");
	print_stat("hz", RT_HZ);
	print_stat("due", due_at_end);
	print_stat("served", last_due);
	print_stat("handled", handled);
	print_stat("missed", missed);
	print_stat("stale", stale);
	print_stat("after", after);
	print_stat("min_ns", hist.min_ns);
	print_stat("median_us", rt_hist_rank_us(&hist, 500));
	print_stat("p99_us", rt_hist_rank_us(&hist, 990));
	print_stat("max_ns", hist.max_ns);
	console_puts("\n");
}

void start_program(void)
{
	const struct boot_info *info = (const struct boot_info *)BOOT_INFO;

	tsc_hz = info->tsc_khz * 1000;
	if (tsc_hz == 0) {
		console_puts("rt: vmscope did not say the TSC's rate\n");
		shutdown(1);
	}
	console_puts("rt: ");
	console_putdec(RT_HZ);
	console_puts(" Hz for ");
	console_putdec(RT_SECONDS);
	console_puts(" s, TSC at ");
	console_putdec(info->tsc_khz);
	console_puts(" kHz\n");
	pic_init();
	irq_register(IRQ_TIMER, rt_tick);
	outb(PIT_CONTROL, CW_COUNTER0 | CW_LSB_MSB | CW_MODE2);
	outb(PIT_COUNTER0, RT_DIVISOR & 0xff);
	t0 = rdtsc();
	outb(PIT_COUNTER0, RT_DIVISOR >> 8);
	while (!done)
		sti_hlt();
	cli();
	print_results(ticks_due(rdtsc()));
	shutdown(0);
}
