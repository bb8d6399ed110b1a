/*
 * cli/machine_opts.c - the machine-shaping options of trace and run (see
 * cli/machine_opts.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/signals.h"
#include "cli/stdin_keys.h"
#include "core/guests.h"
#include "core/key_text.h"
#include "cli/machine_opts.h"
#include "guest/abi/machine.h"
#include "tui/sdl_window.h"

const struct opt_spec machine_opts_table[] = {
	{ "keys", MACHINE_OPT_KEYS, "TEXT", "none",
	  "type TEXT into the guest's keyboard, a key each time it waits "
	  "for one (\\n Enter, \\xHH a character, \\w a 100 ms pause)" },
	{ "console", MACHINE_OPT_CONSOLE, "poll|irq", "poll",
	  "the guest's console output: polled, or driven by the UART's "
	  "interrupt (IRQ 4)" },
	{ "vga", MACHINE_OPT_VGA, "ram|mmio", "ram",
	  "the VGA text buffer: RAM with a dirty-page log (no exits), or "
	  "MMIO (an exit per access)" },
	{ "display", MACHINE_OPT_DISPLAY, "none|sdl", "none",
	  "sdl: a window with the guest's VGA screen and keyboard" },
	{ "nested", MACHINE_OPT_NESTED, "N", "0 (off)",
	  "run the guest as L2 under N levels of the L1 mini-hypervisor "
	  "(1, or 2: the hypervisor runs itself as L2, the guest as L3; "
	  "auto takes the software CPU, --backend kvm tries the KVM way, "
	  "unverified on hardware; docs/NESTING.md)" },
	{ "hypervisor", MACHINE_OPT_HYPERVISOR, "NAME", "hv",
	  "with --nested: the built-in guest that runs as the L1 "
	  "hypervisor" },
	{ "net", MACHINE_OPT_NET, "none|gen[:SIZE[,RATE]]|tap:NAME", "none",
	  "a virtio-net card (MMIO 0xd0200000, IRQ 5) fed by vmscope's "
	  "frame generator (SIZE bytes, RATE a second, 0 unlimited) or a "
	  "TAP device" },
	{ "net-path", MACHINE_OPT_NET_PATH, "emulated|vhost|zerocopy",
	  "emulated", "who moves received frames into the guest: the vCPU "
	  "thread, a worker thread (both copy), or the worker straight into "
	  "the guest's buffers" },
	{ "irqchip", MACHINE_OPT_IRQCHIP, "user|kernel", "user",
	  "the interrupt controller: vmscope's own 8259, which injects "
	  "every vector, or the backend's (KVM_CREATE_IRQCHIP), which "
	  "delivers by itself and takes the network worker's irqfd" },
	{ "clock", MACHINE_OPT_CLOCK, "host|insn", "host",
	  "the machine's time: the host's, or 1 ns per instruction the "
	  "software CPU retires, a HLT jumping to the next timer deadline - "
	  "the same run every time (not with KVM)" },
	{ NULL, 0, NULL, NULL, NULL },
};

/* value must be one of two words; *second says which it was. */
static int one_of(const char *cmd, const char *opt, const char *value,
		  const char *first, const char *second, bool *is_second)
{
	if (strcmp(value, first) == 0 || strcmp(value, second) == 0) {
		*is_second = strcmp(value, second) == 0;
		return 0;
	}
	fprintf(stderr, "vmscope %s: %s '%s': say %s or %s\n", cmd, opt, value,
		first, second);
	return EXIT_USAGE;
}

int machine_opt(struct machine_opts *m, int code, const char *arg,
		const char *cmd)
{
	char why[128];
	bool second = false;   /* one_of() sets it only for a valid arg */
	uint64_t levels = 0;
	int err;

	switch (code) {
	case MACHINE_OPT_CONSOLE:
		err = one_of(cmd, "--console", arg, "poll", "irq", &second);
		if (!err && second)
			m->boot_flags |= BOOT_FLAG_CONSOLE_IRQ;
		else if (!err)
			m->boot_flags &= ~BOOT_FLAG_CONSOLE_IRQ;
		return err;
	case MACHINE_OPT_VGA:
		err = one_of(cmd, "--vga", arg, "ram", "mmio", &second);
		m->vga = second ? MEM_WINDOW_MMIO : MEM_WINDOW_RAM;
		return err;
	case MACHINE_OPT_IRQCHIP:
		err = one_of(cmd, "--irqchip", arg, "user", "kernel", &second);
		m->irqchip = second ? VM_IRQCHIP_KERNEL : VM_IRQCHIP_USER;
		return err;
	case MACHINE_OPT_CLOCK:
		err = one_of(cmd, "--clock", arg, "host", "insn", &second);
		m->clock = second ? VM_CLOCK_INSN : VM_CLOCK_HOST;
		return err;
	case MACHINE_OPT_DISPLAY:
		err = one_of(cmd, "--display", arg, "none", "sdl", &second);
		m->display_sdl = second;
		return err;
	case MACHINE_OPT_NESTED:
		err = options_number(cmd, "--nested", arg, 0, 2, &levels);
		m->nested = (unsigned)levels;
		return err;
	case MACHINE_OPT_HYPERVISOR:
		if (!guests_find(arg)) {
			fprintf(stderr, "vmscope %s: --hypervisor %s: no "
				"built-in guest of that name\n", cmd, arg);
			return EXIT_USAGE;
		}
		m->hypervisor = arg;
		return 0;
	case MACHINE_OPT_NET:
		if (net_wire_parse(arg, &m->net, why, sizeof(why))) {
			fprintf(stderr, "vmscope %s: --net %s\n", cmd, why);
			return EXIT_USAGE;
		}
		return 0;
	case MACHINE_OPT_NET_PATH:
		if (net_path_parse(arg, &m->net, why, sizeof(why))) {
			fprintf(stderr, "vmscope %s: --net-path %s\n", cmd,
				why);
			return EXIT_USAGE;
		}
		return 0;
	case MACHINE_OPT_KEYS:
		if (key_text_check(arg, why, sizeof(why))) {
			fprintf(stderr, "vmscope %s: --keys: %s\n", cmd, why);
			return EXIT_USAGE;
		}
		m->keys = arg;
		return 0;
	default:
		return EXIT_USAGE;
	}
}

int machine_opts_check(const struct machine_opts *m, const char *cmd)
{
	if (m->irqchip == VM_IRQCHIP_KERNEL && m->nested) {
		fprintf(stderr, "vmscope %s: --irqchip kernel: not with "
			"--nested (L0 injects L1's interrupts itself, from "
			"vmscope's 8259)\n", cmd);
		return EXIT_USAGE;
	}
	if (m->net.kind != NET_NONE && m->nested) {
		fprintf(stderr, "vmscope %s: --net: not with --nested (the L1 "
			"hypervisor gives its L2 no virtio-MMIO window)\n",
			cmd);
		return EXIT_USAGE;
	}
	if (m->clock == VM_CLOCK_INSN && m->nested) {
		fprintf(stderr, "vmscope %s: --clock insn: not with --nested "
			"(L2's CPU has no instruction budget yet)\n", cmd);
		return EXIT_USAGE;
	}
	if (m->hypervisor && !m->nested) {
		fprintf(stderr, "vmscope %s: --hypervisor %s: only with "
			"--nested 1 (it runs the guest as its L2)\n", cmd,
			m->hypervisor);
		return EXIT_USAGE;
	}
	return 0;
}

/* The L1 hypervisor --nested runs: a built-in guest (machine_opt()
 * refused any other name), the mini-hypervisor unless --hypervisor. */
void machine_opts_apply(const struct machine_opts *m, struct vm_config *cfg)
{
	const struct builtin_guest *hv =
		guests_find(m->hypervisor ? m->hypervisor : "hv");

	cfg->boot_flags = m->boot_flags;
	cfg->vga = m->vga;
	cfg->nested = m->nested;
	cfg->hypervisor = hv ? hv->image : NULL;
	cfg->hypervisor_size = hv ? (size_t)(hv->image_end - hv->image) : 0;
	cfg->hypervisor_name = hv ? hv->name : NULL;
	cfg->keys_live = m->display_sdl;   /* a person types in the window */
	cfg->net = m->net;
	cfg->irqchip = m->irqchip;
	cfg->clock = m->clock;
}

int machine_opts_start(const struct machine_opts *m, struct vm *vm,
		       struct sdl_window **window, char *err, size_t len)
{
	char why[160];
	int ret;

	*window = NULL;
	if (m->display_sdl) {
		ret = sdl_window_open(window, vm, m->display_close_hides, why,
				      sizeof(why));
		if (ret) {
			snprintf(err, len, "--display sdl: %s", why);
			return ret;
		}
	}
	if (m->keys) {
		ret = key_text_type(vm, m->keys, why, sizeof(why));
		if (ret) {
			snprintf(err, len, "--keys: %s", why);
			sdl_window_close(*window);
			*window = NULL;
			return ret;
		}
	}
	return 0;
}

void machine_opts_linger(struct sdl_window *window)
{
	if (!window || signals_caught() || sdl_window_wait_closed(window, 0))
		return;
	if (!stdin_keys_possible()) {
		/* a script, a pipe, a background job: nobody would ever
		 * close the window or press Ctrl-C, so the run would hang */
		fprintf(stderr, "vmscope: the guest has ended; the SDL window "
			"closes (no terminal to wait at)\n");
		return;
	}
	fprintf(stderr, "vmscope: the guest has ended; the SDL window stays "
		"until you close it (or press Ctrl-C)\n");
	signals_catch(NULL);
	while (!signals_caught() && !sdl_window_wait_closed(window, 100))
		;
	signals_release();
}
