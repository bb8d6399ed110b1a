# A run without a window does not load SDL2: only `--display sdl` needs it
# (tui/sdl_lib.h loads it then), and the dynamic loader bringing in SDL2's
# chain of libraries at every start was most of the time to a guest's
# first console byte.  Nor capstone: it is linked into vmscope (the
# Makefile says why).  The loader's own report (LD_DEBUG=files) lists every
# library it maps: ncurses (linked) must be there - the report works - and
# no libSDL2, no libcapstone.
. tests/integration/lib.sh
set -e
LD_DEBUG=files "$VMSCOPE" trace --backend soft hello >/dev/null 2>"$TMP/loader"
grep -q 'file=libncursesw' "$TMP/loader" ||
	fail "the loader's report names no ncurses: $(head -n 5 "$TMP/loader")"
! grep 'file=libSDL2' "$TMP/loader" || fail "trace loaded SDL2"
! grep 'file=libcapstone' "$TMP/loader" || fail "trace loaded libcapstone.so"
LD_DEBUG=files "$VMSCOPE" run --batch --backend soft hello >/dev/null 2>"$TMP/loader"
! grep 'file=libSDL2' "$TMP/loader" || fail "run --batch loaded SDL2"
echo "PASS: start libs"
