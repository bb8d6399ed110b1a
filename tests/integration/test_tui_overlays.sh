#!/bin/sh
# The texts over the panels, at 80x24 where they do not fit: the help
# explains PVM's words ("hardware: none (PVM: ...)", "int 0x80 (#UD,
# emulated)") and the 8259's (IRR, ISR, IMR) as well as the keys, and
# scrolls to them; Enter shows the
# selected exit in full - its explanation's last words included, which the
# panel's detail has no room for - and any other key closes it.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

tui_open_hello 80x24
tui_keys '?'
tui_wait "Help: keys  (rows 1-"
tui_keys NPage NPage NPage
tui_wait "IRR, ISR, IMR (Interrupts panel) - an 8259's three registers"
tui_wait "changed since the stop before."
tui_keys Up Up Up
tui_wait "hardware: none (PVM: ...) - this host's KVM is PVM"
tui_wait "int 0x80 (#UD, emulated) - on PVM an int instruction"
tui_wait "stack shows int 0x80."
tui_keys PPage PPage PPage
tui_wait "space, s   run to the next VM exit"
tui_keys Escape
tui_wait_gone "Help: keys"

tui_step_until "data=0x48 'H'"
tui_wait "(Enter: this exit in full)"
tui_screen | grep -q "the guest continues after the" &&
	fail "the whole explanation fits the panel: the test cannot fail"
tui_keys Enter
tui_wait "Exit 9"
tui_keys NPage NPage NPage
tui_wait "the guest continues after the"
tui_keys x
tui_wait_gone "Exit 9"
tui_keys q
tui_wait "DONE-0"
echo "PASS"
