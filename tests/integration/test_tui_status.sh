#!/bin/sh
# The bars say one true thing each: before the first exit the status bar
# says how to start (never "paused at exit 0 | guest: running"), then
# "paused at exit N", and at the end how the guest ended; with the Console
# focused the key bar offers no `q quit` (q goes to the guest) but says how
# to leave; keys typed while the guest is paused are counted as waiting,
# and the count goes once the guest has taken them.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

status_bar() {
	tui_screen | tail -n 2 | head -n 1
}
key_bar() {
	tui_screen | tail -n 1
}

tui_start_shell 100 30
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --backend soft echo
tui_wait "ready: press s to run to the first exit"
status_bar | grep -q "guest: running" && fail "status at the start: $(status_bar)"
tui_step s
status_bar | grep -q "^ paused at exit 1 | " || fail "status after s: $(status_bar)"
status_bar | grep -q "running" && fail "status after s says running: $(status_bar)"
key_bar | grep -qF "? help  q quit" || fail "key bar: $(key_bar)"

# the Console: keys go to the guest, so no q quit; Tab leaves
tui_keys Tab Tab Tab
tui_wait "Console (typing goes to the guest)"
key_bar | grep -qF "q quit" && fail "Console focused, key bar offers q: $(key_bar)"
key_bar | grep -qF "Tab leave" || fail "Console focused, no way out: $(key_bar)"
key_bar | grep -qF "F1 help" || fail "Console focused, no help: $(key_bar)"
tui_keys -l "abq"
tui_wait "3 keys wait for the guest"
tui_keys Tab   # focus Stats: q quits again
tui_wait "? help  q quit"
tui_keys C
tui_wait_gone "keys wait for the guest"
tui_keys Tab Tab Tab Tab Tab   # Interrupts, Exits, Flow, CPU, Console
tui_wait "Console (typing goes to the guest)"
tui_wait "abq"   # the tty's echo
tui_keys Enter C-d
tui_wait "ended at exit"
status_bar | grep -q "ended at exit [0-9]*: guest exited with status 0" ||
	fail "status at the end: $(status_bar)"
tui_keys Tab q
tui_wait "DONE-0"
echo "PASS"
