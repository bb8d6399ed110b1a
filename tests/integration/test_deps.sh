# scripts/deps.sh in a made-up system (a PATH of stubs, an os-release file):
# `build` asks only for what `make` and `make run` need, `check` adds
# cmocka, tmux, python3 and man, `fuzz` clang and libFuzzer; on a
# Debian-like system as root it says what it is about to install before
# apt-get runs; `sudo apt-get` is
# printed on Debian-like systems only; a non-Debian system is told what
# is missing without apt-get.
. tests/integration/lib.sh
set -e
bin=$TMP/bin
mkdir "$bin"
for tool in sh grep sort tr sed cat; do
	ln -s "$(command -v $tool)" "$bin/$tool"
done
stub() { # name body
	printf '#!/bin/sh\n%s\n' "$2" >"$bin/$1"
	chmod +x "$bin/$1"
}
for tool in gcc make ld objcopy; do stub $tool "exit 0"; done
# pkg-config --exists MODULE: there unless listed in $MISSING
stub pkg-config 'case " $MISSING " in *" $2 "*) exit 1 ;; esac; exit 0'
stub id 'echo "${FAKE_UID:-1000}"'
stub apt-get 'echo "apt-get $*" >>"$APT_LOG"; echo "APT-GET RAN: $*"'
printf 'ID=debian\n' >"$TMP/debian"
printf 'ID=ubuntu\nID_LIKE=debian\n' >"$TMP/ubuntu"
printf 'ID=fedora\n' >"$TMP/fedora"

deps() { # os-release missing-modules uid args...
	os=$1 missing=$2 uid=$3
	shift 3
	: >"$TMP/apt.log"
	run_status env PATH="$bin" DEPS_OS_RELEASE="$TMP/$os" MISSING="$missing" \
		FAKE_UID=$uid APT_LOG="$TMP/apt.log" sh scripts/deps.sh "$@" >"$TMP/out" 2>&1
}

# No tmux, python3, man or cmocka: nothing that `make run` needs.
deps debian "cmocka" 1000 build
[ "$status" -eq 0 ] || fail "build: exit $status without the check-only tools: $(cat "$TMP/out")"
[ ! -s "$TMP/out" ] || fail "build: said $(cat "$TMP/out")"

# ... but `make check` needs them: the sudo line, on Debian and Ubuntu.
for os in debian ubuntu; do
	deps $os "cmocka" 1000 check
	[ "$status" -eq 1 ] || fail "check on $os: exit $status"
	grep -qx "    sudo apt-get install libcmocka-dev man-db python3 tmux" "$TMP/out" ||
		fail "check on $os: no apt-get line: $(cat "$TMP/out")"
	[ ! -s "$TMP/apt.log" ] || fail "check on $os: apt-get ran without root"
done

# Only `make fuzz` needs clang and its libFuzzer (this PATH has no clang).
deps debian "" 1000 fuzz
[ "$status" -eq 1 ] || fail "fuzz: exit $status without clang"
grep -qx "    sudo apt-get install clang libclang-rt-dev" "$TMP/out" ||
	fail "fuzz: no apt-get line for clang: $(cat "$TMP/out")"

# Not Debian: what is missing, and no apt-get.
deps fedora "sdl2" 1000 build
[ "$status" -eq 1 ] || fail "build on fedora: exit $status"
grep -q "make needs sdl2" "$TMP/out" || fail "build on fedora: $(cat "$TMP/out")"
! grep -q "apt-get" "$TMP/out" || fail "build on fedora mentions apt-get: $(cat "$TMP/out")"
deps fedora "sdl2" 0 build
[ "$status" -eq 1 ] && [ ! -s "$TMP/apt.log" ] || fail "build on fedora as root: apt-get ran"

# Root on Debian: says what it will install, then installs exactly that.
deps debian "sdl2 capstone" 0 build
[ "$status" -eq 0 ] || fail "build as root: exit $status: $(cat "$TMP/out")"
first=$(head -n 1 "$TMP/out")
[ "$first" = "deps: make needs sdl2 capstone; about to install: libcapstone-dev libsdl2-dev" ] ||
	fail "build as root: first said '$first'"
grep -qx "apt-get install -y -q --no-install-recommends libcapstone-dev libsdl2-dev" "$TMP/apt.log" ||
	fail "build as root: apt-get was run as: $(cat "$TMP/apt.log")"
echo PASS
