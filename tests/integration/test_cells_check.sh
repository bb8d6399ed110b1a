# `vmscope cells --check FILE`: a good configuration is listed cell by cell
# and accepted (status 0, nothing run); a wrong one is refused with
# "file:line: what is wrong" and status 2 before anything starts - here
# the kinds of mistake that reach the file from outside the parser's unit
# test: an image path relative to the .cell file, a file that is missing
# or not text, a FIFO; a console file that is another cell's console, the
# configuration or an image.  (Each refusal's exact message: tests/unit/test_cells.c.)
. tests/integration/lib.sh
set -e
run_status "$VMSCOPE" cells --check cells/two-hellos.cell >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 0 ] || fail "two-hellos: status $status: $(cat "$TMP/err")"
[ ! -s "$TMP/err" ] || fail "two-hellos: said on stderr: $(cat "$TMP/err")"
cat >"$TMP/want" <<'OUT'
cell left     image hello      ram   16 MiB at 0x0, cpu none, 1 port, 0 irq, 0 mmio lines, console stdout
cell right    image hello      ram   16 MiB at 0x1000000, cpu none, 0 port, 0 irq, 0 mmio lines, console stdout
cells/two-hellos.cell: 2 cells, nothing shared: the configuration is good
OUT
diff "$TMP/want" "$TMP/out" || fail "two-hellos: the listing differs"

refused() { # file message
	# timeout: a FIFO's open(2) waited for a writer for ever
	run_status timeout 60 "$VMSCOPE" cells --check "$1" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 2 ] || fail "$1: status $status, expected 2"
	[ ! -s "$TMP/out" ] || fail "$1: printed on stdout: $(cat "$TMP/out")"
	[ "$(cat "$TMP/err")" = "$2" ] || fail "$1: said '$(cat "$TMP/err")', not '$2'"
}

# An image next to the configuration, found from any working directory.
mkdir "$TMP/conf"
cp "$BUILD/guest/exits.elf" "$TMP/conf/mine.elf"
printf 'cell a\nimage mine.elf\nram 0x0 16M\ncell b\nimage hello\nram 0x800000 16M\n' >"$TMP/conf/x.cell"
refused "$TMP/conf/x.cell" "$TMP/conf/x.cell:6: ram 0x800000-0x17fffff overlaps the ram of cell 'a' (line 3)"
sed -i 's/0x800000/0x1000000/' "$TMP/conf/x.cell"
vmscope_abs=$(realpath "$VMSCOPE")
(cd / && run_status "$vmscope_abs" cells --check "$TMP/conf/x.cell" >"$TMP/out" 2>"$TMP/err"
 [ "$status" -eq 0 ] || fail "mine.elf beside x.cell: status $status: $(cat "$TMP/err")")
sed -i 's/mine.elf/gone.elf/' "$TMP/conf/x.cell"
refused "$TMP/conf/x.cell" "$TMP/conf/x.cell:2: image 'gone.elf': $TMP/conf/gone.elf: No such file or directory (not a file, nor a built-in guest: see \`vmscope guests\`)"

refused "$TMP/none.cell" "$TMP/none.cell: No such file or directory"
printf 'cell a\0\n' >"$TMP/nul.cell"
refused "$TMP/nul.cell" "$TMP/nul.cell: holds a NUL byte: not a text file"
# A FIFO, as the configuration or as an image, is no file to read: it
# is refused at once (open(2) waited for a writer for ever).
mkfifo "$TMP/conf/fifo"
refused "$TMP/conf/fifo" "$TMP/conf/fifo: not a regular file"
sed -i 's/gone.elf/fifo/' "$TMP/conf/x.cell"
refused "$TMP/conf/x.cell" "$TMP/conf/x.cell:2: image 'fifo': $TMP/conf/fifo: not a regular file"
# A console file is a claim: opening it truncates it.  Two cells with one
# console overwrote each other's, and a console named after the
# configuration or an image destroyed it; all three were "good".
printf 'cell a\n\timage hello\n\tram 0x0 16M\n\tconsole %s/same.txt\ncell b\n\timage hello\n\tram 0x1000000 16M\n\tconsole %s/conf/../same.txt\n' "$TMP" "$TMP" >"$TMP/same.cell"
refused "$TMP/same.cell" "$TMP/same.cell:8: console $TMP/conf/../same.txt is already the console of cell 'a' (line 4)"
# ... but a device is no file to truncate: two cells may send their
# console to /dev/null (the claim refused it too)
printf 'cell a\n\timage hello\n\tram 0x0 16M\n\tconsole /dev/null\ncell b\n\timage hello\n\tram 0x1000000 16M\n\tconsole /dev/null\n' >"$TMP/null.cell"
"$VMSCOPE" cells --check "$TMP/null.cell" >"$TMP/out" 2>&1 ||
	fail "two cells on /dev/null refused: $(cat "$TMP/out")"
printf 'cell a\n\timage hello\n\tram 0x0 16M\n\tconsole %s/self.cell\n' "$TMP" >"$TMP/self.cell"
cp "$TMP/self.cell" "$TMP/self.want"
refused "$TMP/self.cell" "$TMP/self.cell:4: console $TMP/self.cell is this configuration file"
printf 'cell a\n\timage mine.elf\n\tram 0x0 16M\ncell b\n\timage hello\n\tram 0x1000000 16M\n\tconsole %s/conf/mine.elf\n' "$TMP" >"$TMP/conf/elfc.cell"
refused "$TMP/conf/elfc.cell" "$TMP/conf/elfc.cell:7: console $TMP/conf/mine.elf is the image of cell 'a' (line 2)"
# and running refuses them the same, before anything is written
for f in "$TMP/self.cell" "$TMP/conf/elfc.cell"; do
	run_status "$VMSCOPE" cells --backend soft "$f" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 2 ] || fail "running $f: status $status"
done
cmp -s "$TMP/self.cell" "$TMP/self.want" || fail "running self.cell wrote over it"
cmp -s "$TMP/conf/mine.elf" "$BUILD/guest/exits.elf" || fail "a console wrote over mine.elf"

printf 'cell a\nimage hello\nram 0x0 16M\nrma 1\n' >"$TMP/key.cell"
refused "$TMP/key.cell" "$TMP/key.cell:4: unknown key 'rma'"
echo "PASS"
