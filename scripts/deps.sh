#!/bin/sh
# scripts/deps.sh - make sure the build's Debian packages are here.
#
# Usage: deps.sh PKG-CONFIG-NAME...   (e.g. ncursesw sdl2 capstone cmocka)
# Checks the tools and each pkg-config module; when something is missing and
# we are root on Debian, installs it with apt-get; otherwise prints the exact
# apt-get line and fails, so the build never half-works.
set -u

package_for() {
	case "$1" in
	ncursesw) echo libncurses-dev ;;
	sdl2) echo libsdl2-dev ;;
	capstone) echo libcapstone-dev ;;
	cmocka) echo libcmocka-dev ;;
	gcc) echo gcc ;;
	make) echo make ;;
	ld|objcopy) echo binutils ;;
	pkg-config) echo pkg-config ;;
	tmux) echo tmux ;;
	python3) echo python3 ;;
	*) echo "$1" ;;
	esac
}

missing=""
for tool in gcc make ld objcopy pkg-config tmux python3; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $(package_for "$tool")"
done
for module in "$@"; do
	if ! command -v pkg-config >/dev/null 2>&1 ||
	   ! pkg-config --exists "$module"; then
		missing="$missing $(package_for "$module")"
	fi
done
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ' | sed 's/ *$//')
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ]; then
	echo "deps: installing missing packages: $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null &&
	apt-get install -y -q --no-install-recommends $missing >/dev/null ||
		{ echo "deps: apt-get install $missing failed" >&2; exit 1; }
	exit 0
fi
echo "deps: missing packages. Install them with:" >&2
echo "    sudo apt-get install $missing" >&2
exit 1
