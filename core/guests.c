/*
 * core/guests.c - the table of built-in guests.
 *
 * The images are the ELF files built from guest/, placed in the binary by
 * scripts/guest_blobs.S between guest_<name>_start and guest_<name>_end.
 * To add a guest: build it in guest/guest.mk, add a GUEST line to
 * guest_blobs.S and a row here.
 */
#include <string.h>

#include "core/guests.h"

extern const uint8_t guest_hello_start[], guest_hello_end[];
extern const uint8_t guest_fault_start[], guest_fault_end[];
extern const uint8_t guest_exits_start[], guest_exits_end[];
extern const uint8_t guest_portloop_start[], guest_portloop_end[];
extern const uint8_t guest_cpuloops_start[], guest_cpuloops_end[];
extern const uint8_t guest_rt_start[], guest_rt_end[];
extern const uint8_t guest_noise_start[], guest_noise_end[];
extern const uint8_t guest_echo_start[], guest_echo_end[];
extern const uint8_t guest_shell_start[], guest_shell_end[];
extern const uint8_t guest_hostile_start[], guest_hostile_end[];
extern const uint8_t guest_hv_start[], guest_hv_end[];
extern const uint8_t guest_hvhostile_start[], guest_hvhostile_end[];
extern const uint8_t guest_hvbench_start[], guest_hvbench_end[];
extern const uint8_t guest_netrx_start[], guest_netrx_end[];
extern const uint8_t guest_netecho_start[], guest_netecho_end[];
extern const uint8_t guest_probe_ring3_start[], guest_probe_ring3_end[];
extern const uint8_t guest_probe_exitcost_start[], guest_probe_exitcost_end[];

const struct builtin_guest builtin_guests[] = {
	{ .name = "hello",
	  .summary = "a user program's printf, down to the UART and out",
	  .image = guest_hello_start, .image_end = guest_hello_end },
	{ .name = "fault",
	  .summary = "a user program reads kernel memory: #PF, and the kernel "
		     "reports it",
	  .image = guest_fault_start, .image_end = guest_fault_end },
	{ .name = "exits",
	  .summary = "one of each first exit: OUT, IN, MMIO write/read, CPUID, HLT",
	  .image = guest_exits_start, .image_end = guest_exits_end },
	{ .name = "portloop",
	  .summary = "200,000 port writes: the exit-cost benchmark",
	  .image = guest_portloop_start, .image_end = guest_portloop_end },
	{ .name = "cpuloops",
	  .summary = "ALU, CRC-32 and copy loops: the CPU speed benchmark",
	  .image = guest_cpuloops_start, .image_end = guest_cpuloops_end },
	{ .name = "rt",
	  .summary = "a real-time control loop on the PIT: its own lateness "
		     "per tick, from the TSC (cells)",
	  .image = guest_rt_start, .image_end = guest_rt_end },
	{ .name = "noise",
	  .summary = "loads the host: memory copies and port exits, for ever "
		     "(cells)",
	  .image = guest_noise_start, .image_end = guest_noise_end },
	{ .name = "echo",
	  .summary = "reads lines from the keyboard and prints them back",
	  .image = guest_echo_start, .image_end = guest_echo_end },
	{ .name = "shell",
	  .summary = "a tiny shell: help, echo, ticks, cpuid, reboot, exit",
	  .image = guest_shell_start, .image_end = guest_shell_end },
	{ .name = "hostile",
	  .summary = "misbehaves: an unanswered port, nonsense to the UART, a "
		     "triple fault",
	  .image = guest_hostile_start, .image_end = guest_hostile_end },
	{ .name = "hv",
	  .summary = "the L1 mini-hypervisor: --nested runs a guest under it",
	  .image = guest_hv_start, .image_end = guest_hv_end },
	{ .name = "hvhostile",
	  .summary = "a hostile L1 hypervisor (--nested 1 --hypervisor "
		     "hvhostile): broken control blocks and nested tables",
	  .image = guest_hvhostile_start, .image_end = guest_hvhostile_end },
	{ .name = "hvbench",
	  .summary = "an L1 for make bench (--nested 1 --hypervisor "
		     "hvbench): one kind of exit per phase",
	  .image = guest_hvbench_start, .image_end = guest_hvbench_end },
	{ .name = "netrx",
	  .summary = "receives 1000 frames from --net gen and checks every "
		     "byte",
	  .image = guest_netrx_start, .image_end = guest_netrx_end },
	{ .name = "netecho",
	  .summary = "receives 1000 frames, checks every byte and sends each "
		     "back",
	  .image = guest_netecho_start, .image_end = guest_netecho_end },
	{ .name = "probe_ring3",
	  .summary = "doctor: what int $0x80 and syscall do from ring 3",
	  .image = guest_probe_ring3_start, .image_end = guest_probe_ring3_end,
	  .is_probe = 1 },
	{ .name = "probe_exitcost",
	  .summary = "doctor: the cost of one port-I/O exit",
	  .image = guest_probe_exitcost_start,
	  .image_end = guest_probe_exitcost_end, .is_probe = 1 },
	{ .name = NULL },
};

const struct builtin_guest *guests_find(const char *name)
{
	for (const struct builtin_guest *g = builtin_guests; g->name; g++)
		if (strcmp(g->name, name) == 0)
			return g;
	return NULL;
}
