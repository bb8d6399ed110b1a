#!/usr/bin/env python3
"""scripts/gen_font8x16.py - make tui/font8x16.c, the SDL window's glyphs.

The VGA text screen shows each character byte as a glyph of code page 437,
the IBM PC's character set: ASCII, accented letters, box drawing, block
shades and, in the control positions 0x01-0x1f and 0x7f, symbols (faces,
card suits, arrows).  vmscope draws them from an 8x16 bitmap font: 256
glyphs of 16 rows, one byte a row, bit 7 the leftmost pixel.

The glyphs come from Terminus Font's 8x16 "normal" face in its Unicode
build, the file ter-u16n_unicode.pcf.gz of the Debian package
xfonts-terminus (SIL Open Font License 1.1; tui/font8x16.LICENSE).  That
font is indexed by Unicode, so this script maps each CP437 byte to its
Unicode character (Python's cp437 codec for 0x20-0xff, the table below for
the symbols the codec leaves as control characters) and takes that glyph.
Byte 0x00 is blank, as on a PC.

    apt-get install xfonts-terminus
    scripts/gen_font8x16.py [PCF] > tui/font8x16.c

The PCF reader follows the format as the X server's fontfile code and
FontForge's "The X11 PCF bitmap font file format" note describe it: a table
of contents, then tables (metrics, bitmaps, encodings) that each start with
their own format word.  It reads only what an 8x16 font needs and stops
with a message on anything else.
"""

import gzip
import struct
import sys
import unicodedata

DEFAULT_PCF = "/usr/share/fonts/X11/misc/ter-u16n_unicode.pcf.gz"
WIDTH, HEIGHT = 8, 16

# PCF table types (the table of contents names each table by one of these)
PCF_METRICS = 1 << 2
PCF_BITMAPS = 1 << 3
PCF_BDF_ENCODINGS = 1 << 5

# Bits of a table's format word
PCF_GLYPH_PAD_MASK = 0x3        # rows padded to 1 << (format & 3) bytes
PCF_BYTE_MASK = 1 << 2          # integers most significant byte first
PCF_BIT_MASK = 1 << 3           # pixels most significant bit first
PCF_COMPRESSED_METRICS = 0x100  # metrics as five offset bytes
PCF_NO_GLYPH = 0xffff           # an encoding without a glyph

# CP437 0x01-0x1f and 0x7f: symbols where ASCII has control characters.
CP437_SYMBOLS = {
    0x01: 0x263A, 0x02: 0x263B, 0x03: 0x2665, 0x04: 0x2666, 0x05: 0x2663,
    0x06: 0x2660, 0x07: 0x2022, 0x08: 0x25D8, 0x09: 0x25CB, 0x0A: 0x25D9,
    0x0B: 0x2642, 0x0C: 0x2640, 0x0D: 0x266A, 0x0E: 0x266B, 0x0F: 0x263C,
    0x10: 0x25BA, 0x11: 0x25C4, 0x12: 0x2195, 0x13: 0x203C, 0x14: 0x00B6,
    0x15: 0x00A7, 0x16: 0x25AC, 0x17: 0x21A8, 0x18: 0x2191, 0x19: 0x2193,
    0x1A: 0x2192, 0x1B: 0x2190, 0x1C: 0x221F, 0x1D: 0x2194, 0x1E: 0x25B2,
    0x1F: 0x25BC, 0x7F: 0x2302,
}


def fail(msg):
    sys.exit("gen_font8x16: " + msg)


def cp437_to_unicode(byte):
    """The Unicode character CP437 shows for byte, or None (0x00)."""
    if byte in CP437_SYMBOLS:
        return CP437_SYMBOLS[byte]
    if byte == 0:
        return None
    return ord(bytes([byte]).decode("cp437"))


class Pcf:
    def __init__(self, data):
        if data[:4] != b"\x01fcp":
            fail("not a PCF file")
        (count,) = struct.unpack_from("<i", data, 4)
        self.data = data
        self.tables = {}
        for i in range(count):
            kind, fmt, size, offset = struct.unpack_from("<4i", data,
                                                         8 + 16 * i)
            self.tables[kind] = offset

    def table(self, kind):
        """(format word, offset after it, struct byte-order prefix)."""
        if kind not in self.tables:
            fail("PCF file has no table %#x" % kind)
        offset = self.tables[kind]
        (fmt,) = struct.unpack_from("<i", self.data, offset)
        order = ">" if fmt & PCF_BYTE_MASK else "<"
        return fmt, offset + 4, order

    def metrics(self):
        """Per glyph: (left bearing, right bearing, width, ascent, descent)."""
        fmt, off, order = self.table(PCF_METRICS)
        if fmt & PCF_COMPRESSED_METRICS:
            (count,) = struct.unpack_from(order + "h", self.data, off)
            raw = self.data[off + 2:off + 2 + 5 * count]
            return [tuple(b - 0x80 for b in raw[5 * i:5 * i + 5])
                    for i in range(count)]
        (count,) = struct.unpack_from(order + "i", self.data, off)
        return [struct.unpack_from(order + "5h", self.data, off + 4 + 12 * i)
                for i in range(count)]

    def bitmaps(self):
        """Per glyph: its rows, one byte each (an 8-pixel-wide font)."""
        fmt, off, order = self.table(PCF_BITMAPS)
        if not fmt & PCF_BIT_MASK:
            fail("bitmaps stored least significant bit first")
        pad = 1 << (fmt & PCF_GLYPH_PAD_MASK)
        (count,) = struct.unpack_from(order + "i", self.data, off)
        starts = struct.unpack_from(order + "%di" % count, self.data, off + 4)
        base = off + 4 + 4 * count + 16      # past the four bitmap sizes
        return [bytes(self.data[base + s + row * pad] for row in range(HEIGHT))
                for s in starts]

    def encoding(self):
        """Map from a character code to its glyph index."""
        fmt, off, order = self.table(PCF_BDF_ENCODINGS)
        min2, max2, min1, max1, _default = struct.unpack_from(
            order + "5h", self.data, off)
        cols = max2 - min2 + 1
        count = cols * (max1 - min1 + 1)
        glyphs = struct.unpack_from(order + "%dH" % count, self.data, off + 10)
        return {((min1 + i // cols) << 8) | (min2 + i % cols): g
                for i, g in enumerate(glyphs) if g != PCF_NO_GLYPH}


def load_glyphs(path):
    try:
        data = gzip.open(path).read()
    except OSError as e:   # missing, unreadable, or not gzip
        fail("%s: %s (the font is in xfonts-terminus)" % (path, e.strerror or e))
    pcf = Pcf(data)
    for m in set(pcf.metrics()):
        left, right, width, ascent, descent = m
        if (left, right, width, ascent + descent) != (0, WIDTH, WIDTH, HEIGHT):
            fail("%s: a glyph is not 8x16 (metrics %s)" % (path, m))
    return pcf.bitmaps(), pcf.encoding()


def glyph_comment(byte, code):
    if code is None:
        return "0x%02x blank" % byte
    return "0x%02x U+%04X %s" % (byte, code, unicodedata.name(chr(code), "?"))


def emit(path, bitmaps, encoding):
    out = sys.stdout
    out.write(HEADER % path.rsplit("/", 1)[-1])
    for byte in range(256):
        code = cp437_to_unicode(byte)
        if code is None:
            rows = bytes(HEIGHT)
        elif code in encoding:
            rows = bitmaps[encoding[code]]
        else:
            fail("%s has no glyph for U+%04X (CP437 %#04x)" %
                 (path, code, byte))
        hexes = ["0x%02x" % r for r in rows]
        out.write("\t/* %s */\n" % glyph_comment(byte, code))
        out.write("\t[0x%02x] = { %s,\n" % (byte, ", ".join(hexes[:8])))
        out.write("\t\t   %s },\n" % ", ".join(hexes[8:]))
    out.write("};\n")


HEADER = """\
/*
 * tui/font8x16.c - the 256 glyphs of code page 437, 8x16 pixels each.
 *
 * GENERATED by scripts/gen_font8x16.py from Terminus Font, file
 * %s of the Debian package xfonts-terminus; do not edit,
 * run the script again.
 * Copyright (c) 2010-2014 Dimitar Toshkov Zhekov.  Licensed under the SIL
 * Open Font License 1.1: see tui/font8x16.LICENSE.
 *
 * Each glyph is 16 rows from the top, one byte a row, bit 7 the leftmost
 * pixel (tui/font8x16.h).  The comment above a glyph names the Unicode
 * character CP437 shows for that byte.
 */
#include "tui/font8x16.h"

const uint8_t font8x16[FONT8X16_GLYPHS][FONT8X16_HEIGHT] = {
"""


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_PCF
    bitmaps, encoding = load_glyphs(path)
    emit(path, bitmaps, encoding)


if __name__ == "__main__":
    main()
