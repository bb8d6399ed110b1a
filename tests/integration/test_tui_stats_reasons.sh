#!/bin/sh
# The Stats panel never drops an exit reason without a word: the exits
# guest run to its end (678 exits: 675 IO, 1 HLT, 2 MMIO) showed IO and
# HLT at 120x40 and nothing of the MMIO exits it exists to show.  Now the
# last row the reasons have names the ones without a row of their own;
# in the 80x24 slot, where there is room, every reason has its row.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

# The Stats panel's rows: from the row under its title to the one above
# its frame's bottom, the frame cut off (the arrow, 3 bytes, as ">" first:
# awk counts bytes); the rate and the handling times, which vary from run
# to run, as R and T.
stats_rows() {
	tui_screen | sed 's/→/>/g' | awk '
		!c && index($0, " Stats ") { c = index($0, " Stats ") - 2; next }
		c && substr($0, c, 1) ~ /[m└]/ { exit }
		c { s = substr($0, c + 1); sub(/[x│] *$/, "", s); sub(/ +$/, "", s); print s }' |
		sed -E 's/[0-9]+\/s/R/; s/[0-9]+\.[0-9]us/T/g'
}

run_exits() { # WxH
	w=${1%x*} h=${1#*x}
	tui_start_shell "$w" "$h"
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run --backend soft exits
	tui_wait "ready: press s"
	tui_keys C
	tui_wait "ended at exit 678"
}

run_exits 120x40
rows=$(stats_rows)
[ "$rows" = "678 exits  R  avg T
  IO(2)               675  avg     T
  +2 reasons: HLT(5) 1, MMIO(6) 2
layer stops 0  lost events 0
IDT: 0 exceptions, 0 INT n, 0 interrupts
unclaimed MMIO: 1 read, 1 write (0xd0000000)" ] || {
	tui_screen
	fail "120x40: the Stats panel reads '$rows'"
}
tui_keys q
tui_wait "DONE-0"

run_exits 80x24
tui_keys Tab Tab Tab Tab
tui_wait "Stats  (Tab:"
rows=$(stats_rows)
[ "$rows" = "678 exits  R  avg T
  IO(2)          675    T
  HLT(5)           1    T
  MMIO(6)          2    T
layer stops 0  lost events 0
IDT: 0 exceptions, 0 INT n, 0
interrupts
unclaimed MMIO: 1 read, 1 write
(0xd0000000)" ] || {
	tui_screen
	fail "80x24: the Stats panel reads '$rows'"
}
tui_keys q
tui_wait "DONE-0"
