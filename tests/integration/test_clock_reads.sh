# The clock per exit (core/vm.h): the tracer reads CLOCK_MONOTONIC twice
# per exit - when the guest exits, and when the exit has been handled,
# which is also the next run's resume instant - when nothing can make it
# wait between exits (its output a file or /dev/null).  With the trace
# going into a pipe, a write may wait for the reader, so the resume
# instant is read afresh: three.  Counted exactly: an LD_PRELOAD library
# (clock_count.c) counts every read of the process; the difference
# between 2000 and 1000 exits of portloop is 1000 exits' reads.  The
# plain binary: the sanitizers' runtime must be the first library loaded
# and refuses to run after an LD_PRELOAD one.
. tests/integration/lib.sh
set -e
lib="$BUILD/tests/clock_count.so"
[ -f "$lib" ] || fail "no $lib"
VMSCOPE="$BUILD/vmscope"

# reads BACKEND EXITS OUT: the process's reads, its trace into OUT
reads() {
	CLOCK_COUNT_OUT="$TMP/count" LD_PRELOAD="$lib" "$VMSCOPE" trace \
		--backend "$1" --max-exits "$2" portloop >"$3" 2>/dev/null ||
		true
	sed -n 's/^clock_reads //p' "$TMP/count"
}

# per_exit BACKEND OUT: reads per exit, from 1000 exits more
per_exit() {
	a=$(reads "$1" 1000 "$2")
	b=$(reads "$1" 2000 "$2")
	[ -n "$a" ] && [ -n "$b" ] || fail "$1: no count from $lib"
	echo $(((b - a) / 1000)) $(((b - a) % 1000))
}

# piped BACKEND EXITS: the process's reads, its trace into a pipe
piped() {
	CLOCK_COUNT_OUT="$TMP/count" LD_PRELOAD="$lib" "$VMSCOPE" trace \
		--backend "$1" --max-exits "$2" portloop 2>/dev/null | cat >/dev/null
	sed -n 's/^clock_reads //p' "$TMP/count"
}

for b in $(backends); do
	set -- $(per_exit "$b" "$TMP/trace")
	[ "$1 $2" = "2 0" ] ||
		fail "$b: $1 clock reads per exit (+$2 in 1000) to a file, not 2"
	grep -q 'IO(2)' "$TMP/trace" || fail "$b: no trace in the file"
	set -- $(per_exit "$b" /dev/null)
	[ "$1 $2" = "2 0" ] ||
		fail "$b: $1 clock reads per exit (+$2 in 1000) to /dev/null, not 2"
	a=$(piped "$b" 1000)
	c=$(piped "$b" 2000)
	[ $((c - a)) = 3000 ] ||
		fail "$b: $((c - a)) clock reads for 1000 exits into a pipe, not 3000"
	echo "ok: $b: 2 clock reads per exit to a file or /dev/null, 3 to a pipe"
done
echo "PASS: clock reads"
