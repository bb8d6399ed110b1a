#!/usr/bin/env python3
"""tests/fuzz/seeds/programs.py - write the hand-written seeds of the fuzz
targets whose input is a program of steps: virtio (tests/fuzz/fuzz_virtio.c)
and nested (tests/fuzz/fuzz_nested.c).

Usage (from the repository's top): python3 tests/fuzz/seeds/programs.py
Each seed is a program that does what random bytes rarely do - a driver
that negotiates, sets its queues up and moves frames both ways; an L1 that
builds a block and a nested page table, enters L2 and takes its exits - so
the fuzzer mutates from runs that go deep.  The step formats are the ones
the targets' header comments give; each seed is named for what it does.
"""
import os
import struct

u8 = lambda v: struct.pack('<B', v)
u16 = lambda v: struct.pack('<H', v)
u32 = lambda v: struct.pack('<I', v)
u64 = lambda v: struct.pack('<Q', v)


def write(target, name, data):
    out = os.path.join('tests/fuzz/corpus', target)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)


# --- virtio ---------------------------------------------------------------
EMULATED, VHOST, ZEROCOPY, PACED = 0, 1, 2, 0x80
F_INDIRECT, F_EVENT_IDX, F_MAC = 1 << 28, 1 << 29, 1 << 5
D_NEXT, D_WRITE, D_INDIRECT = 1, 2, 4


def event(e):
    return u8(e << 1 | 1)


def status_dance(features):
    return event(3) + u32(features) + u8(0)


def queue_setup(q, log2, desc, avail, used):
    return event(2) + u8(q) + u8(log2) + u16(desc) + u16(avail) + u16(used)


def descriptor(q, index, addr, length, flags, nxt=0):
    return event(1) + u8(index << 1 | q) + u8(flags) + u16(addr) + \
        u16(length) + u8(nxt)


def available(q, head, kick=True):
    return event(4) + u8(q | (2 if kick else 0)) + u8(head)


def frame(length):
    return u8(1) + u16(length)


def reg(offset, value=None):
    """An aligned 32-bit access to a register: a read, or a write."""
    if value is None:
        return u8(0x18) + u8(offset // 4)
    return u8(0x1a) + u8(offset // 4) + u64(value)


def driver(features=F_MAC):
    return status_dance(features) + \
        queue_setup(0, 3, 0x1000, 0x2000, 0x3000) + \
        queue_setup(1, 3, 0x4000, 0x5000, 0x6000)


def virtio_seeds():
    rx_tx = driver() + \
        descriptor(0, 0, 0x8000, 2048, D_WRITE) + available(0, 0) + \
        frame(100) + \
        descriptor(1, 0, 0x9000, 200, 0) + available(1, 0) + u8(0) + \
        reg(0x60) + reg(0x64, 1) + event(7) + event(8)
    for path, name in ((EMULATED, 'emulated'), (VHOST, 'vhost'),
                       (ZEROCOPY, 'zerocopy')):
        write('virtio', 'rx-tx-' + name, u8(path) + rx_tx)
    # zerocopy's layout: the header alone, then a page-aligned buffer
    write('virtio', 'zerocopy-split-header', u8(ZEROCOPY) + driver() +
          descriptor(0, 0, 0x8000, 12, D_WRITE | D_NEXT, 1) +
          descriptor(0, 1, 0xa000, 4096, D_WRITE) + available(0, 0) +
          frame(1500))
    # a paced wire with nothing posted: the fallback slots fill
    write('virtio', 'zerocopy-fallback', u8(ZEROCOPY | PACED) + driver() +
          event(6) + frame(64) + event(6) + frame(64) +
          descriptor(0, 0, 0x8000, 2048, D_WRITE) + available(0, 0) +
          event(7))
    indirect = driver(F_MAC | F_INDIRECT | F_EVENT_IDX) + \
        event(0) + u16(0xc000) + u8(32) + \
        u64(0x8000) + u32(12) + u16(D_WRITE | D_NEXT) + u16(1) + \
        u64(0x8100) + u32(1500) + u16(D_WRITE) + u16(0) + \
        descriptor(0, 0, 0xc000, 32, D_INDIRECT) + available(0, 0) + \
        frame(1000)
    write('virtio', 'indirect-event-idx', u8(EMULATED) + indirect)
    write('virtio', 'chain-loop', u8(EMULATED) + driver() +
          descriptor(0, 0, 0x8000, 64, D_WRITE | D_NEXT, 1) +
          descriptor(0, 1, 0x8100, 64, D_WRITE | D_NEXT, 0) +
          available(0, 0) + u8(0x1a) + u8(0x70 // 4) + u64(0))
    write('virtio', 'buffer-on-ring', u8(VHOST) + driver() +
          descriptor(0, 0, 0x3000, 64, D_WRITE) + available(0, 0))
    write('virtio', 'narrow-and-config', u8(EMULATED) +
          u8(0x00) + u16(0x100) + u8(0x04) + u16(0x102) +
          u8(0x06) + u16(0x70) + u64(1) + reg(0x0fc) + reg(0x34))


# --- nested ---------------------------------------------------------------
P, RW, PS = 1, 2, 0x80


def entry(table, index, flags, page):
    return u8(1) + u16(table) + u16(index) + u8(flags) + u16(page)


def block(page, patches=()):
    out = u8(2) + u16(page) + u8(len(patches))
    for at, byte in patches:
        out += u16(at) + u8(byte)
    return out


def run(page, how=0):
    return u8(3) + u8(how) + u16(page)


def l2_exit(pick, port=0x3f8, size=0, info=0, gpa=0, walk=0):
    return u8(5) + u8(pick) + u16(port) + u8(size) + u32(info) + \
        u32(gpa) + u8(walk)


def walk(root, cr3, gva, write_, length):
    return u8(6) + u16(root) + u8(0) + u16(cr3) + u64(gva) + u8(write_) + \
        u8(length)


# the nested table at page 4: L2-physical 0-2 MiB onto L1's 0-2 MiB
# (entry-failed-root: byte 1 of nested_root, at 360, makes it 0x8000,
# the block's own page)
IDENTITY = entry(4, 0, P | RW, 5) + entry(5, 0, P | RW, 6) + \
    entry(6, 0, P | RW | PS, 0)
# L2's own tables (CR3 0x5000 in the valid block): page 5 is also the
# nested PDPT, so its entry 0 leads on to page 6 and a 2 MiB page
IO_BIT_3F8 = u8(0) + u16(2) + u16(0x3f8 // 8) + u8(1) + u8(1 << (0x3f8 % 8))


def nested_seeds():
    write('nested', 'enter-and-reflect', IDENTITY + block(8) + run(8) +
          l2_exit(5) + l2_exit(3) + l2_exit(7, gpa=0x400000, walk=1) +
          walk(4, 5, 0x1234, 1, 64) + u8(4) + u8(0))
    write('nested', 'io-bitmap', IDENTITY + IO_BIT_3F8 + block(8) + run(8) +
          l2_exit(5, 0x3f8) + run(8) + l2_exit(5, 0x60, 2) +
          l2_exit(5, 0x3f7, 1) + l2_exit(0, info=14) + l2_exit(4))
    write('nested', 'entry-failed-magic', block(8, [(0, 0)]) + run(8))
    write('nested', 'entry-failed-root', block(8, [(361, 0x80)]) + run(8))
    write('nested', 'bad-address', block(8) + run(0) + u8(3) + u8(8) +
          u32(0x8001) + run(8, 3) + run(8, 4))
    write('nested', 'walk-loop', entry(4, 0, P | RW, 4) + walk(4, 5, 0, 0, 8) +
          entry(4, 1, P, 70) + walk(4, 5, 1 << 39, 0, 8) + u8(7))


if __name__ == '__main__':
    virtio_seeds()
    nested_seeds()
