"""tests/integration/make_bad_images.py - broken guest images from a good one.

    python3 make_bad_images.py GOOD.elf OUTDIR

Writes one file per way an image can be wrong, each named after the
problem, and prints "NAME<TAB>text the error message must contain" lines.
"""
import struct
import sys

good, outdir = sys.argv[1], sys.argv[2]
image = bytearray(open(good, "rb").read())
E_PHOFF = 0x20
PH_VADDR, PH_PADDR, PH_MEMSZ = 0x10, 0x18, 0x28


def first_load_phdr(img):
    phoff = struct.unpack_from("<Q", img, E_PHOFF)[0]
    phentsize, phnum = struct.unpack_from("<HH", img, 0x36)
    for i in range(phnum):
        off = phoff + i * phentsize
        if struct.unpack_from("<I", img, off)[0] == 1:   # PT_LOAD
            return off
    sys.exit("no PT_LOAD in " + good)


def variant(name, expect, mutate):
    img = bytearray(image)
    mutate(img)
    open("%s/%s" % (outdir, name), "wb").write(img)
    print("%s\t%s" % (name, expect))


def move_segment(img, addr):
    ph = first_load_phdr(img)
    struct.pack_into("<QQ", img, ph + PH_VADDR, addr, addr)


variant("not-elf", "not an ELF file", lambda img: img.__setitem__(slice(0, 4), b"#!/b"))
variant("elf32", "class 32", lambda img: img.__setitem__(4, 1))
variant("big-endian", "endian", lambda img: img.__setitem__(5, 2))
variant("arm", "is not x86-64", lambda img: struct.pack_into("<H", img, 0x12, 40))
variant("outside-ram", "outside guest RAM", lambda img: move_segment(img, 0x7000000))
variant("boot-overlap", "overlaps the boot page tables \\[0x10000-0x17000), which vmscope uses", lambda img: move_segment(img, 0x10000))
variant("truncated", "lies outside the file", lambda img: img.__delitem__(slice(200, None)))
