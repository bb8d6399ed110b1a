/*
 * core/flow.c - mapping an exit's call chain and dispatch to the layers of
 * the flow panel (see flow.h).
 *
 * The name tables are the whole mapping: a student who adds a layer to the
 * teaching kernel adds its function here.
 */
#include <string.h>

#include "core/flow.h"
#include "guest/abi/trapframe.h"

/* Each row of the Flow panel: its title, and the word a lesson names it by
 * (`highlight port-io`, `run-until layer tty`, docs/LESSONS.md). */
static const struct {
	const char *name;
	const char *id;
} layers[FLOW_LAYERS] = {
	[FLOW_BOOT] = { "kernel boot", "boot" },
	[FLOW_USER] = { "user program", "user" },
	[FLOW_LIBC] = { "libc printf/write", "libc" },
	[FLOW_INT80] = { "int 0x80", "int80" },
	[FLOW_KERNEL] = { "kernel sys_write", "kernel" },
	[FLOW_TTY] = { "tty", "tty" },
	[FLOW_UART_DRIVER] = { "UART driver", "uart-driver" },
	[FLOW_PORT_IO] = { "in/out instruction", "port-io" },
	[FLOW_VM_EXIT] = { "VM exit", "vm-exit" },
	[FLOW_KVM_RUN] = { "KVM_RUN return", "kvm-run" },
	[FLOW_DISPATCH] = { "vmscope dispatch", "dispatch" },
	[FLOW_UART_MODEL] = { "UART model", "uart-model" },
	[FLOW_HOST_TERMINAL] = { "host terminal", "host-terminal" },
};

/* Guest functions by layer: a frame whose function is not here belongs to
 * no layer (the Flow panel's stack line still shows it). */
static const struct {
	const char *func;
	enum flow_layer layer;
} func_layers[] = {
	{ "_start", FLOW_BOOT },
	{ "kmain", FLOW_BOOT },
	{ "start_program", FLOW_BOOT },
	{ "main", FLOW_USER },
	{ "user_start", FLOW_USER },
	{ "printf", FLOW_LIBC },
	{ "fprintf", FLOW_LIBC },
	{ "vfprintf", FLOW_LIBC },
	{ "snprintf", FLOW_LIBC },
	{ "fmt_vsnprintf", FLOW_LIBC },
	{ "fmt_format", FLOW_LIBC },
	{ "put_char", FLOW_LIBC },
	{ "put_field", FLOW_LIBC },
	{ "flush_to_file", FLOW_LIBC },
	{ "write", FLOW_LIBC },
	{ "trap_entry", FLOW_INT80 },
	{ "trap", FLOW_INT80 },
	{ "syscall_entry", FLOW_INT80 },
	{ "sys_write", FLOW_KERNEL },
	{ "tty_write", FLOW_TTY },
	{ "tty_read", FLOW_TTY },
	{ "tty_input", FLOW_TTY },
	{ "uart_putc", FLOW_UART_DRIVER },
	{ "uart_init", FLOW_UART_DRIVER },
};

const struct flow_entry flow_entries[] = {
	{ "main", FLOW_USER },
	{ "printf", FLOW_LIBC },
	{ "write", FLOW_LIBC },
	{ "trap_entry", FLOW_INT80 },
	{ "syscall_entry", FLOW_INT80 },
	{ "sys_write", FLOW_KERNEL },
	{ "tty_write", FLOW_TTY },
	{ "uart_putc", FLOW_UART_DRIVER },
};
const unsigned flow_entry_count = sizeof(flow_entries) / sizeof(flow_entries[0]);

const char *flow_layer_name(enum flow_layer layer)
{
	return layer < FLOW_LAYERS ? layers[layer].name : "?";
}

const char *flow_layer_id(enum flow_layer layer)
{
	return layer < FLOW_LAYERS ? layers[layer].id : NULL;
}

int flow_layer_find(const char *id, size_t len)
{
	for (unsigned i = 0; i < FLOW_LAYERS; i++)
		if (strlen(layers[i].id) == len && !memcmp(layers[i].id, id, len))
			return (int)i;
	return -1;
}

bool flow_layer_is_user(enum flow_layer layer)
{
	return layer == FLOW_USER || layer == FLOW_LIBC;
}

static int named_layer(const struct unwind_frame *f)
{
	if (f->kind != UNWIND_FRAME || !f->sym)
		return -1;
	for (size_t i = 0; i < sizeof(func_layers) / sizeof(func_layers[0]);
	     i++)
		if (strcmp(f->sym->name, func_layers[i].func) == 0)
			return (int)func_layers[i].layer;
	return -1;
}

static bool is_syscall_trap(const struct unwind_frame *f)
{
	return f->kind == UNWIND_TRAP &&
	       (f->vector == TRAP_SYSCALL || f->emulated_int80);
}

uint32_t flow_chain_layers(const struct unwind_chain *chain,
			   uint8_t layer_of[UNWIND_MAX_FRAMES])
{
	uint32_t mask = 0;

	for (size_t i = 0; i < chain->count; i++) {
		const struct unwind_frame *f = &chain->frames[i];
		int layer = is_syscall_trap(f) ? FLOW_INT80 : named_layer(f);

		layer_of[i] = (uint8_t)(layer < 0 ? FLOW_NO_LAYER : layer);
		if (layer >= 0)
			mask |= 1u << layer;
	}
	return mask;
}

uint32_t flow_host_layers(const struct exit_record *exit,
			  const struct flow_host *host)
{
	uint32_t mask = 0;

	if (exit->reason == EXIT_IO)
		mask |= 1u << FLOW_PORT_IO;
	mask |= 1u << FLOW_VM_EXIT | 1u << FLOW_KVM_RUN | 1u << FLOW_DISPATCH;
	if (host->uart_claimed)
		mask |= 1u << FLOW_UART_MODEL;
	if (host->byte_to_host)
		mask |= 1u << FLOW_HOST_TERMINAL;
	return mask;
}

uint32_t flow_exit_layers(const struct unwind_chain *chain,
			  const struct exit_record *exit,
			  const struct flow_host *host)
{
	uint8_t layer_of[UNWIND_MAX_FRAMES];

	return flow_chain_layers(chain, layer_of) |
	       flow_host_layers(exit, host);
}

static int entry_index(const char *name)
{
	for (unsigned i = 0; i < flow_entry_count; i++)
		if (strcmp(flow_entries[i].func, name) == 0)
			return (int)i;
	return -1;
}

int flow_deepest_entry(const struct unwind_chain *chain)
{
	int deepest = -1, idx;

	for (size_t i = 0; i < chain->count; i++) {
		const struct unwind_frame *f = &chain->frames[i];

		if (is_syscall_trap(f))
			idx = entry_index("trap_entry");
		else if (f->kind == UNWIND_FRAME && f->sym)
			idx = entry_index(f->sym->name);
		else
			idx = -1;
		if (idx > deepest)
			deepest = idx;
	}
	return deepest;
}
