# A run without a window does not load SDL2: only `--display sdl` needs it
# (tui/sdl_lib.h loads it then), and the dynamic loader bringing in SDL2's
# chain of libraries at every start was most of the time to a guest's
# first console byte.  Nor capstone, nor ncurses: they are linked into
# vmscope (the Makefile says why), so the loader maps libc alone.  The
# loader's own report (LD_DEBUG=files) lists every library it maps: libc
# must be there - the report works - and no libSDL2, no libcapstone, no
# libncursesw, no libtinfo.
. tests/integration/lib.sh
set -e
LD_DEBUG=files "$VMSCOPE" trace --backend soft hello >/dev/null 2>"$TMP/loader"
grep -q 'file=libc\.so' "$TMP/loader" ||
	fail "the loader's report names no libc: $(head -n 5 "$TMP/loader")"
! grep 'file=libSDL2' "$TMP/loader" || fail "trace loaded SDL2"
! grep 'file=libcapstone' "$TMP/loader" || fail "trace loaded libcapstone.so"
! grep 'file=libncurses' "$TMP/loader" || fail "trace loaded libncursesw.so"
! grep 'file=libtinfo' "$TMP/loader" || fail "trace loaded libtinfo.so"
LD_DEBUG=files "$VMSCOPE" run --batch --backend soft hello >/dev/null 2>"$TMP/loader"
! grep 'file=libSDL2' "$TMP/loader" || fail "run --batch loaded SDL2"
! grep 'file=libncurses' "$TMP/loader" || fail "run --batch loaded libncursesw.so"
echo "PASS: start libs"
