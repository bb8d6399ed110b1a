# tests/integration/shell_lib.sh - sourced by test_shell*.sh: check_shell
# BACKEND [VMSCOPE OPTIONS...] runs the shell guest, typed at by --keys, and
# checks everything it printed: `help`, `echo`, an unknown command, a bad
# `exit`, an empty line and too many words print exactly what
# guest/user/shell.c says; `ticks` grows with host time (0.4 s of pauses
# between two readings: at least 10 ticks of 100 Hz, and no more than the
# wall-clock time of the whole run allows); `cpuid` prints a 12-character
# vendor string; `reboot` pulses the i8042 reset line and the machine
# starts again (the trace says so, the banner shows twice); `exit 3` after
# the reboot ends the run with status 3.
check_shell() {
	backend=$1
	shift
	commands='help\necho  a   b\tc\nnosuch arg\nexit abc\n\n1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n'
	tab=$(printf '\t')
	printf '%s\n' 'vmscope shell: type help for the commands' \
		'$ help' \
		'commands:' \
		'  help         list the commands' \
		'  echo ARGS    print ARGS' \
		'  ticks        timer ticks since the timer started' \
		"  cpuid        the CPU's vendor string (CPUID leaf 0)" \
		'  reboot       restart the machine' \
		'  exit [N]     leave with status N (default 0)' \
		"\$ echo  a   b${tab}c" \
		'a b c' \
		'$ nosuch arg' \
		'sh: nosuch: unknown command' \
		'$ exit abc' \
		'sh: exit: abc: not a number' \
		'$ ' \
		'$ 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17' \
		'sh: too many words' >"$TMP/expect"
	label="$backend $*"
	start=$(date +%s%N)
	run_status "$VMSCOPE" trace --backend "$backend" "$@" \
		--serial "$TMP/serial" \
		--keys "$commands"'ticks\n\w\w\w\wticks\ncpuid\nreboot\nexit 3\n' shell \
		>"$TMP/trace" 2>"$TMP/err"
	elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
	[ "$status" -eq 3 ] || fail "$label: exit status $status: $(tail -3 "$TMP/err")"
	head -c "$(wc -c <"$TMP/expect")" "$TMP/serial" | cmp -s - "$TMP/expect" ||
		fail "$label: the commands before ticks printed: $(head -n 20 "$TMP/serial")"
	python3 - "$TMP/serial" "$label" "$elapsed_ms" <<'PY' || exit 1
import sys
out = open(sys.argv[1]).read().split("\n")
label, elapsed_ms = sys.argv[2], int(sys.argv[3])
def after(cmd, n=0):
    hits = [i for i, l in enumerate(out) if l == "$ " + cmd]
    return out[hits[n] + 1]
t1, t2 = int(after("ticks", 0)), int(after("ticks", 1))
if not (t2 - t1 >= 10 and t2 <= elapsed_ms // 10 + 1):
    sys.exit(f"FAIL: {label}: ticks {t1} then {t2} in a {elapsed_ms} ms run")
vendor = after("cpuid")
if len(vendor) != 12:
    sys.exit(f"FAIL: {label}: cpuid printed {vendor!r}")
banner = "vmscope shell: type help for the commands"
if out.count(banner) != 2:
    sys.exit(f"FAIL: {label}: the banner shows {out.count(banner)} times, not 2")
PY
	[ "$(grep -c '^       reset   the guest pulsed the reset line' "$TMP/trace")" -eq 1 ] ||
		fail "$label: the trace does not show one reset"
	# the exit that pulsed it, as it was: the command byte written
	grep -B1 '^       reset   the guest pulsed' "$TMP/trace" | head -1 |
		grep -q ' i8042_reset_cpu+0x[0-9a-f]* *out 0x64, al port=0x64 out size=1 data=0xfe$' ||
		fail "$label: the reset's exit is not the OUT of 0xfe to port 0x64: $(grep -B1 '^       reset   the guest pulsed' "$TMP/trace" | head -1)"
}
