# A cell reaches only what it owns (core/cells_own.h), on every backend:
# two control loops (guest rt), one owning the PIC, the PIT and the VGA
# CRTC, the other owning nothing.  The intruder's kernel and loop program
# the PIC and the PIT all the same: every one of those writes is an
# unclaimed access outside its cell, counted and reported with its name,
# never a device - so no tick ever comes and its HLT is the end - while
# the owner's loop runs its 2 s of ticks untouched.
. tests/integration/lib.sh
set -e
cat >"$TMP/own.cell" <<'EOF'
cell owner
	image rt
	ram 0x0 16M
	port 0x20-0x21
	port 0xa0-0xa1
	port 0x40-0x43
	port 0x3d4-0x3d5
	irq 0
cell intruder
	image rt
	ram 0x1000000 16M
EOF
cat >"$TMP/want" <<'EOF'
intruder: exits IO 131, HLT 1
intruder: unclaimed ports: 0 reads, 42 writes (0x3d4, 0x3d5, 0x20, 0xa0, ...), 42 outside the cell
EOF
for backend in $(backends); do
	run_status timeout 120 "$VMSCOPE" cells --backend "$backend" "$TMP/own.cell" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: status $status: $(cat "$TMP/err")"
	grep '^intruder: ' "$TMP/out" | diff "$TMP/want" - ||
		fail "$backend: the intruder's accesses"
	grep -Eq '^intruder +none +132 +[0-9]+ +[0-9.]+  guest halted \(HLT with interrupts on, but no device can raise an unmasked interrupt line\)$' "$TMP/out" ||
		fail "$backend: the intruder's row: $(grep '^intruder ' "$TMP/out")"
	[ "$(grep -c '^\[intruder\] ' "$TMP/out")" -eq 1 ] ||
		fail "$backend: the intruder printed more than its first line"
	grep -Eq '^\[owner\] rt: hz 10000 due [0-9]+ served [0-9]+ ' "$TMP/out" ||
		fail "$backend: the owner's loop did not finish: $(grep '^\[owner\]' "$TMP/out" | tail -3)"
	grep -Eq '^owner +none +[0-9]+ +[0-9]+ +[0-9.]+  guest exited with status 0$' "$TMP/out" ||
		fail "$backend: the owner's row"
	! grep -q '^owner: unclaimed' "$TMP/out" || fail "$backend: the owner touched something it does not own"
done
echo PASS
