# tests/integration/net_send.py IFNAME COUNT SIZE [--echo | --until PID] - send COUNT
# frames of SIZE bytes, the built-in generator's frames exactly
# (guest/abi/netgen.h: to the card's MAC, type 0x88b5, magic, number, size,
# pattern sum, then the pattern: a window of one sequence, from seq mod
# 251), out of the interface IFNAME through an AF_PACKET socket.
# With --echo (the guest is netecho), send one frame at a time and wait for
# it to come back: every byte must be as sent, the addresses swapped; the
# first difference is said and the status is 1.
# With --until PID (a receiver that may lose frames, netrx on the zerocopy
# path), send the COUNT frames as fast as it can, then one more every
# TRICKLE_S seconds while the process PID lives, so a receiver short of
# COUNT frames still gets its COUNT.
# Run inside the test's own network namespace, where IFNAME is the TAP
# vmscope reads.
import os
import socket
import struct
import sys
import time

MAC = bytes([0x52, 0x54, 0x00, 0x12, 0x34, 0x56])
SRC = bytes([0x02, 0x76, 0x6d, 0x73, 0x67, 0x6e])
ETHERTYPE = 0x88b5
MAGIC = 0x4e47534d
HEAD = 14 + 16
ECHO_WAIT_S = 120
TRICKLE_S = 0.01


def frame(seq, size, dst=MAC, src=SRC):
    start = seq % 251
    pattern = bytes(((j * 7) + (j >> 8)) & 0xff
                    for j in range(start, start + size - HEAD))
    head = struct.pack("<IIII", MAGIC, seq, size, sum(pattern) & 0xffffffff)
    return dst + src + struct.pack(">H", ETHERTYPE) + head + pattern


def echo_wrong(got, want):
    """'' when the echo is exact, else where it first differs."""
    if len(got) != len(want):
        return f"{len(got)} bytes, not {len(want)}"
    for i, (a, b) in enumerate(zip(got, want)):
        if a != b:
            return f"byte {i} is 0x{a:02x}, not 0x{b:02x}"
    return ""


def receive_echo(s, seq, size):
    want = frame(seq, size, dst=SRC, src=MAC)
    while True:
        got = s.recv(65536)
        if got[:6] == SRC:       # an echo; anything else passes by
            return echo_wrong(got, want)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def trickle(s, seq, size, pid):
    while alive(pid):
        try:
            s.send(frame(seq, size))
        except OSError:          # the TAP went away with vmscope
            return
        seq += 1
        time.sleep(TRICKLE_S)


def main():
    ifname, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    echo = sys.argv[4:] == ["--echo"]
    until = int(sys.argv[5]) if sys.argv[4:5] == ["--until"] else None
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETHERTYPE))
    s.bind((ifname, 0))
    s.settimeout(ECHO_WAIT_S)
    for seq in range(count):
        s.send(frame(seq, size))
        if not echo:
            continue
        try:
            wrong = receive_echo(s, seq, size)
        except socket.timeout:
            sys.exit(f"net_send: no echo of frame {seq} in {ECHO_WAIT_S} s")
        if wrong:
            sys.exit(f"net_send: the echo of frame {seq}: {wrong}")
    if echo:
        print(f"net_send: {count} echoes of {size} bytes, every byte as sent")
    if until:
        trickle(s, count, size, until)


main()
