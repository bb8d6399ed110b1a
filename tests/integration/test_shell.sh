# The shell guest on every backend, typed at by --keys, with vmscope's own
# 8259 (tests/integration/shell_lib.sh says what is checked).
. tests/integration/lib.sh
set -e
. tests/integration/shell_lib.sh
for backend in $(backends); do
	check_shell $backend
done
