# tests/integration/net_send.py IFNAME COUNT SIZE - send COUNT frames of
# SIZE bytes, the built-in generator's frames exactly (guest/abi/netgen.h:
# to the card's MAC, type 0x88b5, magic, number, size, pattern sum, then
# the pattern: a window of one sequence, from seq mod 251), out of the interface IFNAME through an AF_PACKET socket.
# Run inside the test's own network namespace, where IFNAME is the TAP
# vmscope reads.
import socket
import struct
import sys

MAC = bytes([0x52, 0x54, 0x00, 0x12, 0x34, 0x56])
SRC = bytes([0x02, 0x76, 0x6d, 0x73, 0x67, 0x6e])
ETHERTYPE = 0x88b5
MAGIC = 0x4e47534d
HEAD = 14 + 16


def frame(seq, size):
    start = seq % 251
    pattern = bytes(((j * 7) + (j >> 8)) & 0xff
                    for j in range(start, start + size - HEAD))
    head = struct.pack("<IIII", MAGIC, seq, size, sum(pattern) & 0xffffffff)
    return MAC + SRC + struct.pack(">H", ETHERTYPE) + head + pattern


def main():
    ifname, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    for seq in range(count):
        s.send(frame(seq, size))


main()
