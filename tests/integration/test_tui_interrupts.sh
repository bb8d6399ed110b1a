#!/bin/sh
# The Interrupts panel in the full-screen view, in tmux: at 80x24 Tab
# brings it into the slot, where every row fits with no word cut
# (screen_check.py); echo, typed at with --keys, stopped at the keyboard
# handler's first instruction (the key in service: ISR bit 1, the
# injection named) and at the handler's EOI (ISR clear, the break code
# already waiting in IRR, both bits highlighted as changed since the stop
# before, IMR's not); irq_storm right after its chips' ICW4, where the
# inputs with no device share a row and the slave and the mode row fit;
# at 120x40 it takes the top right, Stats below.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
TUI_UTF8=1

# The panel's row that starts with $1 (the slot is the right column).
panel_row() {
	tui_screen | sed -n "s/.*│\($1[^│]*\)│\$/\1/p" | sed 's/ *$//'
}

# The panel's row that starts with $1 with its attributes, escapes shown
# as ^[ (cat -v).
panel_row_attrs() {
	tmux_cmd capture-pane -t t -p -e | grep -a "│$1" | cat -v
}

# A highlighted run (colour 33 with colours, reverse without) holding
# exactly $2 in the row that starts with $1, then a reset and $3.
expect_highlight() { # start, highlighted text, plain text after
	sgr='(\^\[\[[0-9;]*m)*'
	panel_row_attrs "$1" |
		grep -Eq "$1 *$sgr\^\[\[(33|7)m$sgr$2\^\[\[0m$sgr$3" ||
		{ panel_row_attrs "$1"; fail "${w}x$h: '$2' not highlighted in '$1'"; }
}

expect_row() { # start, whole row
	got=$(panel_row "$1")
	[ "$got" = "$2" ] || { tui_screen; fail "${w}x$h: '$got', not '$2'"; }
}

w=80 h=24
tui_start_shell $w $h
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --backend soft --keys a echo
tui_wait "ready: press s"
tui_keys Tab Tab Tab Tab Tab   # Flow, CPU, Console, Stats, Interrupts
tui_wait "Interrupts  (Tab: Console,"
expect_row "injected" "injected: none"
expect_row "master" "master 0x08-0f  0x00 0x00 0xff"
tui_check_screen "power-on"

tui_break keyboard_interrupt
tui_keys C
tui_wait "paused at stop"
expect_row "injected" "injected: IRQ 1 (keyboard) ->"
expect_row "vector" "vector 0x21"
expect_row "  1 keyboard" "  1 keyboard       0    1    0"
expect_row "slave" "slave  0x28-2f  0x00 0x00 0xff"
expect_row "mode" "mode: edge, AEOI off, SMM off"
tui_check_screen "the key in service"

tui_break io:0x20=0x20
tui_keys C
tui_wait_grep E "paused at exit [0-9]+"
tui_screen | grep -q "pic_eoi+" || fail "not stopped at the EOI"
expect_row "injected" "injected: none"
expect_row "  1 keyboard" "  1 keyboard       1    0    0"
expect_highlight "  1 keyboard" "    1    0" "    0"
tui_check_screen "after the EOI"

w=120 h=40
tmux_cmd resize-window -t t -x $w -y $h
tui_wait "┌─ Stats "
tui_screen | grep -q "│ Interrupts \|─ Interrupts ─" || { tui_screen; fail "120x40: no Interrupts panel"; }
expect_row "  1 keyboard" "  1 keyboard       1    0    0"
tui_check_screen "full screen"
tui_keys q
tui_wait "DONE-0"

# Right after the slave's ICW4 (irq_storm's init; every guest's pic_init
# passes here): ICW1 left every input unmasked, and the inputs with no
# device share a row per chip, so the slave and the mode row still fit
# the slot.  A row each cut them off at IRQ 8, with no sign of it.
w=80 h=24
tui_start_shell $w $h
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --backend soft --until io:0xa1=0x3 \
	"$BUILD/tests/guests/irq_storm.elf"
tui_wait "paused at exit"
tui_keys Tab Tab Tab Tab Tab
tui_wait "Interrupts  (Tab: Console,"
expect_row "3,5-7" "3,5-7 no device    0    0    0"
expect_row "slave" "slave  0x28-2f  0x00 0x00 0x00"
expect_row "8-15" "8-15 no device     0    0    0"
expect_row "mode" "mode: level, AEOI on, SMM off"
tui_check_screen "the chips initialised"
tui_keys q
tui_wait "DONE-0"
echo "PASS"
