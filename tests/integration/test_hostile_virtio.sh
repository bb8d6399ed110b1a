# A hostile virtio driver (tests/guests/virtio_hostile.S) on every backend
# and every receive path: each broken rule is refused or marks the card
# broken until reset, with exactly these lines on stderr in this order;
# the guest sees DEVICE_NEEDS_RESET where it should, resets the card each
# time, and a good chain at the end gets its frame (status 0).
. tests/integration/lib.sh
set -e
cat >"$TMP/expected" <<'EOF2'
vmscope: virtio-net: 8-bit read of register 0x070: the registers take aligned 32-bit accesses only
vmscope: virtio-net: kick of queue 7, which does not exist: ignored
vmscope: virtio-net: queue register 0x080 written for queue 0, which is ready: refused
vmscope: virtio-net: broken until reset: receive queue: descriptor 0 comes twice in one chain (a loop)
vmscope: virtio-net: broken until reset: receive queue: available index went from 0 to 100: more than the queue size 8
vmscope: virtio-net: broken until reset: receive queue: descriptor 0: buffer at 0x3fff0000 + 4096 is past the end of RAM
vmscope: virtio-net: broken until reset: receive queue: descriptor 0: readable buffer in a chain the device only writes (a receive queue)
vmscope: virtio-net: broken until reset: receive queue: descriptor 0: buffer at 0x302000 + 64 lies on the queue's own rings
vmscope: virtio-net: broken until reset: queue 0: queue size 6 is not a power of two from 1 to 256
vmscope: guest exited with status 0
EOF2
for backend in $(backends); do
	for path in emulated vhost zerocopy; do
		run_status "$VMSCOPE" trace --backend $backend --net gen \
			--net-path $path "$BUILD/tests/guests/virtio_hostile.elf" \
			>/dev/null 2>"$TMP/err"
		[ "$status" -eq 0 ] || fail "$backend $path: status $status: $(cat "$TMP/err")"
		diff "$TMP/expected" "$TMP/err" || fail "$backend $path: stderr differs"
	done
done
