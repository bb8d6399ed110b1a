# make install PREFIX=/usr/local DESTDIR=...: the binary, the man page
# vmscope(1) and the bash completion land under DESTDIR; the installed
# binary runs a guest on its own (the guests are inside it); `man -l`
# renders the page without a warning and it names every command and every
# option of every command (`vmscope --list-options`, the option table);
# the completion completes commands, options, option values and guest
# names; make uninstall takes the three files away again.
. tests/integration/lib.sh
set -e
for tool in man bash make; do
	command -v $tool >/dev/null 2>&1 ||
		{ echo "SKIP: no $tool here (scripts/deps.sh check installs it)"; exit 77; }
done
root=$TMP/root
bin=$root/usr/local/bin/vmscope
page=$root/usr/local/share/man/man1/vmscope.1
completion=$root/usr/local/share/bash-completion/completions/vmscope
mk() { env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory B="$BUILD" \
	DESTDIR="$root" PREFIX=/usr/local "$@"; }

mk install >"$TMP/make.out" 2>&1 || fail "make install: $(cat "$TMP/make.out")"
[ -x "$bin" ] || fail "no executable $bin"
[ -f "$page" ] || fail "no man page $page"
[ -f "$completion" ] || fail "no bash completion $completion"

# The installed binary, away from the source tree, runs hello.
(cd "$TMP" && "$bin" trace --backend soft --serial serial hello >trace 2>err) ||
	fail "the installed binary could not trace hello: $(cat "$TMP/err")"
grep -q "Hello" "$TMP/serial" || fail "the installed binary's hello printed no Hello"
"$bin" --version | grep -qx "vmscope [0-9.]*" || fail "the installed binary has no --version"

# The man page: rendered without warnings, naming every command and option.
LC_ALL=C MANWIDTH=100 man --warnings -l "$page" >"$TMP/man.txt" 2>"$TMP/man.err" ||
	fail "man -l failed: $(cat "$TMP/man.err")"
[ ! -s "$TMP/man.err" ] || fail "man -l warned: $(cat "$TMP/man.err")"
grep -q "^NAME" "$TMP/man.txt" || fail "man -l rendered no NAME section"
for opt in --version --list-commands --list-options; do
	grep -qE -- "(^|[^-a-z])$opt([^-a-z]|\$)" "$TMP/man.txt" || fail "the man page does not name vmscope $opt"
done
for cmd in $("$bin" --list-commands | cut -d' ' -f1); do
	grep -qE "^ +$cmd( |\$)" "$TMP/man.txt" || fail "the man page does not describe the command $cmd"
	"$bin" --list-options "$cmd" >"$TMP/options"
	while read -r name arg; do
		grep -qE -- "(^|[^-a-z])$name([^-a-z]|\$)" "$TMP/man.txt" ||
			fail "the man page does not name $cmd's option $name"
	done <"$TMP/options"
done

# The completion, as bash runs it for a word typed so far.
complete_words() { # words... (the last is the one being completed)
	PATH="$root/usr/local/bin:$PATH" bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_vmscope
		printf "%s\n" "${COMPREPLY[@]}"' sh "$completion" "$@" | sort
}
expect_words() { # expected (one line, sorted, space-separated) words...
	want=$1
	shift
	got=$(complete_words "$@" | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "completing '$*': got '$got', not '$want'"
}
mkdir "$TMP/empty"
cd "$TMP/empty"   # no file here: a GUEST completes to guest names only
expect_words "trace" vmscope tr
expect_words "guests" vmscope gu
expect_words "echo exits" vmscope trace --backend soft e
expect_words "hello" vmscope run he
expect_words "auto kvm soft" vmscope trace --backend ""
expect_words "mmio ram" vmscope run --vga ""
expect_words "--max-exits" vmscope trace --max
expect_words "--require" vmscope doctor --req
expect_words "trace" vmscope help tra
expect_words "printf" vmscope lesson pri
expect_words "hello" vmscope lesson --guest hel
expect_words "" vmscope trace --max-exits ""
guests=$("$bin" guests | cut -d' ' -f1 | sort | tr '\n' ' ' | sed 's/ $//')
expect_words "$guests" vmscope trace ""
cd - >/dev/null

mk uninstall >"$TMP/make.out" 2>&1 || fail "make uninstall: $(cat "$TMP/make.out")"
for f in "$bin" "$page" "$completion"; do
	[ ! -e "$f" ] || fail "make uninstall left $f"
done
echo PASS
