#!/bin/sh
# Keys that surprise no one: outside the Console panel, a letter that is
# not a command starts a word whose letters are not commands either ("reboot"
# typed at the CPU panel neither restarts the guest nor opens the break
# prompt with "oot"), and the key bar says where typing goes; r asks before
# it throws a run away, and restarts at once when nothing would be lost (no
# exit yet, or the guest has ended).
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
tui_open_hello 120x40
tui_step ' '
tui_step ' '
tui_step ' '
tui_wait "paused at exit 3"

# the focus on the CPU panel, then "reboot" typed as if to the guest
tui_keys Tab Tab
tui_keys -l reboot
tui_wait "'t' is not a key here: typing reaches the guest in the Console panel"
tui_screen | grep -q "break on: " && fail "'reboot' opened the break prompt"
tui_wait "paused at exit 3"
tui_screen | grep -q "[│x] *3 .* IO(2) " || fail "'reboot' threw the run away"
# the word ends at a key that is not a letter: then letters are commands
tui_keys Down
tui_keys b
tui_wait "break on: "
tui_keys Escape
tui_wait_gone "break on: "

# r on a run in progress asks; any other key keeps the run
tui_keys r
tui_wait "restart the guest from the start? y restarts"
tui_keys n
tui_wait "restart cancelled: the run goes on"
tui_wait "paused at exit 3"
# y restarts
tui_keys Escape r
tui_wait "restart the guest from the start? y restarts"
tui_keys y
tui_wait "ready: press s"
tui_screen | grep -q "[│x] *1 .* IO(2) " && fail "the restarted guest kept the old log"

# an ended guest restarts at once
tui_keys C
tui_wait "guest exited with status 0"
tui_keys r
tui_wait "ready: press s"
tui_screen | grep -q "restart the guest from the start" &&
	fail "r asked although the guest had ended"
tui_keys q
tui_wait "DONE-0"
echo "PASS"
