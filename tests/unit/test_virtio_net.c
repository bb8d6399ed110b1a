/*
 * tests/unit/test_virtio_net.c - the virtio network card on the emulated
 * path (the vCPU thread copies), driven the way a guest driver drives it
 * (tests/unit/support/net_driver.h: through the MMIO window on a real
 * bus, rings in guest RAM), fed by the built-in generator: every byte of
 * each frame arrives, with the 12-byte header in front; what does not fit
 * is dropped and counted; a bad chain breaks the card until reset; a
 * guest that never refills loses nothing; transmit reaches the wire, and
 * the generator checks what comes back.  The worker's paths are
 * test_virtio_net_worker.c's; what the card writes as code the software
 * CPU runs, test_virtio_net_host_write.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "devices/virtio_net.h"
#include "tests/unit/support/guest_ram.h"
#include "tests/unit/support/net_driver.h"

static int setup_1500(void **state)
{
	return netd_setup_gen(state, 1500, 0, NET_PATH_EMULATED);
}

static int setup_64k(void **state)
{
	return netd_setup_gen(state, 65536, 0, NET_PATH_EMULATED);
}

static void test_identity_and_mac(void **state)
{
	struct netd *f = *state;
	uint64_t d = 0;

	assert_int_equal(netd_r32(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
	netd_w32(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(netd_r32(f, VIRTIO_MMIO_DEVICE_FEATURES),
			 1u << VIRTIO_NET_F_MAC | 1u << VIRTIO_F_EVENT_IDX |
			 1u << VIRTIO_F_INDIRECT_DESC);
	assert_non_null(bus_mmio_access(&f->bus,
					NETD_BASE + VIRTIO_MMIO_CONFIG + 5, 1,
					false, &d));
	assert_int_equal(d, 0x56);
}

static void test_frames_arrive_intact(void **state)
{
	struct netd *f = *state;

	netd_post_rx(f, 0, 2048);
	netd_post_rx(f, 1, 2048);
	netd_kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(ram_get16(f->mem, NETD_RXQ + 0x2000 + 2), 2);
	netd_expect_frame(f, 0, 0, 0, 1500);
	netd_expect_frame(f, 1, 1, 1, 1500);
	assert_int_equal(f->irq, 1);
	assert_int_equal(netd_counters(f).rx_packets, 2);
	assert_int_equal(netd_counters(f).bytes_copied,
			 2 * (1500 + 12));
	assert_int_equal(netd_counters(f).posted_bytes,
			 2 * (2048 + 12));
}

static void test_64k_frame(void **state)
{
	struct netd *f = *state;

	netd_post_rx(f, 0, 65536);
	netd_kick(f, VIRTIO_NET_RXQ);
	netd_expect_frame(f, 0, 0, 0, 65536);
}

/* After a large frame the card looks ahead at every chain posted (to load
 * the translations of their pages, rx_warm()): the chains before a broken
 * one are filled as ever, in order, and the broken one breaks the card
 * only when the pop reaches it. */
static void test_64k_broken_chain_ahead(void **state)
{
	struct netd *f = *state;

	netd_post_rx(f, 0, 65536);
	netd_kick(f, VIRTIO_NET_RXQ);
	netd_post_rx(f, 1, 65536);
	netd_post_rx(f, 2, 65536);
	netd_desc(f, NETD_RXQ, 6, NETD_HDRS + 48, VIRTIO_NET_HDR_LEN,
	     VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 7);
	netd_desc(f, NETD_RXQ, 7, NETD_BUFS + 3 * NETD_BUF_STRIDE, 0,
		  VIRTQ_DESC_F_WRITE, 0);
	netd_offer(f, NETD_RXQ, &f->rx_offered, 6);
	netd_kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(ram_get16(f->mem, NETD_RXQ + 0x2000 + 2), 3);
	netd_expect_frame(f, 1, 1, 1, 65536);
	netd_expect_frame(f, 2, 2, 2, 65536);
	assert_string_equal(f->log, "virtio-net: broken until reset: receive "
			    "queue: descriptor 7: buffer of length 0");
	assert_true(netd_r32(f, VIRTIO_MMIO_STATUS) &
		    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

/* Too small a buffer: the frame is lost and counted, the chain stays. */
static void test_too_big_dropped(void **state)
{
	struct netd *f = *state;

	netd_post_rx(f, 0, 1000);
	netd_kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(ram_get16(f->mem, NETD_RXQ + 0x2000 + 2), 0);
	assert_int_equal(netd_counters(f).rx_dropped, 1);
	assert_int_equal(f->irq, 0);
}

/* A guest that never refills: frames wait for it, none is lost. */
static void test_never_refills(void **state)
{
	struct netd *f = *state;

	netd_post_rx(f, 0, 2048);
	netd_kick(f, VIRTIO_NET_RXQ);
	for (int i = 0; i < 100; i++)
		virtio_net_poll(f->n);
	assert_int_equal(netd_counters(f).rx_packets, 1);
	assert_int_equal(netd_counters(f).rx_dropped, 0);
	netd_post_rx(f, 1, 2048);
	virtio_net_poll(f->n);
	netd_expect_frame(f, 1, 1, 1, 1500);
}

static void test_readable_rx_buffer_breaks(void **state)
{
	struct netd *f = *state;

	netd_desc(f, NETD_RXQ, 0, NETD_BUFS, 2048, 0, 0);
	netd_offer(f, NETD_RXQ, &f->rx_offered, 0);
	netd_kick(f, VIRTIO_NET_RXQ);
	assert_string_equal(f->log, "virtio-net: broken until reset: receive "
			    "queue: descriptor 0: readable buffer in a chain "
			    "the device only writes (a receive queue)");
	assert_true(netd_r32(f, VIRTIO_MMIO_STATUS) &
		    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_int_equal(netd_r32(f, VIRTIO_MMIO_INTERRUPT_STATUS),
			 VIRTIO_MMIO_INT_CONFIG);
}

static void test_header_only_chain_breaks(void **state)
{
	struct netd *f = *state;

	netd_desc(f, NETD_RXQ, 0, NETD_HDRS, VIRTIO_NET_HDR_LEN,
		  VIRTQ_DESC_F_WRITE, 0);
	netd_offer(f, NETD_RXQ, &f->rx_offered, 0);
	netd_kick(f, VIRTIO_NET_RXQ);
	assert_string_equal(f->log, "virtio-net: broken until reset: receive "
			    "queue: a chain too small for the 12-byte header "
			    "and a frame");
}

/* Broken, then reset and set up again: frames flow again. */
static void test_reset_recovers(void **state)
{
	struct netd *f = *state;

	netd_desc(f, NETD_RXQ, 0, NETD_BUFS, 2048, 0, 0);
	netd_offer(f, NETD_RXQ, &f->rx_offered, 0);
	netd_kick(f, VIRTIO_NET_RXQ);
	netd_w32(f, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(netd_r32(f, VIRTIO_MMIO_STATUS), 0);
	memset(guest_mem_ptr(f->mem, NETD_RXQ, 0x3000), 0, 0x3000);
	f->rx_offered = 0;
	netd_driver_start(f);
	netd_post_rx(f, 0, 2048);
	netd_kick(f, VIRTIO_NET_RXQ);
	netd_expect_frame(f, 0, 0, 0, 1500);
}

static void test_transmit(void **state)
{
	struct netd *f = *state;
	uint8_t frame[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	assert_int_equal(guest_mem_write(f->mem, NETD_BUFS, frame,
					 sizeof(frame)), 0);
	netd_desc(f, NETD_TXQ, 0, NETD_HDRS, VIRTIO_NET_HDR_LEN,
		  VIRTQ_DESC_F_NEXT, 1);
	netd_desc(f, NETD_TXQ, 1, NETD_BUFS, sizeof(frame), 0, 0);
	netd_offer(f, NETD_TXQ, &f->tx_offered, 0);
	netd_kick(f, VIRTIO_NET_TXQ);
	assert_int_equal(ram_get16(f->mem, NETD_TXQ + 0x2000 + 2), 1);
	assert_int_equal(netd_counters(f).tx_packets, 1);
	assert_int_equal(netd_counters(f).tx_bytes, 60);
}

/* Send back the frame in receive chain k (size bytes), its addresses
 * swapped, as netecho does: tx_offered goes up by one. */
static void echo_chain(struct netd *f, unsigned k, uint32_t size)
{
	uint8_t *frame = guest_mem_ptr(f->mem,
				       NETD_BUFS + NETD_BUF_STRIDE * k, size);
	uint8_t mac[6];

	memcpy(mac, frame, 6);
	memcpy(frame, frame + 6, 6);
	memcpy(frame + 6, mac, 6);
	netd_desc(f, NETD_TXQ, 0, NETD_HDRS + 16 * 7, VIRTIO_NET_HDR_LEN,
	     VIRTQ_DESC_F_NEXT, 1);
	netd_desc(f, NETD_TXQ, 1, NETD_BUFS + NETD_BUF_STRIDE * k, size, 0, 0);
	netd_offer(f, NETD_TXQ, &f->tx_offered, 0);
	netd_kick(f, VIRTIO_NET_TXQ);
}

/* The generator checks what comes back of its own frames: frame 0 echoed
 * is fine; frame 1 with one byte changed, and frame 0 again (out of
 * order), are wire errors; frame 1 as sent is then fine. */
static void test_generator_checks_echoes(void **state)
{
	struct netd *f = *state;
	uint8_t *byte = guest_mem_ptr(f->mem,
				      NETD_BUFS + NETD_BUF_STRIDE + 700, 1);

	netd_post_rx(f, 0, 2048);
	netd_post_rx(f, 1, 2048);
	netd_kick(f, VIRTIO_NET_RXQ);
	echo_chain(f, 0, 1500);
	assert_int_equal(netd_counters(f).wire_errors, 0);
	(*byte)++;
	echo_chain(f, 1, 1500);
	assert_int_equal(netd_counters(f).wire_errors, 1);
	echo_chain(f, 0, 1500);   /* swapped back: frame 0 as it came */
	echo_chain(f, 0, 1500);   /* ... and as an echo: out of order */
	assert_int_equal(netd_counters(f).wire_errors, 3);
	(*byte)--;
	echo_chain(f, 1, 1500);   /* swapped twice: as it came, then ... */
	echo_chain(f, 1, 1500);   /* ... as an echo */
	assert_int_equal(netd_counters(f).wire_errors, 4);
	assert_int_equal(netd_counters(f).tx_packets, 6);
}

static void test_writable_tx_buffer_breaks(void **state)
{
	struct netd *f = *state;

	netd_desc(f, NETD_TXQ, 0, NETD_BUFS, 64, VIRTQ_DESC_F_WRITE, 0);
	netd_offer(f, NETD_TXQ, &f->tx_offered, 0);
	netd_kick(f, VIRTIO_NET_TXQ);
	assert_string_equal(f->log, "virtio-net: broken until reset: transmit "
			    "queue: descriptor 0: writable buffer in a chain "
			    "the device only reads (a transmit queue)");
}

/* With a worker the kick only wakes it: wait (bounded by the number of
 * looks, not by time) until it has used n chains. */
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_1500, netd_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_identity_and_mac),
		T(test_frames_arrive_intact),
		cmocka_unit_test_setup_teardown(test_64k_frame, setup_64k,
						netd_teardown),
		cmocka_unit_test_setup_teardown(test_64k_broken_chain_ahead,
						setup_64k, netd_teardown),
		T(test_too_big_dropped),
		T(test_never_refills),
		T(test_readable_rx_buffer_breaks),
		T(test_header_only_chain_breaks),
		T(test_reset_recovers),
		T(test_transmit),
		T(test_generator_checks_echoes),
		T(test_writable_tx_buffer_breaks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
