#!/bin/sh
# `vmscope lesson` at a terminal: the full-screen view with its Lesson
# panel.  Lesson printf step by step (down the layers, a breakpoint stop at
# each, in the Exits panel): a hint, a step only when asked, a
# question answered wrongly (told, with the explanation) then rightly, the
# score as --check counts it, the progress `vmscope lessons` shows.  Then a
# lesson that pauses and whose check fails: the reason and the last events,
# n refused, r retrying from a fresh boot, the highlighted layer in the
# Flow panel, `show` moving a panel into the slot, and a terminal too
# small.  Then q while a step's run waits: it ends at once.  Last, lesson
# your-kvm, whose steps boot machines of their own (another guest, another
# backend): every step reached, each such machine in the panels, the exact
# Lesson panel of a step with its own boot, the exact score.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
# The view does not depend on the backend: the software CPU runs anywhere.

export XDG_STATE_HOME="$TMP/state"

# Wait for the key bar's answer to a key.
note_after() { # key text
	tui_keys "$1"
	tui_wait "$2"
}

# The Lesson panel's rows, inside its frame, without the blanks that end
# them or the empty rows below its text.
lesson_panel() {
	tui_screen | awk '
		!c && (i = index($0, "lq Lesson ")) { c = i; next }
		c && substr($0, c, 1) == "m" { exit }
		c { s = substr($0, c + 1); sub(/x$/, "", s); sub(/ +$/, "", s)
		    row[++n] = s; if (s != "") last = n }
		END { for (i = 1; i <= last; i++) print row[i] }'
}

lesson_panel_is() { # file
	lesson_panel | cmp -s - "$1"
}

# Wait until the Lesson panel shows exactly the rows of stdin; on a
# timeout, show how it differed.
wait_lesson_panel() { # what
	cat >"$TMP/panel.want"
	i=0
	while ! lesson_panel_is "$TMP/panel.want"; do
		i=$((i + 1))
		if [ $i -gt 150 ]; then
			lesson_panel | diff "$TMP/panel.want" - || true
			fail "the Lesson panel of $1 is not as expected"
		fi
		sleep 0.1
	done
}

tui_start_shell 200 50
tui_wait 'PROMPT$'
tui_run XDG_STATE_HOME="$XDG_STATE_HOME" "$VMSCOPE" lesson --backend soft printf
tui_wait "ready: n or Space runs the lesson's step"
tui_wait "n or Space: run step uart-init"
tui_wait "Step 1 of 7  Score: 0/0"
tui_wait "Lesson printf: From printf(\"Hello\") to your terminal"
tui_wait "No exit yet. n or Space runs the lesson's step"

# the lesson runs the guest: s does not
note_after s "in a lesson the lesson runs the guest: n or Space runs the step"
tui_screen | grep -qF "ready: n or Space runs the lesson's step" ||
	fail "s ran the guest in a lesson"

# a hint, then none left
note_after h "Hint 1: Each line of the Exits panel is one exit: read the port column."
note_after h "no more hints for this step"

# the first step runs on n: narration, exits, its verdict, the score
tui_keys n
tui_wait "== step uart-init == OK"
tui_wait "Step 1 of 7  Score: 1/1"
tui_wait "Before any program runs, the teaching kernel sets its serial port up:"
tui_wait "n or Space: the next step (down-the-layers)"
tui_wait "paused at exit 7"
tui_screen | grep -qE " 7 +\+[0-9.]+us L1 IO\(2\) .*uart_init\+0x49 +out dx, al +port=0x3fc" ||
	fail "the Exits panel lacks the step's last exit"
tui_screen | grep -qF "stack: _start > kmain > uart_init" ||
	fail "the Flow panel lacks the step's stack"

# never the next step's checks by themselves: one key, one step.  The
# layers one at a time, a breakpoint stop at each
tui_keys ' '
tui_wait "== step down-the-layers == OK"
tui_wait "n or Space: the next step (lsr-first)"
tui_screen | grep -qF "lsr-first ==" && fail "a step ran by itself"
tui_wait "paused at stop 7.6 (vmscope's, after exit 7)"
tui_screen | grep -qE " 7\.1 +\+[0-9.]+[mu]s L1 DEBUG\(4\) +- +printf +push rbp" ||
	fail "the Exits panel lacks the stop at printf"
tui_screen | grep -qE " 7\.6 +\+[0-9.]+[mu]s L1 DEBUG\(4\) +- +uart_putc +push rbp" ||
	fail "the Exits panel lacks the stop at uart_putc"
tui_screen | grep -qF "stack: user_start > main > printf > vfprintf > write | int 0x80 | trap > syscall_entry > sys_write > tty_write > uart_putc" ||
	fail "the detail lacks the stack of the stop at uart_putc"
tui_keys ' '
tui_wait "== step lsr-first == OK"
tui_wait "n or Space: the next step (first-byte)"
tui_screen | grep -qF "first-byte ==" && fail "a step ran by itself"
tui_keys ' '
tui_wait "== step first-byte == OK"
tui_keys ' '
tui_wait "== step every-byte == OK"
tui_wait "Step 5 of 7  Score: 6/6"

# the question: asked, n refused, a wrong answer told, then the right one
tui_keys ' '
tui_wait "Why does every byte cost a VM exit?"
tui_wait "  2. b) The guest's CPU is too slow to write a port by itself"
tui_wait "a: answer (the choice's letter or number)"
note_after n "answer the question first: a, then its letter or number"
tui_keys a
tui_wait "answer: _"
tui_keys z Enter
tui_wait "'z' is none of the choices: a letter, or a number from 1 to 3"
tui_keys a b Enter
tui_wait "Not 'b'. KVM emulates only a few devices itself;"
tui_wait "Try again."
tui_screen | grep -qF "== step why-an-exit ==" && fail "a wrong answer ended the step"
tui_keys a 1 Enter
tui_wait "Right. KVM emulates only a few devices itself;"
tui_wait "== step why-an-exit == OK"
tui_wait "Step 6 of 7  Score: 7/7"

# the last step, the score, and nothing after it
tui_keys ' '
tui_wait "== step to-the-end == OK"
tui_wait "Lesson done: Score: 8/8.  q quits"
tui_wait "Step 7 of 7  Score: 8/8"
tui_wait "ended at exit"
tui_wait "2 + 40 = 42, in hex 0x2a"
note_after ' ' "that was the last step: q quits"
tui_keys q
tui_wait "DONE-0"
tui_wait "7 of 7 steps of printf passed so far."
"$VMSCOPE" lessons | grep -q '^printf *7/7 steps' ||
	fail "progress not kept: $("$VMSCOPE" lessons | head -n 1)"

# A failing check: why, the last events, no way on but r
cat >"$TMP/wrong.lesson" <<'EOF'
lesson wrong
title A check that fails
requires backend=any
boot hello
limit 400 exits 30 s

step first
  say The first exit is an out to the UART's data port.
  pause
  highlight tty
  show stats
  run-until io-out within 20 exits
  expect io.port == 0x3f8 "data port"
  hint Read the port column.

step second
  run-until end
EOF
tui_keys clear Enter
tui_run XDG_STATE_HOME="$XDG_STATE_HOME" "$VMSCOPE" lesson --backend soft "$TMP/wrong.lesson"
tui_wait "n or Space: run step first"
tui_keys n
tui_wait "n or Space: go on"
tui_wait "No exit yet. n or Space runs the lesson's step"
tui_keys n
tui_wait "== step first == FAIL: line 13: data port: io.port is 0x3f9 (1017)"
tui_wait "    exit 1 IO(2) at uart_init+0xf"
tui_wait "r: retry the step from a fresh boot  h: a hint"
tui_wait "Step 1 of 2  Score: 0/1"
tui_screen | grep -qE "tty +0  <- the lesson's layer" ||
	fail "the highlighted layer is not marked in the Flow panel"
note_after n "step first has not passed: r retries it from a fresh boot, h gives a hint"
note_after h "Hint 1: Read the port column."
tui_keys r
tui_wait "first (try 2)"
tui_wait "n or Space: go on"
tui_keys ' '
tui_wait "== step first == FAIL: line 13: data port: io.port is 0x3f9 (1017)"
tui_wait "paused at exit 1"

# show stats: on a small screen the Stats panel has the slot
tmux_cmd resize-window -t t -x 80 -y 24
tui_wait "Stats  (Tab: Exits, Console, CPU, Interrupts)"
tmux_cmd resize-window -t t -x 60 -y 20
tui_wait "terminal too small (need 80x24)"
tui_keys q
tui_wait "DONE-1"

# q while a step runs (the echo guest waits for keys that never come, for
# up to a minute) ends the run at once: the view is gone well before that
cat >"$TMP/wait.lesson" <<'EOF'
lesson wait
title A run that waits
requires backend=any
boot echo
limit 400 exits 60 s

step forever
  say This step waits for a port nobody writes.
  run-until io-out where io.port == 0x99 within 60 s
EOF
tui_keys clear Enter
tmux_cmd resize-window -t t -x 200 -y 50
tui_run XDG_STATE_HOME="$XDG_STATE_HOME" "$VMSCOPE" lesson --backend soft "$TMP/wait.lesson"
tui_wait "n or Space: run step forever"
tui_keys n
tui_wait "This step waits for a port nobody writes."
tui_wait "the step runs ..."
tui_keys q
tui_wait "DONE-1"

# your-kvm: a step's own `boot` swaps the view's machine for that one.  Its
# KVM steps boot with --backend kvm whatever the run's backend: where this
# host has no KVM they are skipped with the reason --check gives (the same
# session code), and the software CPU's steps still run.
"$VMSCOPE" lesson --check --backend soft your-kvm >"$TMP/check" ||
	fail "your-kvm fails --check: $(cat "$TMP/check")"
if "$VMSCOPE" doctor --require kvm >/dev/null 2>&1; then
	score=8/8 at_soft=3/3 at_loop=4/4
else
	score=5/5 at_soft=2/2 at_loop=3/3
fi
grep -qx "Score: $score" "$TMP/check" ||
	fail "--check's score is not $score: $(cat "$TMP/check")"

# The panel's text in one line: a wrapped line is whole again.
panel_has() { # text
	lesson_panel | paste -s -d ' ' - | grep -qF -- "$1"
}

# n runs the step; its verdict is --check's line, a SKIP with its reason.
step_as_check() { # step
	tui_keys n
	verdict=$(grep "^== step $1 == " "$TMP/check" | sed 's/ ([0-9.]*s)$//')
	[ -n "$verdict" ] || fail "--check has no line for step $1"
	tui_poll "'$verdict' in the Lesson panel" panel_has "$verdict"
}

tui_keys clear Enter
tui_run XDG_STATE_HOME="$XDG_STATE_HOME" "$VMSCOPE" lesson --backend soft your-kvm
tui_wait "n or Space: run step doctor"
tui_keys n
tui_wait "On a PVM host, what runs the teaching kernel's code (ring 0)?"
tui_keys a 2 Enter
tui_wait "== step doctor == OK"
step_as_check int80-on-kvm
panel_has "A machine of its own: boot hello --backend kvm" ||
	fail "the Lesson panel does not say step int80-on-kvm boots its own machine"

# a step with its own boot: its machine (hello, on the software CPU) is
# the one the panels show, from its first exit; the panel, row by row
step_as_check int80-on-soft
wait_lesson_panel int80-on-soft <<EOF
Step 3 of 8  Score: $at_soft
int80-on-soft
A machine of its own: boot hello --backend soft
The same image on the software CPU, which takes the gate as VMX and SVM hardware does.
The call chain at the first byte: user_start > main > printf > vfprintf > write | int
0x80 | trap > syscall_entry > sys_write > tty_write > uart_putc

== step int80-on-soft == OK
n or Space: the next step (to-the-loop-on-kvm)
EOF
tui_wait "paused at exit 9 | soft (soft)"
tui_screen | grep -qE " 1 +\+0\.0us L1 IO\(2\) .*uart_init\+0xf " ||
	fail "the Exits panel does not start at the new machine's first exit"

step_as_check to-the-loop-on-kvm
step_as_check crc-on-kvm
# another guest: cpuloops' exits, and none of hello's left in the panels
step_as_check to-the-loop-on-soft
wait_lesson_panel to-the-loop-on-soft <<EOF
Step 6 of 8  Score: $at_loop
to-the-loop-on-soft
A machine of its own: boot cpuloops --backend soft
The same guest on the software CPU.

== step to-the-loop-on-soft == OK
n or Space: the next step (crc-on-soft)
EOF
tui_wait "paused at exit 10 | soft (soft)"
tui_screen | grep -qE " 10 +\+[0-9.]+[mu]s L1 IO\(2\) .*start_program\+0x71 +out 0x80, al +port=0x80 out size=1 data=0x3" ||
	fail "the Exits panel lacks cpuloops' POST 3"
tui_screen | grep -qF "uart_putc" && fail "the panels still show hello's exits"
step_as_check crc-on-soft
tui_wait "paused at exit 11"
tui_keys n
tui_wait "Under PVM, which code of a guest runs at native speed?"
tui_keys a 2 Enter
tui_wait "== step which-is-faster == OK"
tui_wait "Lesson done: Score: $score.  q quits"
tui_wait "Step 8 of 8  Score: $score"
tui_keys q
tui_wait "DONE-0"
echo "lesson tui: OK"
