# A run without a window does not load SDL2: only `--display sdl` needs it
# (tui/sdl_lib.h loads it then), and the dynamic loader bringing in SDL2's
# chain of libraries at every start was most of the time to a guest's
# first console byte.  The loader's own report (LD_DEBUG=files) lists
# every library it maps: capstone (linked) must be there - the report
# works - and no libSDL2.
. tests/integration/lib.sh
set -e
LD_DEBUG=files "$VMSCOPE" trace --backend soft hello >/dev/null 2>"$TMP/loader"
grep -q 'file=libcapstone' "$TMP/loader" ||
	fail "the loader's report names no capstone: $(head -n 5 "$TMP/loader")"
! grep 'file=libSDL2' "$TMP/loader" || fail "trace loaded SDL2"
LD_DEBUG=files "$VMSCOPE" run --batch --backend soft hello >/dev/null 2>"$TMP/loader"
! grep 'file=libSDL2' "$TMP/loader" || fail "run --batch loaded SDL2"
echo "PASS: start libs"
