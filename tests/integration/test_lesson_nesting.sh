# The nesting lesson stops where its words say (run as text, answers on
# stdin): step l2-writes-its-uart at L2's first character, 'H' - not at
# uart_init's divisor-latch write before it - and step back-in-l1 goes
# through L1's printing of it: the LSR read and '[', 'L', '2', ']', ' ' of
# L1's line mark "[L2] ", its console's VGA cursor, then L2's 'H' on L1's
# UART, the cursor again and the doorbell that resumes L2.  Each step's
# exits are compared whole, as `vmscope trace` prints them (the time
# column left out).  Software CPU (nesting runs there).
. tests/integration/lib.sh
set -e

export XDG_STATE_HOME="$TMP/state"
printf 'several\n' >"$TMP/answers"
run_status "$VMSCOPE" lesson --backend soft nesting <"$TMP/answers" >"$TMP/out" 2>&1
[ "$status" -eq 0 ] || { cat "$TMP/out"; fail "lesson nesting: status $status"; }
# The exit lines of step $1, without the time since the previous exit.
step_exits() {
	awk -v head="-- step $1 (" 'index($0, head) == 1 { on = 1; next }
		on && /^== step / { exit }
		on && /^ +[0-9]+ +\+/ { print }' "$TMP/out" |
		sed -E 's/^ *([0-9]+) +\+[0-9.]+[mun]?s /\1 /'
}
step_exits l2-writes-its-uart | tail -n 1 >"$TMP/got"
cat >"$TMP/want" <<'TXT'
203 L2 IO(2)    IO_INSTRUCTION(30)  uart_putc+0x1c     out dx, al  port=0x3f8 out size=1 data=0x48 'H'  → reflected to L1 (L1's I/O bitmap has port 0x3f8)
TXT
diff "$TMP/want" "$TMP/got" || fail "step l2-writes-its-uart does not end at L2's 'H'"
step_exits back-in-l1 >"$TMP/got"
cat >"$TMP/want" <<'TXT'
204 L1 IO(2)    -                   uart_putc+0x10     in al, dx   port=0x3fd in size=1 data=0x60
205 L1 IO(2)    -                   uart_putc+0x1c     out dx, al  port=0x3f8 out size=1 data=0x5b '['
206 L1 IO(2)    -                   uart_putc+0x10     in al, dx   port=0x3fd in size=1 data=0x60
207 L1 IO(2)    -                   uart_putc+0x1c     out dx, al  port=0x3f8 out size=1 data=0x4c 'L'
208 L1 IO(2)    -                   uart_putc+0x10     in al, dx   port=0x3fd in size=1 data=0x60
209 L1 IO(2)    -                   uart_putc+0x1c     out dx, al  port=0x3f8 out size=1 data=0x32 '2'
210 L1 IO(2)    -                   uart_putc+0x10     in al, dx   port=0x3fd in size=1 data=0x60
211 L1 IO(2)    -                   uart_putc+0x1c     out dx, al  port=0x3f8 out size=1 data=0x5d ']'
212 L1 IO(2)    -                   uart_putc+0x10     in al, dx   port=0x3fd in size=1 data=0x60
213 L1 IO(2)    -                   uart_putc+0x1c     out dx, al  port=0x3f8 out size=1 data=0x20 ' '
214 L1 IO(2)    -                   vga_update_cursor+0x22 out dx, al  port=0x3d4 out size=1 data=0xe
215 L1 IO(2)    -                   vga_update_cursor+0x2f out dx, al  port=0x3d5 out size=1 data=0x0
216 L1 IO(2)    -                   vga_update_cursor+0x37 out dx, al  port=0x3d4 out size=1 data=0xf
217 L1 IO(2)    -                   vga_update_cursor+0x3c out dx, al  port=0x3d5 out size=1 data=0x55
218 L1 IO(2)    -                   uart_putc+0x10     in al, dx   port=0x3fd in size=1 data=0x60
219 L1 IO(2)    -                   uart_putc+0x1c     out dx, al  port=0x3f8 out size=1 data=0x48 'H'
220 L1 IO(2)    -                   vga_update_cursor+0x22 out dx, al  port=0x3d4 out size=1 data=0xe
221 L1 IO(2)    -                   vga_update_cursor+0x2f out dx, al  port=0x3d5 out size=1 data=0x0
222 L1 IO(2)    -                   vga_update_cursor+0x37 out dx, al  port=0x3d4 out size=1 data=0xf
223 L1 IO(2)    -                   vga_update_cursor+0x3c out dx, al  port=0x3d5 out size=1 data=0x56
224 L1 IO(2)    -                   start_program+0x1df out dx, eax port=0x510 out size=4 data=0x10e000
TXT
diff "$TMP/want" "$TMP/got" || fail "step back-in-l1 is not L1 printing L2's 'H'"
grep -qx "== step back-in-l1 == OK" "$TMP/out" || fail "step back-in-l1 did not pass"
