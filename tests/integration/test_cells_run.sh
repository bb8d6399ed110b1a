# `vmscope cells FILE`: two guests at once in one vmscope, each a cell with
# its own machine and vCPU thread, on every backend: each cell's console
# comes out whole and apart (every line labelled with its cell, each
# cell's lines exactly what the guest prints when run alone), the table
# says how each ended and what each cell's exits were (by reason, and the
# accesses outside the cell, which owns no port); pinned to the host's
# CPUs when it has two; a console of its own in a file (a FIFO only with
# its reader); a CPU the host
# lacks refused at start; --seconds and SIGTERM stop a cell that never
# ends.
. tests/integration/lib.sh
set -e
alone() { # guest -> its console when traced alone, the end note dropped
	"$VMSCOPE" trace --backend soft "$1" 2>&1 >/dev/null | grep -v '^vmscope: '
}
alone hello >"$TMP/hello.console"
alone exits >"$TMP/exits.console"

cat >"$TMP/exits.want" <<'EOF'
left: exits IO 94
left: unclaimed ports: 0 reads, 8 writes (0x3d4, 0x3d5), 8 outside the cell
right: exits IO 675, HLT 1, MMIO 2
right: unclaimed ports: 0 reads, 24 writes (0x3d4, 0x3d5), 24 outside the cell
right: unclaimed MMIO: 1 read, 1 write (0xd0000000), 2 outside the cell
EOF

cells() { # backend cpu-left cpu-right [console-right]
	cat >"$TMP/t.cell" <<CELL
cell left
	image hello
	ram 0x0 16M
	cpu $2
cell right
	image exits
	ram 0x1000000 16M
	cpu $3
	console ${4:-stdout}
CELL
	run_status "$VMSCOPE" cells --backend "$1" "$TMP/t.cell" >"$TMP/out" 2>"$TMP/err"
}

check_apart() { # label cpu-left cpu-right
	[ "$status" -eq 0 ] || fail "$1: status $status: $(cat "$TMP/err")"
	sed -n 's/^\[left\] //p' "$TMP/out" | diff "$TMP/hello.console" - ||
		fail "$1: the left cell's console is not hello's"
	sed -n 's/^\[right\] //p' "$TMP/out" | diff "$TMP/exits.console" - ||
		fail "$1: the right cell's console is not exits'"
	# nothing else but the table - its header and one row per cell - and
	# what each cell's exits were: neither owns a port, so the kernel's
	# cursor moves on the VGA CRTC and exits' MMIO reach no device
	grep -v '^\[left\] \|^\[right\] ' "$TMP/out" >"$TMP/rest"
	sed -n '4,$p' "$TMP/rest" | diff - "$TMP/exits.want" ||
		fail "$1: the cells' exits, unclaimed accesses"
	[ "$(sed -n 1p "$TMP/rest")" = "cell       cpu        exits    exits/s  seconds  end" ] ||
		fail "$1: no table header: $(cat "$TMP/rest")"
	sed -n 2p "$TMP/rest" | grep -Eq "^left +$2 +[0-9]+ +[0-9]+ +[0-9.]+  guest exited with status 0$" ||
		fail "$1: left row: $(sed -n 2p "$TMP/rest")"
	sed -n 3p "$TMP/rest" | grep -Eq "^right +$3 +[0-9]+ +[0-9]+ +[0-9.]+  guest halted \(HLT with interrupts off\)$" ||
		fail "$1: right row: $(sed -n 3p "$TMP/rest")"
}

for backend in $(backends); do
	cells "$backend" none none
	check_apart "$backend" none none
	if [ "$(nproc)" -ge 2 ]; then
		cells "$backend" 0 1
		check_apart "$backend, pinned" 0 1
	else
		echo "note: one CPU here: the pinned run is skipped" >&2
	fi
	cells "$backend" none none "$TMP/right.console"
	[ "$status" -eq 0 ] || fail "$backend: console FILE: status $status"
	diff "$TMP/exits.console" "$TMP/right.console" ||
		fail "$backend: the right cell's console file is not exits' output"
	! grep -q '^\[right\]' "$TMP/out" || fail "$backend: console FILE: right's lines on stdout too"

	cells "$backend" none 1000
	[ "$status" -eq 1 ] || fail "$backend: cpu 1000: status $status"
	grep -qx "vmscope cells: cell right: cannot pin its vCPU thread to CPU 1000: Invalid argument" "$TMP/err" ||
		fail "$backend: cpu 1000: $(cat "$TMP/err")"
done

# A console FIFO nobody reads is refused, not waited for (open(2) waited
# for a reader for ever); with its reader, the console goes through it.
mkfifo "$TMP/fifo"
printf 'cell a\n\timage hello\n\tram 0x0 16M\n\tconsole %s\n' "$TMP/fifo" >"$TMP/f.cell"
run_status timeout 60 "$VMSCOPE" cells --backend soft "$TMP/f.cell" >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 1 ] || fail "console FIFO with no reader: status $status"
[ "$(cat "$TMP/err")" = "vmscope cells: cell a: console $TMP/fifo: a FIFO with no reader (start its reader first)" ] ||
	fail "console FIFO with no reader: said '$(cat "$TMP/err")'"
run_with_fifo_reader "$TMP/fifo" "$TMP/from_fifo" \
	timeout 60 "$VMSCOPE" cells --backend soft "$TMP/f.cell"
[ "$status" -eq 0 ] || fail "console FIFO with a reader: status $status: $(cat "$TMP/err")"
diff "$TMP/hello.console" "$TMP/from_fifo" || fail "console FIFO: the reader got another text"

# A cell that never ends: --seconds stops it, and so does a signal (the
# shell's status for it), each said in its row.
printf 'cell n\n\timage noise\n\tram 0x0 16M\n\tconsole none\n' >"$TMP/n.cell"
run_status "$VMSCOPE" cells --backend soft --seconds 1 "$TMP/n.cell" >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 0 ] || fail "--seconds: status $status: $(cat "$TMP/err")"
grep -Eq '^n +none +[0-9]+ +[0-9]+ +[0-9.]+  stopped after --seconds$' "$TMP/out" ||
	fail "--seconds: $(cat "$TMP/out")"
run_status timeout --preserve-status -s TERM 2 "$VMSCOPE" cells --backend soft "$TMP/n.cell" >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 143 ] || fail "SIGTERM: status $status: $(cat "$TMP/err")"
grep -Eq '^n +none +[0-9]+ +[0-9]+ +[0-9.]+  stopped by SIGTERM$' "$TMP/out" ||
	fail "SIGTERM: $(cat "$TMP/out")"
echo "PASS"
