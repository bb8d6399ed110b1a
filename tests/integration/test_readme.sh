# The README's samples are what the binary prints today: each fenced block
# after a "<!-- sample: NAME -->" line equals scripts/readme_samples.sh
# NAME's output, times and rates aside (they differ on every run), and
# every sample the script makes is in the README.
. tests/integration/lib.sh
set -e

# Times (+12.3us, 1.1ms, 0.0s) and rates (5/s) become T and R; runs of
# blanks one blank, since a number's width moves the columns after it.
normalize() {
	sed -E 's/[+]?[0-9]+(\.[0-9]+)?(us|ms|s)\b/T/g; s/[0-9]+\/s\b/R\/s/g; s/ +/ /g; s/ $//'
}

# The fenced block after the marker line of sample $1.
readme_block() {
	awk -v want="<!-- sample: $1 -->" '
		$0 == want { found = 1; next }
		found == 1 && /^```/ { found = 2; next }
		found == 2 && /^```/ { exit }
		found == 2 { print }' README.md
}

for name in tui trace lesson; do
	grep -qx "<!-- sample: $name -->" README.md || fail "README.md has no $name sample"
	readme_block $name | normalize >"$TMP/readme.$name"
	sh scripts/readme_samples.sh "$VMSCOPE" $name | normalize >"$TMP/fresh.$name"
	if ! diff -u "$TMP/readme.$name" "$TMP/fresh.$name"; then
		fail "README.md's $name sample is stale: paste scripts/readme_samples.sh $name's output"
	fi
done
# A sample that leaves exits out says so: wherever the trace sample's exit
# numbers jump, the line before the jump marks the cut ("...").
awk '$1 ~ /^[0-9]+$/ {
	if (last && $1 != last + 1 && prev !~ /^ *[.][.][.]/) {
		print "exit " $1 " follows exit " last " with no \"...\" line"
		bad = 1
	}
	last = $1
} { prev = $0 } END { exit bad }' "$TMP/readme.trace" ||
	fail "README.md's trace sample cuts exits without a mark"
echo "README samples: OK"
