# docs/ARCHITECTURE.md is the map of the code: every source file of the
# host side (core/, cpu/, kvm/, devices/, cli/, tui/, bench/, scripts/) is
# named in its folder's rows - by its name, by a pattern the page gives
# (`exec_*.c`), or,
# for a header, by the .c file of the same name beside it - and every
# folder of guest/ and tests/ is. A file added without its row fails here
# with its name. The docs also stand alone: they never send a reader to a
# place outside the repository (../shared, an issue number, "this session").
. tests/integration/lib.sh
set -e

python3 - docs/ARCHITECTURE.md <<'PY' || exit 1
import fnmatch, glob, os, re, sys
page = open(sys.argv[1]).read().replace("```", "")

def words(text):
    out = set()
    for quoted in re.findall(r"`([^`\n]+)`", text):
        out.update(w for w in re.split(r"[ ,()]+", quoted) if w)
    return out

names = words(page)   # anywhere: a path in full, a folder of guest/ or tests/
# The folders' table: a row's names are its folder's (the first cell, or
# the row above's when empty), so core/memory.c's row does not stand for
# cpu/memory.c's.
by_folder, folders = {}, []
for line in page.splitlines():
    if not line.startswith("| "):
        continue
    cells = line.split("|")[1:-1]
    if cells[0].strip():
        folders = re.findall(r"`([a-z]+/)`", cells[0])
    for f in folders:
        by_folder.setdefault(f, set()).update(words(line))

def named(path):
    base = os.path.basename(path)
    row = by_folder.get(path.split("/")[0] + "/", set())
    if base in row or path in names or path.rstrip("/") + "/" in names:
        return True
    return any(fnmatch.fnmatch(base, p) for p in row if "*" in p)

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
        folder_named = (os.path.basename(os.path.dirname(path)) + "/" in
                        by_folder.get(top_of(folder) + "/", set()))
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
