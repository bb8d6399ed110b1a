# The name the L1 hypervisor announces its guest by ("hv: running NAME as
# L2") is the image as the user named it: whole up to 63 bytes (it was cut
# to 15, silently: a file's path lost its end), and past that cut visibly,
# "..." and the name's last 60 bytes - the end of a path names the file -
# since the boot info's field holds 63 (guest/abi/nested.h).
. tests/integration/lib.sh
set -e

announced() { # image level-line
	run_status "$VMSCOPE" trace --nested 1 --backend soft \
		--serial "$TMP/serial" "$1" >/dev/null 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$1: status $status: $(cat "$TMP/err")"
	grep -qxF "[L1] hv: running $2 as L2 in 32 MiB at L1-physical 0x2000000" "$TMP/serial" ||
		fail "$1: L1 said $(grep 'hv: running' "$TMP/serial")"
}

mkdir "$TMP/a_folder_of_guests"
whole="$TMP/a_folder_of_guests/hello_again.elf"
cp "$BUILD/guest/hello.elf" "$whole"
[ ${#whole} -gt 15 ] && [ ${#whole} -le 63 ] || fail "a path of ${#whole} bytes"
announced "$whole" "$whole"
echo "ok: a path of ${#whole} bytes, whole"

long="$TMP/a_folder_of_guests/a_guest_whose_name_is_longer_than_the_field_the_hypervisor_reads.elf"
cp "$BUILD/guest/hello.elf" "$long"
tail=$(printf '%s' "$long" | tail -c 60)
announced "$long" "...$tail"
echo "ok: a path of ${#long} bytes, cut visibly to its last 60"
echo "PASS"
