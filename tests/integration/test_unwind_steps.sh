# The call chain at every instruction: `trace --step-insn --stack` on the
# software CPU stops after each instruction of hello, and at each stop in
# the functions below - their prologues and epilogues included, where the
# return address is at %rsp and not above %rbp - the chain must be exactly
# the one the program's calls make.  The kernel's functions are reached
# across the int 0x80 trap frame, also while the trap stub and trap_entry
# build it and take it apart.  (KVM single-steps the same way; the
# unwinder is the same code for both backends.)
. tests/integration/lib.sh
set -e
# --step-insn waits for Enter at each stop: give it one per stop.
yes '' | "$VMSCOPE" trace --backend soft --step-insn --stack --json \
	--serial /dev/null hello >"$TMP/steps.jsonl" 2>"$TMP/err"
grep -qx '.*vmscope: guest exited with status 0' "$TMP/err" ||
	fail "hello did not run to its end: $(tail -n 3 "$TMP/err")"
python3 - "$TMP/steps.jsonl" <<'PY'
import json, sys

USER = "user_start > main > printf > vfprintf > write"
KERNEL = USER + " > int 0x80 > trap > syscall_entry"
EXIT = "user_start > exit > int 0x80 > trap > syscall_entry"
expected = {
    "user_start": {"user_start"},
    "main": {"user_start > main"},
    "printf": {"user_start > main > printf"},
    "vfprintf": {"user_start > main > printf > vfprintf"},
    "write": {USER},
    "exit": {"user_start > exit"},
    "trap_vector_syscall": {USER + " > int 0x80 > trap_vector_syscall",
                            "user_start > exit > int 0x80 > trap_vector_syscall"},
    "trap_entry": {USER + " > int 0x80 > trap_entry",
                   "user_start > exit > int 0x80 > trap_entry"},
    "trap": {USER + " > int 0x80 > trap", "user_start > exit > int 0x80 > trap"},
    "syscall_entry": {KERNEL, EXIT},
    "sys_write": {KERNEL + " > sys_write"},
    "tty_write": {KERNEL + " > sys_write > tty_write"},
    "uart_putc": {KERNEL + " > sys_write > tty_write > uart_putc"},
    "sys_exit": {EXIT + " > sys_exit"},
    "shutdown": {EXIT + " > sys_exit > shutdown"},
}
seen = {fn: set() for fn in expected}
bad = 0
with open(sys.argv[1]) as f:
    for line in f:
        rec = json.loads(line)
        if "summary" in rec or rec["reason"] != "DEBUG":
            continue
        fn = rec["sym"].split("+")[0]
        if fn not in expected:
            continue
        chain = " > ".join(rec["stack"])
        seen[fn].add("entry" if rec["sym"] == fn else rec["insn"])
        if chain not in expected[fn]:
            bad += 1
            if bad <= 10:
                print(f"FAIL: at {rec['sym']} ({rec['insn']}): {chain}")
no_return = {"user_start", "exit", "sys_exit", "shutdown",
             "trap_vector_syscall", "trap_entry"}
for fn, kinds in seen.items():
    if "entry" not in kinds or ("ret" not in kinds and fn not in no_return):
        print(f"FAIL: {fn}: its first instruction or its ret was not stepped")
        bad += 1
sys.exit(1 if bad else 0)
PY
