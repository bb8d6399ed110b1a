# .ci/run's own steps work on this machine: every scripts/deps.sh line in it
# is a call deps.sh takes (here, with everything installed, a silent 0),
# and it ends in `make check`.  (A usage change to deps.sh once left CI
# calling it the old way: status 2 before anything was built.)
. tests/integration/lib.sh
set -e
grep -q '^scripts/deps.sh ' .ci/run || fail ".ci/run does not call scripts/deps.sh"
grep '^scripts/deps.sh ' .ci/run | while read -r line; do
	run_status sh -c "$line" >"$TMP/out" 2>&1
	[ "$status" -eq 0 ] || fail "'$line' in .ci/run: status $status: $(cat "$TMP/out")"
done
tail -n 1 .ci/run | grep -q '^make -j2 check$' || fail ".ci/run does not end in make check"
echo "PASS"
