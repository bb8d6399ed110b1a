/*
 * guest/abi/netgen.h - the frames vmscope's built-in packet generator
 * sends (--net gen), as both sides know them: the generator builds them
 * (devices/net_gen.c), the guest's netrx checks every byte of them.
 *
 * A frame of size bytes is an Ethernet header to the guest's MAC, then a
 * struct netgen_head, then the pattern: payload byte i of frame seq is
 * netgen_byte(seq, i).  sum is the sum of the pattern bytes modulo 2^32,
 * so a receiver can check a frame without knowing the pattern; netrx
 * checks both.  Frames are counted from seq 0 upwards.
 */
#ifndef GUEST_ABI_NETGEN_H
#define GUEST_ABI_NETGEN_H

#include <stdint.h>

#define NETGEN_ETHERTYPE 0x88b5      /* IEEE "local experimental" */
#define NETGEN_MAGIC     0x4e47534dU /* "MSGN" */
#define NETGEN_MIN_SIZE  64          /* the smallest Ethernet frame */
#define NETGEN_MAX_SIZE  65536
#define NETGEN_ETH_HLEN  14

struct netgen_head {
	uint32_t magic;
	uint32_t seq;
	uint32_t size;       /* the whole frame, Ethernet header included */
	uint32_t sum;        /* of the pattern bytes */
};

#define NETGEN_PATTERN_OFF (NETGEN_ETH_HLEN + (uint32_t)sizeof(struct netgen_head))

/*
 * The pattern is one long sequence, netgen_seq_byte(j) = 7j + j/256
 * (mod 256), and frame seq's payload is the window of it that starts at
 * seq mod NETGEN_SHIFTS: a byte in the wrong place, or from a frame with
 * another start, shows.  A window of one sequence lets the generator send
 * a frame as a NIC's DMA would: one copy from a table it made once.
 */
#define NETGEN_SHIFTS 251            /* a prime: starts 0 ... 250 */

static inline uint8_t netgen_seq_byte(uint32_t j)
{
	return (uint8_t)(j * 7u + (j >> 8));
}

/* Byte i of the pattern of frame seq. */
static inline uint8_t netgen_byte(uint32_t seq, uint32_t i)
{
	return netgen_seq_byte(i + seq % NETGEN_SHIFTS);
}

#endif /* GUEST_ABI_NETGEN_H */
