# The tracer's options: --max-exits bounds the run, --step waits for Enter
# after each exit and 'q' stops, --step-insn stops after every
# instruction, and bad usage (of trace's options, doctor's --require, or
# no such command) exits 2 with a message.  On every backend.
# Then the options trace and run share: each bad value is refused by both
# commands with the same message, and --help shows them.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --max-exits 5 --serial /dev/null hello \
		>"$TMP/trace" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: --max-exits: exit status $status"
	[ "$(grep -c '^ *[0-9]\+ .* L1 ' "$TMP/trace")" -eq 5 ] || fail "$backend: --max-exits 5 did not print 5 exits"
	grep -q 'stopped after 5 exits' "$TMP/err" || fail "$backend: --max-exits: no note"

	printf '\n\nq\n' >"$TMP/keys"
	run_status "$VMSCOPE" trace --backend $backend --step --serial /dev/null hello \
		<"$TMP/keys" >"$TMP/trace" 2>"$TMP/err"
	[ "$(grep -c '^ *[0-9]\+ .* L1 ' "$TMP/trace")" -eq 3 ] || fail "$backend: --step: q after 3 exits did not stop at 3"
	[ "$(grep -o 'Enter: next exit' "$TMP/err" | wc -l)" -eq 3 ] || fail "$backend: --step: not one prompt per exit"

	printf '\n\nq\n' >"$TMP/keys"
	run_status "$VMSCOPE" trace --backend $backend --step-insn --serial /dev/null hello \
		<"$TMP/keys" >"$TMP/trace" 2>"$TMP/err"
	[ "$(grep -c ' L1 DEBUG(4) .* exception=1 pc=0x10' "$TMP/trace")" -eq 3 ] ||
		fail "$backend: --step-insn: not 3 single-step DEBUG exits in the kernel"
done

for bad in "trace" "trace --bogus hello" "trace --max-exits abc hello" \
	   "trace --max-exits -1 hello" "trace --max-exits 0 hello" \
	   "trace --backend bogus hello" \
	   "trace hello extra" "doctor --require nosuch" "nosuchcommand"; do
	run_status "$VMSCOPE" $bad >/dev/null 2>"$TMP/err"
	[ "$status" -eq 2 ] || fail "'vmscope $bad': exit status $status, expected 2"
	[ -s "$TMP/err" ] || fail "'vmscope $bad': no message"
done

# The options trace and run share (cli/guest_opts.c): a bad value exits 2
# with a message that names the command, the option and what it takes.
bad_value() { # expected-message command options...
	want=$1
	shift
	run_status "$VMSCOPE" "$@" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 2 ] || fail "'vmscope $*': exit status $status, expected 2"
	[ "$(cat "$TMP/err")" = "$want" ] ||
		fail "'vmscope $*': said '$(cat "$TMP/err")', not '$want'"
	[ ! -s "$TMP/out" ] || fail "'vmscope $*': printed on stdout"
}
for cmd in trace run; do
	bad_value "vmscope $cmd: --console 'IRQ': say poll or irq" $cmd --console IRQ hello
	bad_value "vmscope $cmd: --vga 'hello': say ram or mmio" $cmd --vga hello
	bad_value "vmscope $cmd: --display 'x11': say none or sdl" $cmd --display x11 hello
	bad_value "vmscope $cmd: --keys: at character 2: \\x needs two hex digits" \
		$cmd --keys 'a\x4' hello
	bad_value "vmscope $cmd: --keys: at character 3: unknown escape (\\n \\r \\t \\b \\e \\\\ \\xHH \\w)" \
		$cmd --keys 'ab\' hello
	bad_value "vmscope $cmd: --keys: at character 1: 0xc3 has no key on a US keyboard" \
		$cmd --keys 'é' hello
	# --help: the usage, with the shared options, on stdout
	run_status "$VMSCOPE" $cmd --help >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "'vmscope $cmd --help': exit status $status"
	head -n 1 "$TMP/out" | grep -qx "usage: vmscope $cmd \[options\] GUEST" ||
		fail "'vmscope $cmd --help': no usage line"
	for shared in "--backend kvm|soft|auto" "--keys TEXT" "--console poll|irq" \
		      "--vga ram|mmio" "--display none|sdl"; do
		grep -qxF -- "  $shared" "$TMP/out" || grep -qF -- "  $shared  " "$TMP/out" ||
			fail "'vmscope $cmd --help': the shared option $shared is missing"
	done
	# an option without its value, a second GUEST
	for bad in "--keys" "--bogus hello" "hello extra"; do
		run_status "$VMSCOPE" $cmd $bad >/dev/null 2>"$TMP/err"
		[ "$status" -eq 2 ] || fail "'vmscope $cmd $bad': exit status $status, expected 2"
		grep -q "^usage: vmscope $cmd " "$TMP/err" || fail "'vmscope $cmd $bad': no usage"
	done
done

# --display sdl without a display: exit 1 before the guest runs, with one
# line that names the option (forced on any host: no $DISPLAY, x11 asked
# for; the second case falls back to SDL's invisible driver, refused).
for driver in x11 x11,offscreen; do
	for cmd in "trace" "run --batch"; do
		run_status env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=$driver \
			"$VMSCOPE" $cmd --backend soft --display sdl hello >"$TMP/out" 2>"$TMP/err"
		[ "$status" -eq 1 ] || fail "$cmd --display sdl ($driver): exit status $status, expected 1"
		[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$cmd --display sdl ($driver): said $(cat "$TMP/err")"
		grep -qE "^vmscope ${cmd% *}: (hello: )?--display sdl: cannot (start SDL's video|open a window: no display found)" \
			"$TMP/err" || fail "$cmd --display sdl ($driver): said $(cat "$TMP/err")"
		[ ! -s "$TMP/out" ] || fail "$cmd --display sdl ($driver): the guest ran"
	done
done
echo PASS
