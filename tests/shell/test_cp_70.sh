#!/bin/sh
# vbw cp both ways against VirtualBox 7.0.10, and the two missing-file cases.
. "$(dirname "$0")/lib.sh"

use_transcript cp-70.txt "HOST=$WORK"
vbw cp "$WORK/missing.dat" boinc_a:/home/boinc/missing.dat
expect_code 1 "missing host file"
expect_err "vbw: cp: cannot copy '$WORK/missing.dat': No such file or directory
"
echo data > "$WORK/input.dat"
vbw cp "$WORK/input.dat" boinc_a:/home/boinc/input.dat
expect_code 0 "copy to the guest"
expect_out_empty
expect_err ""
vbw --json cp boinc_a:/home/boinc/no-such-file "$WORK/out.dat"
expect_code 1 "missing guest file"
expect_out_has '"direction":"from_guest"'
expect_out_has '"ok":false'
expect_err_has 'vbw: boinc_a: '
expect_err_has 'No such file or directory "/home/boinc/no-such-file"'
expect_transcript_done
finish
