# Lessons from the command line: every built-in lesson passes --check on
# every backend with its exact step lines (a step that needs KVM, or a
# capability the host lacks, skipped with the probe's reason); a student's wrong
# answer and a broken guest fail the steps they should, with status 1;
# --lint refuses a broken file with file:line and status 2; the
# plain-terminal run records progress that `vmscope lessons` shows, by
# step id through an edit; a step boots a machine of its own, and a say
# line shows what was measured (the cost of an exit); the docs' example
# passes; `type` and `step-insn` run; a built-in lesson runs from any
# folder; the README's first screen says how to start lesson printf.
. tests/integration/lib.sh
set -e

# Why this host has no KVM ("kvm: cannot open /dev/kvm: ..."), or nothing.
kvm_why=$("$VMSCOPE" doctor --require kvm 2>&1) && kvm_why=

# The steps of a lesson file that say `requires kvm`.
kvm_steps() { awk '/^step /{id=$2} /^ *requires( .*)? kvm( |$)/{print id}' "$1"; }

# Why --check skipped a step is right when it is the probe's: no KVM for a
# step that needs it, or "this host lacks CAP: ..." with the very words
# `vmscope doctor --require CAP` says (ring-3 breakpoints on PVM, ...).
skip_is_the_probes() { # lesson backend why
	case "$3" in
	"this host lacks "*)
		cap=${3#this host lacks }
		cap=${cap%%:*}
		probe=$("$VMSCOPE" doctor --require "$cap" 2>&1) &&
			fail "$1 on $2: a step skipped for $cap, which this host has"
		[ "$3" = "this host lacks $cap: $probe" ] ||
			fail "$1 on $2: skipped for $cap, not with the probe's reason: $3"
		;;
	*": ${kvm_why#kvm: }")
		[ -n "$kvm_why" ] || fail "$1 on $2: skipped for want of KVM, which this host has"
		;;
	*) fail "$1 on $2: a step skipped: $3" ;;
	esac
}

# The step lines a lesson's --check prints: each "== step ID == OK", or
# SKIP with the probe's reason (a step that requires kvm, on a host
# without it, is always one of those).
expect_all_ok() { # lesson backend
	run_status "$VMSCOPE" lesson --check --backend "$2" "$1" >"$TMP/out" 2>&1
	cat "$TMP/out"
	[ "$status" -eq 0 ] || fail "$1 on $2: status $status"
	head -n 1 "$TMP/out" | grep -qx "== lesson $1 ($2) ==" ||
		fail "$1 on $2: no header line"
	for step in $([ -z "$kvm_why" ] || kvm_steps "lessons/$1.lesson"); do
		grep -qx "== step $step == SKIP: .*: ${kvm_why#kvm: }" "$TMP/out" ||
			fail "$1 on $2: step $step is not skipped with the probe's reason"
	done
	sed -n 's/^== step [^ ]* == SKIP: //p' "$TMP/out" >"$TMP/skips"
	while IFS= read -r why; do
		skip_is_the_probes "$1" "$2" "$why"
	done <"$TMP/skips"
	skips=$(wc -l <"$TMP/skips")
	sed -n '/^== step/p' "$TMP/out" | grep -v ' == OK ([0-9.]*s)$' |
		grep -v ' == SKIP: ' && fail "$1 on $2: a step did not pass"
	steps=$(grep -c '^step ' "lessons/$1.lesson")
	[ "$(grep -c '^== step .* == OK' "$TMP/out")" -eq $((steps - skips)) ] ||
		fail "$1 on $2: not every step ran"
	grep -qx "Score: \([0-9]*\)/\1" "$TMP/out" || fail "$1 on $2: not a full score"
}

# `vmscope lessons`: every file of lessons/ and nothing else, printf first
# (the reading order starts there), each line its name, the student's
# progress and the file's title.  A lesson written but not linked in would
# be missing here, and from the runs below.
XDG_STATE_HOME="$TMP/no-state" "$VMSCOPE" lessons >"$TMP/list"
cut -d' ' -f1 "$TMP/list" | sort >"$TMP/listed"
for f in lessons/*.lesson; do basename "$f" .lesson; done | sort >"$TMP/files"
diff "$TMP/files" "$TMP/listed" || fail "vmscope lessons does not list exactly lessons/*.lesson"
head -n 1 "$TMP/list" | grep -q '^printf ' || fail "the reading order does not start with printf"
while read -r name; do
	steps=$(grep -c '^step ' "lessons/$name.lesson")
	title=$(sed -n 's/^title //p' "lessons/$name.lesson")
	grep -qxF "$(printf '%-14s 0/%s steps  %s' "$name" "$steps" "$title")" "$TMP/list" ||
		fail "vmscope lessons: the line of $name: $(grep "^$name " "$TMP/list")"
done <"$TMP/files"

for backend in $(backends); do
	for lesson in $("$VMSCOPE" lessons | cut -d' ' -f1); do
		expect_all_ok "$lesson" "$backend"
	done
done

# your-kvm where the host has no KVM: its KVM steps are skipped with the
# probe's reason, the software CPU's steps run.
if [ -n "$kvm_why" ]; then
	"$VMSCOPE" lesson --check --backend soft your-kvm >"$TMP/out" 2>&1 || true
	for step in int80-on-kvm to-the-loop-on-kvm; do
		grep -qx "== step $step == SKIP: the machine of step $step did not boot: --backend $kvm_why" \
			"$TMP/out" || fail "your-kvm: the SKIP line of $step"
	done
	grep -qx "== step crc-on-kvm == SKIP: the machine of step to-the-loop-on-kvm did not boot: --backend $kvm_why" \
		"$TMP/out" || fail "your-kvm: a step on the KVM machine that did not boot"
	grep -qx 'Score: 5/5' "$TMP/out" || fail "your-kvm: the score without KVM"
fi
# ... and at a terminal, the time of the loop is said, measured.
printf 'emulator\nring3\n' | XDG_STATE_HOME="$TMP/kvm-state" "$VMSCOPE" lesson \
	--backend soft your-kvm >"$TMP/out" 2>&1 || true
grep -qx '  On the software CPU the CRC took [1-9][0-9]* us\.' "$TMP/out" ||
	fail "your-kvm: the soft CPU's time is not said"
grep -qx '  The call chain at the first byte: user_start > main > printf > vfprintf > write | int 0x80 | trap > syscall_entry > sys_write > tty_write > uart_putc' \
	"$TMP/out" || fail "your-kvm: the soft CPU's int 0x80"

# exits at a terminal: what one exit costs, measured on portloop's loop.
printf 'cpuid\n' | XDG_STATE_HOME="$TMP/exits-state" "$VMSCOPE" lesson \
	--backend soft exits >"$TMP/out" 2>&1 || true
grep -qx '  one exit cost [1-9][0-9]* ns on the mean over these 1000\.' "$TMP/out" ||
	fail "exits: the cost of an exit is not said, measured"
grep -qx '== step exit-cost == OK' "$TMP/out" || fail "exits: step exit-cost"
grep -qx '  KVM calls it IO (2); the hardware below it said none (IO_INSTRUCTION' "$TMP/out" ||
	fail "exits: the hardware's reason on the software CPU"

# Steps that boot machines of their own: each starts afresh (its exits
# counted from 1), on the backend its boot line names; one that requires
# kvm, on the software CPU, is asked of the host.
cat >"$TMP/boots.lesson" <<'LESSON'
lesson boots
title Machines of their own
boot hello
limit 400 exits
step first
  run-until io-out where io.port == 0x3f8 and sym == "uart_putc"
  expect exit.seq == 9 and host.kvm == none "hello's 'H' on the soft CPU"
step second
  boot exits --backend soft
  run-until io-out where io.port == 0x3ff
  expect sym == "start_program" and serial.text ~ "^OUT: " "a new machine: exits, from its start"
step on-the-second
  requires kvm
  run-until hlt
step third
  boot hello --backend soft
  run-until exit
  expect exit.seq == 1 "a fresh boot counts from 1"
LESSON
run_status "$VMSCOPE" lesson --check --backend soft "$TMP/boots.lesson" >"$TMP/out" 2>&1
cat "$TMP/out"
if [ -n "$kvm_why" ]; then
	grep -qx "== step on-the-second == SKIP: this host lacks kvm: $kvm_why" \
		"$TMP/out" || fail "boots: requires kvm on the soft CPU is not asked of the host"
	grep -qx 'Score: 3/3' "$TMP/out" || fail "boots: the score"
else
	grep -qx 'Score: 4/4' "$TMP/out" || fail "boots: the score"
fi
[ "$status" -eq 0 ] || fail "boots: status $status"

# The complete example of docs/LESSONS.md, copied as a teacher copies it:
# it lints, and passes on every backend.
awk '/^## A complete example/ { found = 1 }
	found && /^```$/ { if (inside) exit; inside = 1; next }
	inside { print }' docs/LESSONS.md >"$TMP/my-printf.lesson"
grep -qx 'lesson my-printf' "$TMP/my-printf.lesson" ||
	fail "docs/LESSONS.md: no complete example found"
"$VMSCOPE" lesson --lint "$TMP/my-printf.lesson" >"$TMP/out" 2>&1 ||
	fail "the docs' example does not lint: $(cat "$TMP/out")"
for backend in $(backends); do
	"$VMSCOPE" lesson --check --backend "$backend" "$TMP/my-printf.lesson" \
		>"$TMP/out" 2>&1 || fail "the docs' example fails on $backend: $(cat "$TMP/out")"
	grep -qx 'Score: 3/3' "$TMP/out" || fail "the docs' example's score on $backend"
done

# Keys typed mid-lesson (`type`), and single instructions (`step-insn`,
# for a lesson that names its backend).
cat >"$TMP/typing.lesson" <<'LESSON'
lesson typing
title Keys from the lesson, one instruction at a time
requires backend=soft
boot echo
limit 400 exits 20 s
step waits
  run-until hlt within 200 exits
  expect sym == "tty_read" "echo waits for a key"
step keys
  type ok\n\x04
  run-until end
  expect serial.text == "ok\nok\n" "The line typed, echoed and printed back"
step stepped
  boot hello
  run-until io-out where io.port == 0x3f8 and sym == "uart_putc" within 50 exits
  step-insn 3
  expect count(exit where exit.reason == DEBUG) == 3 "Three instructions, three DEBUG exits"
  expect sym == "tty_write" "Out of uart_putc, back in tty_write"
LESSON
"$VMSCOPE" lesson --check "$TMP/typing.lesson" >"$TMP/out" 2>&1 ||
	fail "type and step-insn: $(cat "$TMP/out")"
cat "$TMP/out"
grep -qx 'Score: 3/3' "$TMP/out" || fail "type and step-insn: the score"

# A student's answers: the wrong choice fails that step alone.
printf 'why-an-exit b\n' >"$TMP/answers"
run_status "$VMSCOPE" lesson --check --backend soft --answers "$TMP/answers" printf \
	>"$TMP/out" 2>&1
cat "$TMP/out"
[ "$status" -eq 1 ] || fail "a wrong answer: status $status, expected 1"
grep -qx '== step why-an-exit == FAIL: line [0-9]*: "Why does every byte cost a VM exit?": answered b, which is not right' \
	"$TMP/out" || fail "the wrong answer's FAIL line"
[ "$(grep -c ' == FAIL' "$TMP/out")" -eq 1 ] || fail "only the question's step fails"
grep -qx 'Score: 7/8' "$TMP/out" || fail "the score without the question's point"

# A lesson whose expectation the guest does not meet fails with the reason
# and the events before it.
cat >"$TMP/wrong.lesson" <<'LESSON'
lesson wrong
title The first byte is not a Z
boot hello
limit 100 exits
step first-byte
  run-until io-out where io.port == 0x3f8 and sym == "uart_putc"
  expect io.data == 0x5a "The first byte is a Z"
LESSON
run_status "$VMSCOPE" lesson --check --backend soft "$TMP/wrong.lesson" >"$TMP/out" 2>&1
cat "$TMP/out"
[ "$status" -eq 1 ] || fail "a failing step: status $status, expected 1"
grep -qx '== step first-byte == FAIL: line 7: The first byte is a Z: io.data is 0x48 (72)' \
	"$TMP/out" || fail "the FAIL line"
grep -qx '    exit 9 IO(2) at uart_putc+0x1c' "$TMP/out" || fail "the last events"

# A lesson for the kvm backend, asked to run on the soft one: every step is
# skipped with the reason, none fails.
printf 'lesson k\ntitle K\nrequires backend=kvm\nboot hello\nlimit 10 exits\nstep a\nrun-until exit\n' \
	>"$TMP/kvm.lesson"
run_status "$VMSCOPE" lesson --check --backend soft "$TMP/kvm.lesson" >"$TMP/out" 2>&1
cat "$TMP/out"
[ "$status" -eq 0 ] || fail "a skipped lesson: status $status, expected 0"
grep -qx '== step a == SKIP: the lesson runs on the kvm backend, and --backend soft was asked for' \
	"$TMP/out" || fail "the SKIP line"
grep -qx 'Score: 0/0' "$TMP/out" || fail "a skipped step counts no points"

# --lint: a broken lesson is refused with file:line and status 2, before
# anything runs; a good one is OK.
printf 'lesson bad\ntitle B\nboot hello --vga paper\nstep a\nsay x\n' >"$TMP/bad.lesson"
run_status "$VMSCOPE" lesson --lint "$TMP/bad.lesson" printf >"$TMP/out" 2>"$TMP/err"
cat "$TMP/out" "$TMP/err"
[ "$status" -eq 2 ] || fail "--lint of a broken lesson: status $status, expected 2"
grep -q "^$TMP/bad.lesson:3: boot: --vga 'paper'" "$TMP/err" || fail "--lint: no file:line"
# ... and so is it by --check and by a student's run: nothing runs.
printf 'lesson bad\ntitle B\nboot hello\nstep a\nfrobnicate\n' >"$TMP/bad.lesson"
for how in --check --backend=soft; do
	run_status "$VMSCOPE" lesson "$how" "$TMP/bad.lesson" </dev/null >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 2 ] || fail "lesson $how of a broken lesson: status $status, expected 2"
	grep -qx "$TMP/bad.lesson:5: unknown keyword 'frobnicate'" "$TMP/err" ||
		fail "lesson $how: no file:line: $(cat "$TMP/err")"
	[ ! -s "$TMP/out" ] || fail "lesson $how ran something of a broken lesson: $(cat "$TMP/out")"
done
# A boot naming a broken image is refused at load, as the run would
# refuse it: --lint said OK, and --check failed every step "line 0".
head -c 10 "$BUILD/guest/hello.elf" >"$TMP/trunc.elf"
printf 'lesson bad\ntitle B\nboot hello\nstep a\nboot %s\nsay x\n' "$TMP/trunc.elf" >"$TMP/bad.lesson"
for how in --lint --check; do
	run_status "$VMSCOPE" lesson $how --backend soft "$TMP/bad.lesson" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 2 ] || fail "lesson $how booting a broken image: status $status, expected 2"
	grep -qx "$TMP/bad.lesson:5: boot: $TMP/trunc.elf: truncated ELF header (10 bytes, need 64)" "$TMP/err" ||
		fail "lesson $how booting a broken image: $(cat "$TMP/err")"
done
run_status "$VMSCOPE" lesson --lint lessons/*.lesson >"$TMP/out" 2>&1
cat "$TMP/out"
[ "$status" -eq 0 ] || fail "--lint of the built-in lessons: status $status"

# Progress is kept by step id: an edit that rewords a step keeps its pass,
# one that renames a step starts it afresh.
cat >"$TMP/edits.lesson" <<'LESSON'
lesson edits
title Before the edit
boot hello
limit 100 exits
step a
  run-until exit
step b
  run-until exit
LESSON
XDG_STATE_HOME="$TMP/edits-state" "$VMSCOPE" lesson --backend soft "$TMP/edits.lesson" \
	</dev/null >"$TMP/out" 2>&1 || fail "edits: the first version: $(cat "$TMP/out")"
grep -qx '2 of 2 steps of edits passed so far.' "$TMP/out" || fail "edits: the first run"
cat >"$TMP/edits.lesson" <<'LESSON'
lesson edits
title After the edit: a step reworded (and failing now), one renamed, one added
boot hello
limit 100 exits
step a
  say Reworded.
  run-until exit
  expect exit.seq == 99 "a check this run fails"
step bee
  run-until exit
step c
  run-until exit
LESSON
run_status env XDG_STATE_HOME="$TMP/edits-state" "$VMSCOPE" lesson --backend soft \
	"$TMP/edits.lesson" </dev/null >"$TMP/out" 2>&1
grep -qx '1 of 3 steps of edits passed so far.' "$TMP/out" ||
	fail "edits: progress after the edit: $(tail -n 3 "$TMP/out")"

# Built-in lessons are inside the binary: they run from any folder.
vmscope_path=$(cd "$(dirname "$VMSCOPE")" && pwd)/$(basename "$VMSCOPE")
mkdir -p "$TMP/elsewhere"
(cd "$TMP/elsewhere" && "$vmscope_path" lesson --check --backend soft printf) \
	>"$TMP/out" 2>&1 || fail "printf from another folder: $(cat "$TMP/out")"
grep -qx 'Score: 8/8' "$TMP/out" || fail "printf from another folder: the score"

# The README's first screen (24 rows) says how to start lesson printf.
head -n 24 README.md | grep -q 'vmscope lesson printf$' ||
	fail "the README's first screen does not say how to start lesson printf"

# A student at a terminal: the narration, the exits as the tracer prints
# them, a wrong answer then the right one; progress is kept.
export XDG_STATE_HOME="$TMP/state"
printf 'b\na\n' | "$VMSCOPE" lesson --backend soft printf >"$TMP/out" 2>&1 || true
grep -q "Not 'b'\. Try again\.$" "$TMP/out" || fail "the wrong answer is not told"
grep -q "Right\. KVM emulates only a few devices itself; an access to any other port ends KVM_RUN" \
	"$TMP/out" || fail "no explanation"
grep -q 'uart_putc+0x1c *out dx, al *port=0x3f8' "$TMP/out" || fail "no trace lines"
grep -qx '== step to-the-end == OK' "$TMP/out" || fail "the last step"
"$VMSCOPE" lessons | grep -q '^printf *7/7 steps' || fail "progress not shown"
echo "lessons: OK"
