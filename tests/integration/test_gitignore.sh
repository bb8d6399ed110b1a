# .gitignore matches what the build writes: every file make would write
# for all, check and bench (read from make's own database, `make -pn`,
# for the default build folder and another one, B=build-x) is ignored,
# nothing is written outside the build folder, and no file git tracks is
# ignored.  Skipped outside a git checkout (a release tarball).
. tests/integration/lib.sh
set -e
command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
	{ echo "SKIP: not a git checkout"; exit 77; }

ignored_tracked=$(git ls-files -ci --exclude-standard)
[ -z "$ignored_tracked" ] || fail ".gitignore ignores tracked files: $ignored_tracked"

for b in build build-x; do
	env -u MAKEFLAGS -u MAKELEVEL make -pn B=$b all check bench >"$TMP/db" 2>/dev/null || true
	python3 - "$TMP/db" >"$TMP/written" <<'PY'
# A file make writes: an entry of the "# Files" section that is a target
# (not "# Not a target:"), not phony, with a recipe (a -MP header entry
# has none).
import re, sys
phony, written, in_files = set(), [], False
lines = open(sys.argv[1]).read().split("\n")
for i, line in enumerate(lines):
    if line.startswith(".PHONY:"):
        phony.update(line.split(":", 1)[1].split())
    if line == "# Files":
        in_files = True
    elif line.startswith("# files hash-table stats"):
        in_files = False
    elif in_files and re.match(r"^[^#\s][^:]*?:(?!=)", line):
        name = line.split(":", 1)[0]
        if lines[i - 1] == "# Not a target:" or "%" in name or name.startswith("."):
            continue
        entry = lines[i + 1:lines.index("", i)]
        if any(l.startswith("\t") for l in entry):
            written.append(name)
print("\n".join(w for w in written if w not in phony))
PY
	[ "$(wc -l <"$TMP/written")" -gt 100 ] || fail "B=$b: make's database lists only $(wc -l <"$TMP/written") files"
	outside=$(grep -v "^$b/" "$TMP/written" || true)
	[ -z "$outside" ] || fail "B=$b: make writes outside $b/: $outside"
	not_ignored=$(git check-ignore --no-index -v -n --stdin <"$TMP/written" | sed -n 's/^::\t//p')
	[ -z "$not_ignored" ] || fail "B=$b: .gitignore does not ignore: $not_ignored"
done
echo PASS
