# The cells' guests (guest/rt, guest/noise) on every backend: the control
# loop runs its 2 s of PIT ticks at 10 kHz beside the noise cell and
# prints statistics that add up - every tick due by its last handler was
# either handled or counted missed (handled + missed = served), the
# histogram holds one sample per handled tick, min <= median <= p99 <=
# max - whatever the host's load made of the figures themselves; the
# noise cell is stopped when rt ends (--until).  vmscope's own count of
# the timer interrupts it injected (from the exit stream) equals the
# guest's handler runs (handled + stale + after), and its injection delay
# line is ordered.  Nothing here asserts a time.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	for cell in rt-noise rt-noise-pinned; do
		if [ $cell = rt-noise-pinned ] && [ "$(nproc)" -lt 2 ]; then
			echo "note: one CPU here: $cell skipped" >&2
			continue
		fi
		run_status timeout 120 "$VMSCOPE" cells --backend "$backend" --until rt \
			cells/$cell.cell >"$TMP/out" 2>"$TMP/err"
		[ "$status" -eq 0 ] || fail "$backend: $cell: status $status: $(cat "$TMP/err")"
		grep -qx "\[rt\] rt: 10000 Hz for 2 s, TSC at [1-9][0-9]* kHz" "$TMP/out" ||
			fail "$backend: $cell: no start line: $(head -3 "$TMP/out")"
		python3 - "$TMP/out" "$backend $cell" <<'PY' || exit 1
import re, sys
out, label = open(sys.argv[1]).read(), sys.argv[2]
def fail(why):
    sys.exit(f"FAIL: {label}: {why}")
stats = re.findall(r"^\[rt\] rt: hz (.*)$", out, re.M)
if len(stats) != 1:
    fail(f"{len(stats)} summary lines")
words = ("hz " + stats[0]).split()
s = dict(zip(words[::2], map(int, words[1::2])))
want = ["hz", "due", "served", "handled", "missed", "stale", "after", "min_ns", "median_us", "p99_us", "max_ns"]
if list(s) != want:
    fail(f"summary fields {list(s)}")
if s["hz"] != 10000 or s["served"] < 20000 or s["due"] < s["served"]:
    fail(f"ticks: {s}")
if s["handled"] + s["missed"] != s["served"]:
    fail(f"handled + missed != served: {s}")
hist = [tuple(map(int, m)) for m in re.findall(r"^\[rt\] rt: hist (\d+) (\d+)$", out, re.M)]
if sum(c for _, c in hist) != s["handled"]:
    fail(f"the histogram holds {sum(c for _, c in hist)} samples, {s['handled']} handled")
if [lo for lo, _ in hist] != sorted(set(lo for lo, _ in hist)):
    fail("histogram buckets out of order")
if not (s["min_ns"] // 1000 >= hist[0][0] and s["median_us"] <= s["p99_us"] <= s["max_ns"] // 1000
        and s["p99_us"] <= hist[-1][0] and s["min_ns"] <= s["max_ns"]):
    fail(f"min/median/p99/max disagree: {s}, buckets {hist[0][0]}..{hist[-1][0]}")
# vmscope's own count from the exit stream: every IRQ 0 it injected was
# one handler run - a tick handled, a stale edge, or an edge after the last
timer = re.findall(r"^rt: timer: (\d+) ticks injected; (\d+) of its exits came from one to the HLT after it, (\d+\.\d\d) a tick$", out, re.M)
if len(timer) != 1:
    fail("no timer line: " + "".join(re.findall(r"^rt: .*$", out, re.M)))
injected, tick_exits = int(timer[0][0]), int(timer[0][1])
if injected != s["handled"] + s["stale"] + s["after"]:
    fail(f"vmscope injected {injected} ticks, the guest ran its handler {s['handled'] + s['stale'] + s['after']} times: {s}")
rows = re.findall(r"^rt +\S+ +(\d+) +\d+ +[\d.]+  ", out, re.M)
if not (injected <= tick_exits <= int(rows[0])):
    fail(f"the tick's exits {tick_exits}: {injected} injected, {rows} exits")
delay = re.findall(r"^rt: injection delay \(vmscope's\): min (\d+) us, median (\d+) us, p99 (\d+) us, max (\d+) us$", out, re.M)
if len(delay) != 1:
    fail("no injection delay line")
mn, med, p99, mx = map(int, delay[0])
if not (mn <= med <= p99 <= mx):
    fail(f"injection delay {delay[0]}")
if not re.search(r"^noise +\S+ +\d+ +\d+ +[\d.]+  stopped: the --until cell ended$", out, re.M):
    fail("the noise cell's row: " + "".join(re.findall(r"^noise .*$", out, re.M)))
if not re.search(r"^rt +\S+ +\d+ +\d+ +[\d.]+  guest exited with status 0$", out, re.M):
    fail("the rt cell's row")
PY
	done
done
echo "PASS"
