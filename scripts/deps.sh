#!/bin/sh
# scripts/deps.sh - make sure what a make target needs is here.
#
# Usage: deps.sh build    what `make` and `make run` need: the compiler
#                         and binutils, pkg-config, and the libraries
#                         vmscope links (curses, SDL2, capstone)
#        deps.sh check    that, and what only `make check` needs: cmocka
#                         for the unit tests, tmux and python3 for the
#                         screen and integration tests, man for the man
#                         page's test
#        deps.sh fuzz     what `make` needs, and clang with its libFuzzer
#                         runtime for `make fuzz` (nothing else needs clang)
#
# Nothing missing: silent, status 0.  Something missing: as root on a
# Debian-like system (Debian, Ubuntu, ...: /etc/os-release says so) it
# says what it is about to install, then installs it with apt-get;
# otherwise it names what is missing - with the `sudo apt-get install`
# line on a Debian-like system only - and fails, so the build never
# half-works.  DEPS_OS_RELEASE names another os-release file (for tests).
set -u

build_tools="gcc make ld objcopy pkg-config"
build_modules="ncursesw sdl2 capstone"
check_tools="tmux python3 man"
check_modules="cmocka"

# The Debian package that brings a tool or a pkg-config module.
package_for() {
	case "$1" in
	ncursesw) echo libncurses-dev ;;
	sdl2) echo libsdl2-dev ;;
	capstone) echo libcapstone-dev ;;
	cmocka) echo libcmocka-dev ;;
	ld|objcopy) echo binutils ;;
	man) echo man-db ;;
	*) echo "$1" ;;
	esac
}

debian_like() {
	grep -E '^(ID|ID_LIKE)=' "${DEPS_OS_RELEASE:-/etc/os-release}" 2>/dev/null |
		grep -qw debian
}

case "${1:-}" in
build) tools=$build_tools modules=$build_modules target="make" ;;
check) tools="$build_tools $check_tools" modules="$build_modules $check_modules"
	target="make check" ;;
fuzz) tools="$build_tools clang" modules=$build_modules target="make fuzz" ;;
*) echo "usage: scripts/deps.sh build|check|fuzz" >&2; exit 2 ;;
esac

missing="" packages=""
for tool in $tools; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		missing="$missing $tool"
		packages="$packages $(package_for "$tool")"
	fi
done
# libFuzzer is only recommended by Debian's clang: look for its library.
if [ "$1" = fuzz ] && [ ! -e "$(clang --print-runtime-dir 2>/dev/null)/libclang_rt.fuzzer-x86_64.a" ]; then
	missing="$missing libFuzzer"
	packages="$packages libclang-rt-dev"
fi
for module in $modules; do
	if ! command -v pkg-config >/dev/null 2>&1 ||
	   ! pkg-config --exists "$module"; then
		missing="$missing $module"
		packages="$packages $(package_for "$module")"
	fi
done
[ -z "$missing" ] && exit 0
missing=$(echo $missing)
packages=$(printf '%s\n' $packages | sort -u | tr '\n' ' ' | sed 's/ *$//')

if debian_like && [ "$(id -u)" = 0 ]; then
	echo "deps: $target needs $missing; about to install: $packages"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null &&
	apt-get install -y -q --no-install-recommends $packages >/dev/null ||
		{ echo "deps: apt-get install $packages failed" >&2; exit 1; }
	echo "deps: installed $packages"
	exit 0
fi
echo "deps: $target needs $missing, missing here." >&2
if debian_like; then
	echo "Install them with:" >&2
	echo "    sudo apt-get install $packages" >&2
else
	echo "Install them (tools, and pkg-config modules with their headers)" \
	     "with this system's package manager." >&2
fi
exit 1
