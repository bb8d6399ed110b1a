# docs/ARCHITECTURE.md is the map of the code: every source file of the
# host side (core/, cpu/, kvm/, devices/, cli/, tui/, bench/, scripts/) is
# named on it - by its name, by a pattern the page gives (`exec_*.c`), or,
# for a header, by the .c file of the same name beside it - and every
# folder of guest/ and tests/ is. A file added without its row fails here
# with its name. The docs also stand alone: they never send a reader to a
# place outside the repository (../shared, an issue number, "this session").
. tests/integration/lib.sh
set -e

python3 - docs/ARCHITECTURE.md <<'PY' || exit 1
import fnmatch, glob, os, re, sys
page = open(sys.argv[1]).read().replace("```", "")
names = set()
for quoted in re.findall(r"`([^`\n]+)`", page):
    names.update(w for w in re.split(r"[ ,()]+", quoted) if w)
patterns = [n for n in names if "*" in n]

def named(path):
    base = os.path.basename(path)
    if base in names or path in names or path.rstrip("/") + "/" in names:
        return True
    return any(fnmatch.fnmatch(base, p) or fnmatch.fnmatch(path, p)
               for p in patterns)

def top_of(folder):
    return folder.split("/")[0]

missing = []
for folder in ("core", "cpu", "kvm", "devices", "cli", "tui", "bench",
               "bench/support", "scripts"):
    for path in sorted(glob.glob(folder + "/*")):
        if os.path.isdir(path):
            continue
        if path.endswith(".h") and os.path.exists(path[:-2] + ".c"):
            continue
        folder_named = os.path.basename(os.path.dirname(path)) + "/" in names
        if not named(path) and not (folder != top_of(folder) and folder_named):
            missing.append(path)
for top in ("guest", "tests"):
    for path in sorted(glob.glob(top + "/*/")):
        if os.path.basename(path.rstrip("/")) + "/" not in names:
            missing.append(path)
for path in missing:
    print(f"FAIL: docs/ARCHITECTURE.md has no row for {path}")
sys.exit(1 if missing else 0)
PY

if grep -nE '\.\./shared|[Ii]ssues? #?[0-9]+|this session' docs/*.md README.md >"$TMP/outside"; then
	cat "$TMP/outside"
	fail "a doc refers to something outside the repository"
fi
echo PASS
