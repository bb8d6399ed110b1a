/*
 * guest/abi/virtio.h - virtio as both sides see it (virtio 1.2): the
 * virtio-MMIO registers (4.2.2), device status and feature bits, the split
 * virtqueue's descriptor (2.7.5) and the network header (5.1.6).  vmscope's
 * device model (devices/virtio_*.c) and the guest's driver read the same
 * definitions.  Everything is little-endian, as x86 is.
 */
#ifndef GUEST_ABI_VIRTIO_H
#define GUEST_ABI_VIRTIO_H

#include <stdint.h>

/* Registers (offsets in the window; all 32-bit, read R, write W) */
#define VIRTIO_MMIO_MAGIC_VALUE         0x000 /* R  "virt" */
#define VIRTIO_MMIO_VERSION             0x004 /* R  2: virtio 1.x layout */
#define VIRTIO_MMIO_DEVICE_ID           0x008 /* R  1 = network card */
#define VIRTIO_MMIO_VENDOR_ID           0x00c /* R */
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010 /* R  32 bits, by ..._SEL */
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014 /* W  0: bits 0-31, 1: 32-63 */
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020 /* W  32 bits, by ..._SEL */
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024 /* W */
#define VIRTIO_MMIO_QUEUE_SEL           0x030 /* W  the queue the next
						     queue registers mean */
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034 /* R  0: no such queue */
#define VIRTIO_MMIO_QUEUE_NUM           0x038 /* W  the size chosen */
#define VIRTIO_MMIO_QUEUE_READY         0x044 /* RW 1: the device may use it */
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050 /* W  kick: the queue index */
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060 /* R  VIRTIO_MMIO_INT_* */
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064 /* W  clears those bits */
#define VIRTIO_MMIO_STATUS              0x070 /* RW VIRTIO_STATUS_*; 0 resets */
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080 /* W  descriptor table */
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW    0x090 /* W  available ring */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH   0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW    0x0a0 /* W  used ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH   0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION   0x0fc /* R */
#define VIRTIO_MMIO_CONFIG              0x100 /* device-specific, any width */
#define VIRTIO_MMIO_WINDOW_SIZE         0x200

#define VIRTIO_MMIO_MAGIC   0x74726976u /* "virt" */
#define VIRTIO_MMIO_VENDOR  0x43534d56u /* "VMSC" */

/* InterruptStatus bits */
#define VIRTIO_MMIO_INT_VRING   0x1  /* a used ring was updated */
#define VIRTIO_MMIO_INT_CONFIG  0x2  /* configuration (or status) changed */

/* Device status bits (virtio 1.2, 2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE        1
#define VIRTIO_STATUS_DRIVER             2
#define VIRTIO_STATUS_DRIVER_OK          4
#define VIRTIO_STATUS_FEATURES_OK        8
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED             128

/* Feature bits every device may offer (virtio 1.2, 6) */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX     29
#define VIRTIO_F_VERSION_1     32

/* Descriptor flags (virtio 1.2, 2.7.5) */
#define VIRTQ_DESC_F_NEXT     1   /* next is valid: the chain goes on */
#define VIRTQ_DESC_F_WRITE    2   /* the device writes this buffer */
#define VIRTQ_DESC_F_INDIRECT 4   /* the buffer is a table of descriptors */

/* Ring flags (2.7.7, 2.7.10): notification suppression without EVENT_IDX */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1 /* driver: no interrupt needed */
#define VIRTQ_USED_F_NO_NOTIFY     1 /* device: no kick needed */

#define VIRTQ_DESC_SIZE  16

/* One descriptor, as the guest lays it out. */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* virtio-net (5.1) */
#define VIRTIO_ID_NET        1
#define VIRTIO_NET_F_MAC     5    /* the configuration holds a MAC */
#define VIRTIO_NET_RXQ       0    /* receiveq1 */
#define VIRTIO_NET_TXQ       1    /* transmitq1 */

/* In front of every frame, both ways: struct virtio_net_hdr_v1 (with
 * VERSION_1 it always has num_buffers: 12 bytes). */
struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;        /* 0: VIRTIO_NET_HDR_GSO_NONE */
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;    /* buffers this frame spans: 1 here */
};
#define VIRTIO_NET_HDR_LEN 12

#endif /* GUEST_ABI_VIRTIO_H */
