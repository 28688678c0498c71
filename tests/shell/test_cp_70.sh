#!/bin/sh
# vbw cp both ways against VirtualBox 7.0.10: success, a missing host file (no
# VBoxManage call), a missing guest file, guest additions not running, VM not
# found; text, --json, exit status.
. "$(dirname "$0")/lib.sh"

use_transcript cp-70.txt "HOST=$WORK"
vbw cp "$WORK/missing.dat" boinc_a:/home/boinc/missing.dat
expect_code 1 "missing host file"
expect_out_empty
expect_err "vbw: boinc_a: cannot copy '$WORK/missing.dat': No such file or directory
"
echo data > "$WORK/input.dat"
vbw cp "$WORK/input.dat" boinc_a:/home/boinc/input.dat
expect_code 0 "copy to the guest"
expect_out_empty
expect_err ""
vbw --json cp boinc_a:/home/boinc/no-such-file "$WORK/out.dat"
expect_code 1 "missing guest file"
expect_out_has '{"vm":"boinc_a","direction":"from_guest","host_path":"'"$WORK"'/out.dat","guest_path":"/home/boinc/no-such-file","ok":false,"error":"'
expect_out_has 'No such file or directory \"/home/boinc/no-such-file\"'
expect_err_lines 1
expect_err_has 'vbw: boinc_a: '
expect_err_has 'No such file or directory "/home/boinc/no-such-file"'
vbw -v cp boinc_a:/home/boinc/result.dat "$WORK/result.dat"
expect_code 0 "copy from the guest"
expect_out_empty
expect_err_has "vbw: copied boinc_a:/home/boinc/result.dat -> $WORK/result.dat"
vbw cp "$WORK/input.dat" boinc_b:/home/boinc/input.dat
expect_code 1 "guest additions not running"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: boinc_b: "
expect_err_has "The guest execution service is not ready (yet)"
expect_err_has "VBOX_E_IPRT_ERROR 0x80bb0005"
vbw --json cp "$WORK/input.dat" nosuchvm:/home/boinc/input.dat
expect_code 1 "VM not found"
expect_out_has '"ok":false,'
expect_out_has '"error_code":"not-found","vbox_error":"VBOX_E_OBJECT_NOT_FOUND","hresult":"0x80bb0001"}'
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
expect_err_has "Could not find a registered machine named 'nosuchvm' (VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)"
expect_transcript_done
finish
