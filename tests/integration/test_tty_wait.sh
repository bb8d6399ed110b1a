# vmscope knows the guest waits for a key by the function its HLT is in,
# tty_read (core/vm_irq.c vm_waits_for_key()).  The HLT must lie there
# whatever the compiler inlines: built at -O0, -Og and -O2 -fno-inline,
# guest/kernel/tty_line.c has its one `hlt` inside tty_read.  (It sat in a
# static helper that only -O2's inlining put into tty_read: with
# -fno-inline it was wait_for_line's, and `printf hi | vmscope trace echo`
# would run for ever again.)  The guest's own flags, those that matter to
# the compiler's choice; the build's -O2 is test_trace_stdin's.
. tests/integration/lib.sh
set -e
CC=${CC:-cc}
hlt_in() { # compiler-flags...: the function each hlt of tty_line.o is in
	"$CC" -std=c17 -ffreestanding -nostdinc -isystem "$("$CC" -print-file-name=include)" \
		-fno-pic -mno-red-zone -mgeneral-regs-only -fno-omit-frame-pointer \
		-Iguest -I. "$@" -c guest/kernel/tty_line.c -o "$TMP/tty_line.o"
	objdump -d --no-show-raw-insn "$TMP/tty_line.o" |
		awk '/^[0-9a-f]+ <.*>:$/ { f = $2 } $2 == "hlt" { print f }'
}
for flags in -O0 -Og "-O2 -fno-inline" -O2; do
	# shellcheck disable=SC2086 # one word per flag
	got=$(hlt_in $flags)
	[ "$got" = "<tty_read>:" ] || fail "$flags: the hlt is in '$got', not tty_read"
done
echo "PASS: the keyboard wait's HLT is tty_read's"
