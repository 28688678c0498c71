#!/bin/sh
# Issue 20.19: a guest path starting with '-' once became an option of VBoxManage guestcontrol
# copyto/copyfrom (`vm:--target-directory=/etc` chose another destination). It is refused before
# any VBoxManage call, both ways, with the reason on stderr and in --json; a '-' further in is
# a path like any other.
. "$(dirname "$0")/lib.sh"

use_transcript cp-dash-70.txt "HOST=$WORK"
echo data > "$WORK/input.dat"
vbw cp "$WORK/input.dat" "boinc_a:--target-directory=/etc"
expect_code 1 "to the guest"
expect_out_empty
expect_err "vbw: boinc_a: guest path '--target-directory=/etc' starts with '-' (VBoxManage would read it as an option); give an absolute path
"
vbw --json cp "boinc_a:-rf" "$WORK/out.dat"
expect_code 1 "from the guest"
expect_out_has '"guest_path":"-rf","ok":false,"error":"guest path '"'"'-rf'"'"' starts with '"'"'-'"'"''
vbw cp "$WORK/input.dat" "boinc_a:/home/boinc/-x.dat"
expect_code 0 "a '-' further in"
expect_transcript_done
[ ! -e "$WORK/out.dat" ] || fail "a file was written"
finish
