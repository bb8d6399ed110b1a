/*
 * tests/unit/test_virtio_net_host_write.c - what the network card writes
 * into guest RAM through host pointers is what the software CPU runs
 * next, also where the card writes without completing a buffer.
 *
 * The software CPU keeps decoded copies of the guest's code; every host
 * write must say what it wrote (core/memory.h) so that the copies over
 * it are dropped (test_softcpu_host_write.c shows the rule on a filled
 * buffer).  Here a guest runs `mov eax, 0x7777; hlt` (decoded, kept),
 * and the card writes over the MOV's immediate in ways that complete no
 * buffer: a zero-copy receive whose wire wrote part of a frame into the
 * posted chain and then refused it (the chain goes back to the driver),
 * and the word a queue stores to ask for kicks (avail_event with
 * EVENT_IDX, the used ring's flags without).  The guest, run again from
 * the start, must find the new value.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "devices/virtio_net.h"
#include "tests/unit/support/net_driver.h"
#include "tests/unit/support/softcpu_fixture.h"

static const uint8_t code[] = {
	0x90, 0x90, 0x90,               /* 00: nop; nop; nop */
	0xb8, 0x77, 0x77, 0x00, 0x00,   /* 03: mov eax, 0x7777 (imm32 at 04) */
	0xf4,                           /* 08: hlt */
};
#define IMM (SCPU_CODE + 4)          /* 4-aligned, as a ring's field */

/* The program ran once, its block decoded; RIP back at its start. */
static void ran_once(struct scpu_fixture *f)
{
	scpu_decoded(f, code, sizeof(code));
	assert_int_equal(f->regs.rax, 0x7777);
}

/* Run again from the start: the MOV's new immediate is in RAX. */
static void runs_new(struct scpu_fixture *f, uint64_t rax)
{
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 8);
	assert_int_equal(f->regs.rax, rax);
	softcpu_watch_writes(f->cpu, false);
}

/* A wire that writes the start of a frame - mov eax, 2 over the MOV,
 * where the chain's buffer lies - and then finds it does not fit. */
static ssize_t cut_recv(void *state, const struct iovec *iov, int iovcnt)
{
	static const uint8_t mov_eax_2[] = { 0xb8, 0x02, 0x00, 0x00, 0x00 };

	(void)state;
	assert_true(iovcnt > 0 && iov[0].iov_len >= 3 + sizeof(mov_eax_2));
	memcpy((uint8_t *)iov[0].iov_base + 3, mov_eax_2, sizeof(mov_eax_2));
	return -EMSGSIZE;
}

static const struct net_wire_ops cut_ops = {
	.recv = cut_recv, .send = netd_send_none, .close = netd_close_none,
};

/* Zero-copy: the wire wrote into the chain posted over the code, then
 * refused the frame (dropped, counted; the chain goes back). */
static void test_refused_frame_runs(void **state)
{
	struct netd_wait w;
	struct scpu_fixture *f = *state;
	struct net_wire wire = { &cut_ops, NULL, "cut", .fd = -1 };
	struct netd d;

	ran_once(f);
	assert_int_equal(netd_open(&d, &f->mem, &wire, NET_PATH_ZEROCOPY), 0);
	netd_driver_start(&d);
	netd_post_rx(&d, 0, 4096);    /* its buffer: NETD_BUFS, the code */
	netd_kick(&d, VIRTIO_NET_RXQ);
	w = netd_wait_start();
	while (netd_counters(&d).rx_dropped == 0)
		netd_wait_yield(&w, "the worker never took the chain");
	netd_close(&d);
	runs_new(f, 2);
}

/* The queue over the code: its used ring placed so that the word written
 * (avail_event after a ring of 8, or the flags) is the immediate. */
static struct virtq queue_over_code(struct scpu_fixture *f, bool event_idx)
{
	return (struct virtq){
		.mem = &f->mem, .size = 8, .event_idx = event_idx,
		.used = event_idx ? IMM - 4 - 8 * 8 : IMM, .last_avail = 3,
	};
}

/* EVENT_IDX, kicks on: avail_event := the next entry the device takes. */
static void test_avail_event_runs(void **state)
{
	struct scpu_fixture *f = *state;
	struct virtq vq = queue_over_code(f, true);

	ran_once(f);
	virtq_want_kicks(&vq, true);
	runs_new(f, 3);
}

/* Without EVENT_IDX, kicks off: the used ring's flags := NO_NOTIFY. */
static void test_used_flags_run(void **state)
{
	struct scpu_fixture *f = *state;
	struct virtq vq = queue_over_code(f, false);

	ran_once(f);
	virtq_want_kicks(&vq, false);
	runs_new(f, VIRTQ_USED_F_NO_NOTIFY);
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_refused_frame_runs),
		T(test_avail_event_runs),
		T(test_used_flags_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
