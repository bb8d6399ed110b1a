/*
 * guest/kernel/interrupts.c - the interrupt hardware, started lazily.
 *
 * Most programs never read a key or the time: hello prints and exits.
 * Setting up the PICs, the timer and the keyboard controller costs a few
 * dozen port writes, each a VM exit, and every timer tick after that is
 * more; a student reading hello's trace should see none of it.  So the
 * kernel starts the interrupt hardware only when something first needs it:
 * the first read() or times(), or at boot when vmscope asks for an
 * interrupt-driven console (BOOT_FLAG_CONSOLE_IRQ, see kmain.c).
 *
 * The order matters:
 *   1. the keyboard controller, before the PICs: setting it up makes it
 *      answer a command (one IRQ 1 edge), and initialising the PICs
 *      afterwards forgets that edge;
 *   2. the PICs, every line masked;
 *   3. the timer, then the keyboard's handler - each unmasks its line.
 *      vmscope starts delivering keys once IRQ 1 is unmasked.
 *
 * The kernel itself always runs with interrupts off (the IDT's interrupt
 * gates clear IF on entry), except where it sleeps in sti_hlt(): so an
 * interrupt handler never finds kernel data half-changed, and the drivers
 * need no locks.  User programs run with interrupts on once the hardware
 * is up.
 */
#include <stdbool.h>

#include "guest/kernel/i8042.h"
#include "guest/kernel/interrupts.h"
#include "guest/kernel/keyboard.h"
#include "guest/kernel/pic.h"
#include "guest/kernel/pit.h"

static bool started;

void interrupts_start(void)
{
	if (started)
		return;
	started = true;
	i8042_init();
	pic_init();
	pit_start();
	keyboard_start();
}

bool interrupts_started(void)
{
	return started;
}
