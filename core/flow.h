/*
 * core/flow.h - the printf-to-hardware layer stack, and which layers an
 * exit's path went through.
 *
 * The guest half of the path is read from the call chain core/unwind.c
 * gives at the exit, frame by frame, by function name (the teaching
 * kernel's and libc's names: main, printf, write, trap_entry, sys_write,
 * tty_write, uart_putc...); the host half from vmscope's own dispatch: the
 * exit reason, the bus range that claimed the port, and whether the UART
 * handed a byte to the host.  The classification runs on the vCPU thread
 * after every exit (it is a few string compares per frame), so the
 * per-layer hit counts are exact.
 *
 * "Run to the next layer" stops at the entry of the layer functions
 * (flow_entries), in the order a printf travels through them.
 */
#ifndef CORE_FLOW_H
#define CORE_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/exit.h"
#include "core/unwind.h"

enum flow_layer {
	FLOW_BOOT,          /* the kernel starting: _start, kmain */
	FLOW_USER,          /* the user program: main */
	FLOW_LIBC,          /* libc: printf, vfprintf, write */
	FLOW_INT80,         /* the system call trap: int 0x80, syscall_entry */
	FLOW_KERNEL,        /* the kernel's sys_write */
	FLOW_TTY,           /* tty_write, tty_read */
	FLOW_UART_DRIVER,   /* uart_putc */
	FLOW_PORT_IO,       /* the exiting in or out instruction (the where
			       column says which) */
	FLOW_VM_EXIT,       /* the CPU leaves the guest */
	FLOW_KVM_RUN,       /* the KVM_RUN ioctl (or the soft CPU) returns */
	FLOW_DISPATCH,      /* vmscope's exit dispatch, core/vm.c */
	FLOW_UART_MODEL,    /* devices/uart16550.c */
	FLOW_HOST_TERMINAL, /* the byte reaches the host's terminal */
	FLOW_LAYERS,
	FLOW_NO_LAYER = FLOW_LAYERS,  /* a frame no layer names */
};

#define FLOW_FIRST_HOST FLOW_VM_EXIT

/* "user program", "libc printf/write", ... */
const char *flow_layer_name(enum flow_layer layer);
/* The word a lesson names the layer by: "boot", "user", "port-io" ...;
 * NULL out of range. */
const char *flow_layer_id(enum flow_layer layer);
/* The layer whose id is the len bytes at id, or -1. */
int flow_layer_find(const char *id, size_t len);
/* True for the layers that run in ring 3 (user program, libc). */
bool flow_layer_is_user(enum flow_layer layer);

/* The layer of each frame of chain (index as chain->frames; FLOW_NO_LAYER
 * for a frame no layer names), and the mask of guest layers seen.  A frame
 * belongs to a layer only when the layer's table names its function (or,
 * for the int 0x80 layer, when it is the system call's trap boundary):
 * the kernel's other functions - an interrupt handler, sys_read - light
 * no row. */
uint32_t flow_chain_layers(const struct unwind_chain *chain,
			   uint8_t layer_of[UNWIND_MAX_FRAMES]);

/* What the host did with the exit, for the host half of the path. */
struct flow_host {
	bool uart_claimed;   /* the port belongs to the UART */
	bool byte_to_host;   /* the UART transmitted a byte to the host */
};

/* The layers the exit itself and its dispatch light, as a bit mask (1u <<
 * layer): the in/out instruction and the host half.  With
 * flow_chain_layers()'s mask, the whole path. */
uint32_t flow_host_layers(const struct exit_record *exit,
			  const struct flow_host *host);
/* The whole path of one exit as a bit mask (1u << layer). */
uint32_t flow_exit_layers(const struct unwind_chain *chain,
			  const struct exit_record *exit,
			  const struct flow_host *host);

/* The layer functions "run to the next layer" stops at, in path order. */
struct flow_entry {
	const char *func;
	enum flow_layer layer;
};
extern const struct flow_entry flow_entries[];
extern const unsigned flow_entry_count;
/* Index into flow_entries of the deepest entry function on the chain
 * (the trap boundary counts as trap_entry); -1 when none is. */
int flow_deepest_entry(const struct unwind_chain *chain);

#endif /* CORE_FLOW_H */
