# A lesson step that boots `--nested` an image its nested guest's RAM
# cannot hold is refused when the lesson is loaded - by --lint and by
# --check alike, with file:line, status 2, and the words vmscope run gives
# for the same boot (core/nested_images.c) - never found out half-way
# through a run.  L2's RAM is half of L1's 64 MiB, L3's a quarter, and
# the images L0 leaves for the hypervisor must end below its guest's RAM.
# The same images boot without --nested (the plain checks pass), and
# vmscope run refuses them in the same words.
. tests/integration/lib.sh
set -e

# hello with its last segment's memory reaching 40 MiB: inside L1's 64 MiB
# of RAM, outside L2's 32.
python3 - "$BUILD/guest/hello.elf" "$TMP/tall.elf" <<'PY'
import struct, sys
img = bytearray(open(sys.argv[1], "rb").read())
phoff = struct.unpack_from("<Q", img, 0x20)[0]
phentsize, phnum = struct.unpack_from("<HH", img, 0x36)
loads = [phoff + i * phentsize for i in range(phnum)
         if struct.unpack_from("<I", img, phoff + i * phentsize)[0] == 1]
last = max(loads, key=lambda off: struct.unpack_from("<Q", img, off + 0x10)[0])
vaddr = struct.unpack_from("<Q", img, last + 0x10)[0]
struct.pack_into("<Q", img, last + 0x28, (40 << 20) - vaddr)
open(sys.argv[2], "wb").write(img)
PY
# hello with 13 MiB of padding: room enough below L2's RAM at --nested 1,
# not below L3's, where L2 keeps it at --nested 2.
cp "$BUILD/guest/hello.elf" "$TMP/wide.elf"
head -c $((13 << 20)) /dev/zero >>"$TMP/wide.elf"

lesson() { # file boot-words
	printf 'lesson fit\ntitle T\nrequires backend=any\nboot hello\n\nstep one\n  boot %s\n  say run to the end\n  run-until end within 60 s\n' "$2" >"$1"
}

refused() { # file expected-message
	for mode in --lint "--check --backend soft"; do
		# shellcheck disable=SC2086 # mode is two words
		run_status timeout 60 "$VMSCOPE" lesson $mode "$1" >"$TMP/out" 2>"$TMP/err"
		[ "$status" -eq 2 ] || fail "lesson $mode $1: exit status $status, expected 2: $(cat "$TMP/err")"
		[ "$(cat "$TMP/err")" = "$2" ] ||
			fail "lesson $mode $1: said '$(cat "$TMP/err")', not '$2'"
	done
}

linted() { # file
	run_status timeout 60 "$VMSCOPE" lesson --lint "$1" >"$TMP/out" 2>&1
	[ "$status" -eq 0 ] || fail "lesson --lint $1: status $status: $(cat "$TMP/out")"
}

run_says() { # expected-message words...
	want=$1
	shift
	run_status timeout 60 "$VMSCOPE" run --batch --backend soft "$@" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -ne 0 ] || fail "run $*: status 0"
	[ "$(cat "$TMP/err")" = "vmscope run: $want" ] ||
		fail "run $*: said '$(cat "$TMP/err")', not 'vmscope run: $want'"
}

tall="$TMP/tall.elf: as L2 at --nested 1: segment 3 [0x401000-0x2800000) is outside guest RAM (32 MiB)"
lesson "$TMP/tall.lesson" "--nested 1 $TMP/tall.elf"
refused "$TMP/tall.lesson" "$TMP/tall.lesson:7: boot: $tall"
run_says "$tall" --nested 1 "$TMP/tall.elf"
lesson "$TMP/tall_plain.lesson" "$TMP/tall.elf"
linted "$TMP/tall_plain.lesson"
echo "ok: a segment outside L2's RAM"

size=$(wc -c <"$TMP/wide.elf")
wide="$TMP/wide.elf: $size bytes, more than L2 has room for at --nested 2: it keeps the images it is to run from 0x400000 up to its guest's RAM at 0x1000000"
lesson "$TMP/wide.lesson" "--nested 2 $TMP/wide.elf"
refused "$TMP/wide.lesson" "$TMP/wide.lesson:7: boot: $wide"
run_says "$wide" --nested 2 "$TMP/wide.elf"
lesson "$TMP/wide_1.lesson" "--nested 1 $TMP/wide.elf"
linted "$TMP/wide_1.lesson"
echo "ok: an image past the room L2 keeps for L3's"
echo "PASS"
