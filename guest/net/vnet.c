/*
 * guest/net/vnet.c - the ring-3 poll-mode virtio-net driver (see
 * guest/net/vnet.h): start-up as virtio 1.2 section 3.1.1 orders it, two
 * split virtqueues in the program's memory, receive by polling.
 *
 * Why ring 3 and polling: on a PVM host ring-0 guest code runs through
 * KVM's instruction emulator (about a million instructions a second), so
 * a driver in the kernel would measure the emulator, not vmscope's paths.
 * Here every instruction of the data path is ring-3 code, and the only
 * exits are the kicks the driver chooses to make.
 *
 * Addresses: a pointer in this program is also the guest-physical address
 * (vmscope identity-maps RAM), so the rings are handed to the device as
 * they are.  Interrupts are not used: with EVENT_IDX the driver keeps
 * used_event one behind what it has seen, so the device never needs to
 * interrupt it after the first frame.
 */
#include "guest/abi/machine.h"
#include "guest/net/vnet.h"

#define QSIZE      64              /* descriptors per queue */
#define RX_CHAINS  (QSIZE / 2)     /* header + buffer each */
#define BUF_SIZE   65536

struct ring {
	struct virtq_desc desc[QSIZE];
	struct {
		uint16_t flags, idx, ring[QSIZE], used_event;
	} avail;
	struct {
		uint16_t flags, idx;
		struct { uint32_t id, len; } ring[QSIZE];
		uint16_t avail_event;
	} used __attribute__((aligned(4)));
	uint16_t seen;           /* used entries consumed */
	uint16_t posted;         /* available entries published */
};

static struct ring rx __attribute__((aligned(4096)));
static struct ring tx __attribute__((aligned(4096)));
static struct virtio_net_hdr rx_hdr[RX_CHAINS] __attribute__((aligned(16)));
static struct virtio_net_hdr tx_hdr __attribute__((aligned(16)));
static uint8_t rx_buf[RX_CHAINS][BUF_SIZE] __attribute__((aligned(4096)));
static uint8_t tx_buf[BUF_SIZE] __attribute__((aligned(4096)));
static unsigned current;         /* the chain of the frame being read */
static uint32_t current_len;     /* ... and its length */

static volatile uint32_t *const regs = (volatile uint32_t *)VIRTIO_NET_MMIO;

/* The compiler keeps memory accesses in program order across this; x86
 * keeps stores in order, so the device sees a ring entry before its index. */
static inline void barrier(void)
{
	__asm__ volatile("" ::: "memory");
}

static uint32_t reg(unsigned off)
{
	return regs[off / 4];
}

static void set_reg(unsigned off, uint32_t v)
{
	regs[off / 4] = v;
}

static uint64_t phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void set_reg64(unsigned low, uint64_t v)
{
	set_reg(low, (uint32_t)v);
	set_reg(low + 4, (uint32_t)(v >> 32));
}

static int setup_queue(unsigned q, struct ring *r)
{
	set_reg(VIRTIO_MMIO_QUEUE_SEL, q);
	if (reg(VIRTIO_MMIO_QUEUE_NUM_MAX) < QSIZE)
		return -1;
	set_reg(VIRTIO_MMIO_QUEUE_NUM, QSIZE);
	set_reg64(VIRTIO_MMIO_QUEUE_DESC_LOW, phys(r->desc));
	set_reg64(VIRTIO_MMIO_QUEUE_DRIVER_LOW, phys(&r->avail));
	set_reg64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, phys(&r->used));
	set_reg(VIRTIO_MMIO_QUEUE_READY, 1);
	r->avail.used_event = 0xffff;   /* see the top */
	return 0;
}

static void publish(struct ring *r, uint16_t head)
{
	r->avail.ring[r->posted % QSIZE] = head;
	barrier();
	r->posted++;
	*(volatile uint16_t *)&r->avail.idx = r->posted;
}

static void post_rx(unsigned k)
{
	rx.desc[2 * k] = (struct virtq_desc){ phys(&rx_hdr[k]),
		VIRTIO_NET_HDR_LEN, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT,
		(uint16_t)(2 * k + 1) };
	rx.desc[2 * k + 1] = (struct virtq_desc){ phys(rx_buf[k]), BUF_SIZE,
		VIRTQ_DESC_F_WRITE, 0 };
	publish(&rx, (uint16_t)(2 * k));
}

static int negotiate(const char **why)
{
	const uint32_t base = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;
	uint32_t offered;

	set_reg(VIRTIO_MMIO_STATUS, 0);
	set_reg(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	set_reg(VIRTIO_MMIO_STATUS, base);
	set_reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	if (!(reg(VIRTIO_MMIO_DEVICE_FEATURES) & 1)) {
		*why = "the card does not offer VERSION_1";
		return -1;
	}
	set_reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	offered = reg(VIRTIO_MMIO_DEVICE_FEATURES);
	set_reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	set_reg(VIRTIO_MMIO_DRIVER_FEATURES,
		offered & (1u << VIRTIO_F_EVENT_IDX));
	set_reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	set_reg(VIRTIO_MMIO_DRIVER_FEATURES, 1);
	set_reg(VIRTIO_MMIO_STATUS, base | VIRTIO_STATUS_FEATURES_OK);
	if (!(reg(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		*why = "the card refused the features";
		return -1;
	}
	return 0;
}

int vnet_open(const char **why)
{
	if (reg(VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC ||
	    reg(VIRTIO_MMIO_VERSION) != 2 ||
	    reg(VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_NET) {
		*why = "no virtio-net card (start vmscope with --net)";
		return -1;
	}
	if (negotiate(why))
		return -1;
	if (setup_queue(VIRTIO_NET_RXQ, &rx) ||
	    setup_queue(VIRTIO_NET_TXQ, &tx)) {
		*why = "the card's queues are too small";
		return -1;
	}
	set_reg(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
		VIRTIO_STATUS_DRIVER_OK);
	for (unsigned k = 0; k < RX_CHAINS; k++)
		post_rx(k);
	return 0;
}

/* Looks at the used ring after a kick before kicking again: a worker
 * thread (the vhost and zerocopy paths) fills the ring while the guest
 * runs, so an immediate second kick would only be a wasted exit. */
#define SPIN_LOOKS 20000

static int used_moved(struct ring *r, uint16_t seen)
{
	for (unsigned i = 0; i < SPIN_LOOKS; i++)
		if (*(volatile uint16_t *)&r->used.idx != seen)
			return 1;
	return 0;
}

/* Until the device has used more of r than seen: kick queue q when there
 * is nothing (an exit), and give up when the device broke. */
static int wait_used(struct ring *r, unsigned q, uint16_t seen,
		     const char **why)
{
	while (*(volatile uint16_t *)&r->used.idx == seen) {
		set_reg(VIRTIO_MMIO_QUEUE_NOTIFY, q);
		if (used_moved(r, seen))
			break;
		if (reg(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) {
			*why = "the card is broken (DEVICE_NEEDS_RESET)";
			return -1;
		}
	}
	barrier();
	return 0;
}

int vnet_next(struct vnet_frame *f, const char **why)
{
	uint32_t id, len;

	if (wait_used(&rx, VIRTIO_NET_RXQ, rx.seen, why))
		return -1;
	id = rx.used.ring[rx.seen % QSIZE].id;
	len = rx.used.ring[rx.seen % QSIZE].len;
	rx.seen++;
	rx.avail.used_event = (uint16_t)(rx.seen - 1);
	current = (id / 2) % RX_CHAINS;
	f->hdr = &rx_hdr[current];
	f->data = rx_buf[current];
	f->len = len > VIRTIO_NET_HDR_LEN ? len - VIRTIO_NET_HDR_LEN : 0;
	current_len = f->len;
	return 0;
}

void vnet_done(void)
{
	publish(&rx, (uint16_t)(2 * current));
}

/* The len bytes at frame (in this program's memory) on the transmit
 * queue behind a zeroed header; wait until the device has used them. */
static int transmit(const uint8_t *frame, uint32_t len, const char **why)
{
	tx_hdr = (struct virtio_net_hdr){ 0 };
	tx.desc[0] = (struct virtq_desc){ phys(&tx_hdr), VIRTIO_NET_HDR_LEN,
					  VIRTQ_DESC_F_NEXT, 1 };
	tx.desc[1] = (struct virtq_desc){ phys(frame), len, 0, 0 };
	publish(&tx, 0);
	if (wait_used(&tx, VIRTIO_NET_TXQ, tx.seen, why))
		return -1;
	tx.seen++;
	tx.avail.used_event = (uint16_t)(tx.seen - 1);
	return 0;
}

int vnet_send(const void *frame, uint32_t len, const char **why)
{
	const uint8_t *src = frame;

	if (len > BUF_SIZE) {
		*why = "frame larger than the transmit buffer";
		return -1;
	}
	for (uint32_t i = 0; i < len; i++)
		tx_buf[i] = src[i];
	return transmit(tx_buf, len, why);
}

int vnet_echo(const char **why)
{
	uint8_t *frame = rx_buf[current];

	for (unsigned i = 0; i < 6; i++) {
		uint8_t dst = frame[i];

		frame[i] = frame[6 + i];
		frame[6 + i] = dst;
	}
	return transmit(frame, current_len, why);
}
