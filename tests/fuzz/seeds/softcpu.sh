#!/bin/sh
# tests/fuzz/seeds/softcpu.sh - assemble the softcpu target's hand-written
# seeds (tests/fuzz/seeds/softcpu/*.S) into its corpus.
#
# Usage (from the repository's top): sh tests/fuzz/seeds/softcpu.sh
# Each NAME.S becomes tests/fuzz/corpus/softcpu/NAME in the target's input
# format (tests/fuzz/fuzz_softcpu.c): the code's length as 16 bits
# little-endian, the code, then the bytes its "# answers:" line lists
# (the data of each IN and MMIO read, the vector injected at a HLT).
# Seeds are small programs that do what random bytes rarely do (loops of
# exits, strings, handlers that return, frames to unwind), so the fuzzer
# mutates from code that runs instead of code that faults at once.
set -eu
out=tests/fuzz/corpus/softcpu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for src in tests/fuzz/seeds/softcpu/*.S; do
	name=$(basename "$src" .S)
	as --64 -o "$tmp/$name.o" "$src"
	objcopy -O binary -j .text "$tmp/$name.o" "$tmp/$name.bin"
	python3 - "$tmp/$name.bin" "$src" "$out/$name" <<'PY'
import re, struct, sys
code = open(sys.argv[1], 'rb').read()
m = re.search(r'answers:(.*)', open(sys.argv[2]).read())
answers = bytes(int(b, 16) for b in m.group(1).split())
assert len(code) <= 4096, 'code longer than the target reads'
open(sys.argv[3], 'wb').write(struct.pack('<H', len(code)) + code + answers)
PY
done
