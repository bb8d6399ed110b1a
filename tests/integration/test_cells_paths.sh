#!/bin/sh
# Every path a .cell file names is relative to the file's folder, as its
# image always was: a `console out.txt` of conf/rel.cell is conf/out.txt
# whatever the working directory (it was the working directory's
# out.txt), and the checker compares that file with the images and the
# configuration (`console mine.elf` beside `image mine.elf` is refused from
# any folder); an absolute console stays as written.
. tests/integration/lib.sh
set -e
case $VMSCOPE in /*) ;; *) VMSCOPE=$PWD/$VMSCOPE ;; esac
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
mkdir "$TMP/conf" "$TMP/work"
"$VMSCOPE" trace --backend soft hello 2>&1 >/dev/null |
	grep -v '^vmscope: ' >"$TMP/hello.console"

printf 'cell a\n\timage hello\n\tram 0x0 16M\n\tconsole out.txt\n' >"$TMP/conf/rel.cell"
# from another folder, the .cell file named by its absolute path
(cd "$TMP/work" && "$VMSCOPE" cells --backend soft "$TMP/conf/rel.cell") \
	>"$TMP/out" 2>"$TMP/err" || fail "status $?: $(cat "$TMP/err")"
[ ! -e "$TMP/work/out.txt" ] || fail "the console went to the working directory"
diff "$TMP/hello.console" "$TMP/conf/out.txt" ||
	fail "conf/out.txt is not the cell's console"
# from the folder above, by a relative name
rm "$TMP/conf/out.txt"
(cd "$TMP" && "$VMSCOPE" cells --backend soft conf/rel.cell) \
	>"$TMP/out" 2>"$TMP/err" || fail "status $?: $(cat "$TMP/err")"
[ ! -e "$TMP/out.txt" ] || fail "the console went to the working directory"
diff "$TMP/hello.console" "$TMP/conf/out.txt" ||
	fail "conf/out.txt (from the folder above) is not the cell's console"

# the checker looks at the file the console is: an image of conf/
cp "$BUILD/guest/exits.elf" "$TMP/conf/mine.elf"
printf 'cell a\n\timage mine.elf\n\tram 0x0 16M\ncell b\n\timage hello\n\tram 0x1000000 16M\n\tconsole mine.elf\n' >"$TMP/conf/elfc.cell"
run_status sh -c 'cd "$1/work" && "$2" cells --check ../conf/elfc.cell' sh "$TMP" "$VMSCOPE" \
	>"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "console mine.elf beside image mine.elf: status $status"
[ "$(cat "$TMP/err")" = "../conf/elfc.cell:7: console mine.elf is the image of cell 'a' (line 2)" ] ||
	fail "console mine.elf: said '$(cat "$TMP/err")'"
cmp -s "$TMP/conf/mine.elf" "$BUILD/guest/exits.elf" || fail "a console wrote over mine.elf"

# an absolute console is as written
printf 'cell a\n\timage hello\n\tram 0x0 16M\n\tconsole %s/abs.txt\n' "$TMP/work" >"$TMP/conf/abs.cell"
(cd / && "$VMSCOPE" cells --backend soft "$TMP/conf/abs.cell") \
	>"$TMP/out" 2>"$TMP/err" || fail "status $?: $(cat "$TMP/err")"
diff "$TMP/hello.console" "$TMP/work/abs.txt" || fail "the absolute console"

# a .cell path of 256 bytes or more is refused: cut, its folder was an
# ancestor's and the console was written there
d=$TMP/deep
while [ ${#d} -lt 420 ]; do d=$d/dddddddddddddddddddddddddddddddddddddddd; done
mkdir -p "$d"
printf 'cell a\n\timage hello\n\tram 0x0 16M\n\tconsole deep.txt\n' >"$d/x.cell"
run_status "$VMSCOPE" cells --backend soft "$d/x.cell" >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "a ${#d}-byte folder: status $status"
[ "$(cat "$TMP/err")" = "$d/x.cell: a path of $((${#d} + 7)) bytes; a .cell file's path has at most 255" ] ||
	fail "a long path: said '$(cat "$TMP/err")'"
[ -z "$(find "$TMP/deep" -name deep.txt)" ] || fail "a console was written: $(find "$TMP/deep" -name deep.txt)"
echo "PASS: a .cell file's paths are relative to its folder"
