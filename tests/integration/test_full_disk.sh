#!/bin/sh
# A file a person names is written whole or not at all (core/whole_file.h):
# on a full disk (a small tmpfs) the old `cells --svg` picture and the old
# `run --stats-file` and bench/net_paths' curves are as they were, the
# error says so, and no temporary file is left beside them (--svg emptied
# the old picture first and then failed: both pictures were lost, and the
# failure was said as an I/O error; net_paths said nothing).  With room, the new picture takes the
# old one's place, keeping its permissions and a link to it.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
disk=$TMP/disk
mkdir "$disk"
if ! why=$(mount -t tmpfs -o size=256k tmpfs "$disk" 2>&1); then
	echo "SKIP: no small tmpfs to fill (mount: $why)"
	exit 77
fi
TUI_AT_EXIT='umount "$disk" 2>/dev/null || true'
trap 'eval "$TUI_AT_EXIT"; rm -rf "$TMP"' EXIT

# The disk full but for $1 KiB.
fill() {
	rm -f "$disk/fill"
	head -c 1M /dev/zero >"$disk/fill" 2>/dev/null || true
	truncate -s "-$1K" "$disk/fill"
}

# $1 failed on the full disk: status 1, the last line of $TMP/err $2, the
# file $disk/$3 the same as $TMP/old, and nothing else beside it.
kept_whole() { # what message name
	[ "$status" -eq 1 ] || fail "$1 on a full disk: status $status"
	[ "$(tail -n 1 "$TMP/err")" = "$2" ] ||
		fail "$1 on a full disk: said '$(tail -n 1 "$TMP/err")'"
	cmp -s "$TMP/old" "$disk/$3" || fail "$1 on a full disk: the old file was lost"
	[ "$(ls "$disk")" = "$(printf 'fill\n%s' "$3")" ] ||
		fail "$1 on a full disk left: $(ls "$disk")"
}

svg() { # file
	run_status "$VMSCOPE" cells --backend soft --compare 1 --until rt \
		--svg "$1" cells/rt-noise.cell >"$TMP/out" 2>"$TMP/err"
}

printf '<svg>the old picture</svg>\n' >"$TMP/old"
cp "$TMP/old" "$disk/h.svg"
fill 32   # the picture is some 90 KiB
svg "$disk/h.svg"
kept_whole --svg "vmscope cells: --svg $disk/h.svg: No space left on device (the file is as it was)" h.svg

# with room: the new picture, through a link, the old permissions kept
rm "$disk/fill"
chmod 640 "$disk/h.svg"
ln -s h.svg "$disk/link.svg"
svg "$disk/link.svg"
[ "$status" -eq 0 ] || fail "--svg: status $status: $(cat "$TMP/err")"
[ -L "$disk/link.svg" ] || fail "--svg: the link was replaced by a file"
grep -q "injection: median" "$disk/h.svg" || fail "--svg: no new picture"
[ "$(stat -c %a "$disk/h.svg")" = 640 ] ||
	fail "--svg: permissions $(stat -c %a "$disk/h.svg"), not 640"
[ "$(ls "$disk")" = "$(printf 'h.svg\nlink.svg')" ] || fail "--svg left: $(ls "$disk")"

# bench/net_paths' curves (make bench): the old picture whole, the
# failure said (it was emptied, and the bench said it had drawn them)
rm "$disk/link.svg"
cp "$TMP/old" "$disk/h.svg"
fill 0
run_status "$BUILD/bench/net_paths" "$disk/h.svg" >"$TMP/out" 2>"$TMP/err"
kept_whole net_paths "net_paths: $disk/h.svg: No space left on device (no curves drawn)" h.svg

# --stats-file on a full disk: the old one whole, the failure said
rm "$disk/h.svg"
echo "the old stats" >"$TMP/old"
cp "$TMP/old" "$disk/stats"
fill 0
tui_run_quit --backend soft --stats-file "$disk/stats" hello
status=$(tui_screen | sed -n 's/^DONE-\([0-9]*\)$/\1/p')
tui_screen | grep -F -- --stats-file >"$TMP/err"
kept_whole --stats-file "vmscope run: --stats-file $disk/stats: No space left on device (the file is as it was)" stats
echo "PASS: a full disk leaves the old files whole"
