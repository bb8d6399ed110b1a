/*
 * cli/machine_opts.h - the options that shape the machine itself, shared
 * by every command that starts one (trace, run; cli/guest_opts.c parses
 * them with the rest of the command line):
 *
 *   --console poll|irq   the guest's console output polled (default) or
 *                        interrupt-driven (boot_info BOOT_FLAG_CONSOLE_IRQ)
 *   --vga ram|mmio       the VGA text buffer as plain RAM with a dirty log
 *                        (default: no exits) or as MMIO (an exit per access)
 *   --display none|sdl   an SDL2 window with the VGA screen and keyboard
 *   --keys TEXT          keys typed into the guest (core/key_text.h)
 *   --net none|gen[:SIZE[,RATE]]|tap:NAME
 *                        a virtio-net card and its wire (devices/net_wire.h)
 *   --net-path emulated|vhost|zerocopy
 *                        who moves received frames into the guest
 *   --irqchip user|kernel
 *                        the interrupt controller in vmscope (default) or
 *                        in the backend (KVM_CREATE_IRQCHIP; irqfd)
 *   --clock host|insn    the machine's time: the host's (default), or
 *                        the software CPU's instructions (core/vm_clock.h)
 */
#ifndef CLI_MACHINE_OPTS_H
#define CLI_MACHINE_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/options.h"
#include "core/vm.h"

/* The options above, for a command's struct cmd_spec (cli/options.h). */
extern const struct opt_spec machine_opts_table[];

/* their codes */
#define MACHINE_OPT_CONSOLE 0x101
#define MACHINE_OPT_VGA     0x102
#define MACHINE_OPT_DISPLAY 0x103
#define MACHINE_OPT_KEYS    0x104
#define MACHINE_OPT_NESTED  0x105
#define MACHINE_OPT_HYPERVISOR 0x106
#define MACHINE_OPT_NET     0x107
#define MACHINE_OPT_NET_PATH 0x108
#define MACHINE_OPT_IRQCHIP 0x109
#define MACHINE_OPT_CLOCK   0x10a

struct machine_opts {
	uint64_t boot_flags;
	enum mem_window_backing vga;
	bool display_sdl;
	bool display_close_hides;  /* the window's close button only hides it
				      (beside the full-screen view) */
	const char *keys;        /* NULL: none */
	unsigned nested;         /* --nested N: 0 off */
	const char *hypervisor;  /* --hypervisor NAME; NULL: hv */
	struct net_wire_spec net;
	enum vm_irqchip irqchip; /* --irqchip user|kernel */
	enum vm_clock_source clock; /* --clock host|insn */
};

/* One option (code, its argument); 0, or EXIT_USAGE after saying why on
 * stderr (cmd names the command). */
int machine_opt(struct machine_opts *m, int code, const char *arg,
		const char *cmd);
/* After every option: the ones that only make sense together (a
 * --hypervisor without --nested).  0, or EXIT_USAGE after saying why. */
int machine_opts_check(const struct machine_opts *m, const char *cmd);
/* Into the VM's configuration. */
void machine_opts_apply(const struct machine_opts *m, struct vm_config *cfg);
/* After vm_create: open the --display window (*window, NULL without)
 * and type --keys.  0, or -errno with the option and why in err
 * ("--display sdl: ..."; nothing is left open then). */
struct sdl_window;
int machine_opts_start(const struct machine_opts *m, struct vm *vm,
		       struct sdl_window **window, char *err, size_t len);
/* The guest has ended: keep the --display window (NULL: none) until its
 * user closes it or a signal comes, saying so on stderr - so what the
 * guest put on its screen can be read.  Not when a signal or the window
 * itself ended the run, nor without a person at a terminal (stdin not a
 * terminal in the foreground: cli/stdin_keys.h), where it says it closes.
 * Main thread, signals blocked (cli/signals.h). */
void machine_opts_linger(struct sdl_window *window);

#endif /* CLI_MACHINE_OPTS_H */
