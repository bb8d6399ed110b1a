#!/bin/sh
# bench/peers.sh - `make bench-peers`: make sure the peers are there, then
# run bench/peers.c with those that are.  As root with apt-get, a missing
# QEMU (qemu-system-x86) or Bochs (bochs, bochsbios, vgabios) is installed
# from the distribution; otherwise each missing peer is named with what to
# install, on a line "bench: <peer> skipped: <why>", and left out.
set -u
build=$1
peers=""

# have PEER COMMAND PACKAGES...: the peer's program, installed if we may
have() {
	peer=$1 cmd=$2
	shift 2
	if ! command -v "$cmd" >/dev/null 2>&1 && [ "$(id -u)" = 0 ] &&
	   command -v apt-get >/dev/null 2>&1; then
		echo "bench-peers: installing $* (apt-get)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "$@" >/dev/null 2>&1
	fi
	if command -v "$cmd" >/dev/null 2>&1; then
		peers="$peers $peer"
	elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: $peer skipped: $cmd not found, and apt-get install" \
		     "$* did not provide it"
	elif [ "$(id -u)" = 0 ]; then
		echo "bench: $peer skipped: $cmd not found, and no apt-get" \
		     "to install it with (the Debian packages: $*)"
	else
		echo "bench: $peer skipped: $cmd not found (as root," \
		     "make bench-peers installs it: apt-get install $*)"
	fi
}

have qemu qemu-system-x86_64 qemu-system-x86
have bochs bochs bochs bochsbios vgabios
"$build/bench/peers" "$build" 3 $peers
