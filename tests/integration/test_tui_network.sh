#!/bin/sh
# The Network panel in the live view (tmux, 120x40): with --net it is one
# of the panels Tab reaches, its key bar offers n, and n switches the
# card's receive path while the guest waits (emulated -> vhost ->
# zerocopy, the key bar saying so); netecho then runs on zerocopy alone,
# so the panel counts its 1000 frames and 1000 echoes in the zerocopy
# column and nothing in the others; of the kicks, only the 1000 of the
# transmit queue exited.  r then builds the machine again on zerocopy, the
# path chosen last (not --net-path's emulated), and netecho's second run is
# counted there again.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

tui_open_network 120x40 gen:64 netecho "path emulated"
tui_keys n
tui_wait "network path: vhost now (c goes on)"
tui_wait "path vhost (n: next)"
tui_keys n
tui_wait "network path: zerocopy now (c goes on)"
tui_wait "path zerocopy (n: next)"
tui_keys C
tui_wait "ended at exit"
tui_wait_grep E "frames +0 +0 +[0-9]{4}"
tui_screen | grep -qE "sent +0 +0 +1000" || { tui_screen; fail "echoes not counted under zerocopy"; }
# every kick that exited was a transmit kick (one per echo): the receive
# queue's went to the worker's eventfd
tui_screen | grep -qE "kick exits +0 +0 +1000" || { tui_screen; fail "a receive kick exited on zerocopy"; }
tui_keys r
tui_wait "restarted the guest"
tui_wait "ready: press s"
tui_wait "path zerocopy (n: next)"
tui_keys C
tui_wait "ended at exit"
tui_wait_grep E "frames +0 +0 +[0-9]{4}"
tui_screen | grep -qE "kick exits +0 +0 +1000" || { tui_screen; fail "the restarted card is not on zerocopy"; }
tui_keys q
tui_wait "DONE-0"
echo "PASS"
