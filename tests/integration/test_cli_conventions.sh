# One convention for every command (cli/options.c), checked for each one
# `vmscope --list-commands` names, against the option table itself
# (`vmscope --list-options CMD` prints it), so that a command or an option
# added later is held to it without touching this test:
#   - -h and --help print the usage on stdout, status 0, nothing on stderr;
#     every option the command accepts is there with its argument, a line
#     of help and, when it takes an argument, its default;
#   - a usage mistake (unknown option, missing argument, a value given to a
#     flag, an operand too many or missing) says what is wrong on stderr
#     under the one prefix "vmscope CMD: ", then the usage line; status 2;
#   - vmscope itself: --version, help, no command, an unknown command;
#   - doctor --require takes the names doctor prints and lists them when
#     given a wrong one.
. tests/integration/lib.sh
set -e
commands=$("$VMSCOPE" --list-commands | cut -d' ' -f1)
for want in run trace guests doctor help; do
	printf '%s\n' "$commands" | grep -qx "$want" || fail "--list-commands lacks $want"
done

# The help of every command, checked against its option table.
for cmd in $commands; do
	"$VMSCOPE" --list-options "$cmd" >"$TMP/$cmd.options" || fail "--list-options $cmd failed"
	grep -qx -- "--help" "$TMP/$cmd.options" || fail "$cmd: no --help in its option table"
	for h in --help -h; do
		run_status "$VMSCOPE" "$cmd" "$h" >"$TMP/$cmd.help" 2>"$TMP/err"
		[ "$status" -eq 0 ] || fail "'vmscope $cmd $h': exit status $status"
		[ ! -s "$TMP/err" ] || fail "'vmscope $cmd $h': said on stderr: $(cat "$TMP/err")"
		head -n 1 "$TMP/$cmd.help" | grep -q "^usage: vmscope $cmd \[options\]" ||
			fail "'vmscope $cmd $h': no usage line"
	done
	"$VMSCOPE" help "$cmd" | cmp -s - "$TMP/$cmd.help" ||
		fail "'vmscope help $cmd' differs from 'vmscope $cmd --help'"
	python3 - "$cmd" "$TMP/$cmd.options" "$TMP/$cmd.help" <<'PY' || exit 1
import re, sys
cmd, options, helptext = sys.argv[1], open(sys.argv[2]).read().split("\n"), open(sys.argv[3]).read().split("\n")
bad = []
for spec in filter(None, options):
    name, _, arg = spec.partition(" ")
    label = re.escape(spec)
    at = [i for i, l in enumerate(helptext) if re.match(rf"^  (-h, )?{label}(  |$)", l)]
    if len(at) != 1:
        bad.append(f"'{spec}' is listed {len(at)} times in the help")
        continue
    i = at[0]
    text = helptext[i][2:].split("  ", 1)[1].strip() if "  " in helptext[i][2:] else ""
    for l in helptext[i + 1:]:
        if not re.match(r"^ {24}\S", l):
            break
        text += " " + l.strip()
    text = text.strip()
    if not text:
        bad.append(f"'{spec}' has no help text")
    if arg and "(default: " not in text:
        bad.append(f"'{spec}' takes {arg} but its help gives no default: {text!r}")
for b in bad:
    print(f"FAIL: vmscope {cmd} --help: {b}")
sys.exit(1 if bad else 0)
PY
done

# Usage mistakes: what is wrong, under the command's prefix, then the usage
# (usage_mistake, tests/integration/lib.sh).
for cmd in $commands; do
	usage_mistake "vmscope $cmd: unknown option '--no-such-option'" "$cmd" --no-such-option
	grep -q "^usage: vmscope $cmd \[options\]" "$TMP/err" || fail "'vmscope $cmd --no-such-option': no usage line"
	usage_mistake "vmscope $cmd: unknown option '-Z'" "$cmd" -Z
	while read -r name arg; do
		if [ -n "$arg" ]; then
			usage_mistake "vmscope $cmd: $name needs its argument $arg" "$cmd" "$name"
		else
			usage_mistake "vmscope $cmd: $name takes no argument ('$name=x')" "$cmd" "$name=x"
		fi
	done <"$TMP/$cmd.options"
done
usage_mistake "vmscope trace: '--st' could be --stack, --step, --step-insn" trace --st hello
usage_mistake "vmscope trace: GUEST missing" trace
usage_mistake "vmscope run: GUEST missing" run --backend soft
usage_mistake "vmscope trace: 'extra': one argument too many" trace hello extra
usage_mistake "vmscope guests: 'extra': takes no arguments" guests extra
usage_mistake "vmscope doctor: 'extra': takes no arguments" doctor extra
usage_mistake "vmscope help: 'b': one argument too many" help trace b
usage_mistake "vmscope: unknown command 'nosuch' (vmscope --list-commands)" help nosuch

# vmscope itself.
for h in --help -h help; do
	run_status "$VMSCOPE" $h >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "'vmscope $h': exit status $status"
	[ ! -s "$TMP/err" ] || fail "'vmscope $h': said on stderr"
	head -n 1 "$TMP/out" | grep -qx "usage: vmscope \[options\] COMMAND \[ARGS\]" ||
		fail "'vmscope $h': no usage line"
	for cmd in $commands; do
		grep -q "^  $cmd  *[a-z]" "$TMP/out" || fail "'vmscope $h' does not list $cmd"
	done
	for opt in "--version" "--list-commands" "--list-options COMMAND"; do
		grep -qE -- "^  $opt(  |$)" "$TMP/out" || fail "'vmscope $h' does not list $opt"
	done
done
run_status "$VMSCOPE" >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "'vmscope' alone: exit status $status, expected 2"
[ "$(head -n 1 "$TMP/err")" = "vmscope: no command given" ] || fail "'vmscope' alone said $(head -n 1 "$TMP/err")"
grep -q "^  trace  *[a-z]" "$TMP/err" || fail "'vmscope' alone does not list the commands"
usage_mistake "vmscope: unknown command 'nosuch' (vmscope --list-commands)" nosuch
usage_mistake "vmscope: unknown option '--bogus'" --bogus trace hello
usage_mistake "vmscope: unknown command 'nosuch' (vmscope --list-commands)" --list-options nosuch
run_status "$VMSCOPE" --version >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 0 ] || fail "--version: exit status $status"
grep -qx "vmscope [0-9]\+\.[0-9]\+\.[0-9]\+" "$TMP/out" || fail "--version said $(cat "$TMP/out")"
grep -q "^\.TH VMSCOPE 1 .* \"$(cat "$TMP/out")\" " docs/vmscope.1 ||
	fail "docs/vmscope.1 does not give the version '$(cat "$TMP/out")'"

# doctor --require: a wrong name gets the list; every listed name is taken,
# in any case; the findings' names are the ones the report prints.
run_status "$VMSCOPE" doctor --require nosuch >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "doctor --require nosuch: exit status $status, expected 2"
grep -q "^vmscope doctor: --require 'nosuch': not a name the report prints; it takes: kvm, " "$TMP/err" ||
	fail "doctor --require nosuch said $(cat "$TMP/err")"
names=$(sed 's/.*it takes: //; s/,//g' "$TMP/err")
"$VMSCOPE" doctor >"$TMP/report"
for name in $names; do
	for spelling in "$name" "$(printf '%s' "$name" | tr a-zA-Z A-Za-z)"; do
		run_status "$VMSCOPE" doctor --require "$spelling" >/dev/null 2>"$TMP/err"
		[ "$status" -eq 0 ] || [ "$status" -eq 77 ] ||
			fail "doctor --require $spelling (listed): exit status $status: $(cat "$TMP/err")"
	done
	case "$name" in
	*[a-z]_*) grep -q "^  $name " "$TMP/report" || fail "the report does not print the name $name" ;;
	esac
done
for finding in int80_ring3 single_step_ring3 irq_injection dirty_log; do
	printf '%s\n' $names | grep -qx "$finding" || fail "doctor --require does not list $finding"
done
# The man page's --require lists every finding it takes (the lower-case
# names; kvm and the capabilities have entries of their own).
for name in $names; do
	case "$name" in
	kvm) ;;
	[a-z]*) grep -qE "^\.(BR|RB) (\( )?$name [,)]" docs/vmscope.1 ||
		fail "docs/vmscope.1's doctor --require does not list $name" ;;
	esac
done

# --nested's help says what the man page and cli/backend_choice.c do: auto
# takes the software CPU, --backend kvm is not refused for it.
"$VMSCOPE" run --help | tr -s ' \n' ' ' >"$TMP/run.help.flat"
grep -q -- "--nested N .*auto takes the software CPU, --backend kvm tries the KVM way" "$TMP/run.help.flat" ||
	fail "run --help: --nested does not say that --backend kvm tries it"
usage_mistake "vmscope doctor: --require prints no report: leave out --json" doctor --require kvm --json
echo PASS
