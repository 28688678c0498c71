#!/bin/sh
# vbw cp both ways against VirtualBox 6.1.36: success, a missing host file (no
# VBoxManage call), a missing guest file, guest additions not running, VM not
# found.
. "$(dirname "$0")/lib.sh"

use_transcript cp-61.txt "HOST=$WORK"
echo data > "$WORK/input.dat"
vbw cp "$WORK/input.dat" boinc_vm:/home/boinc/shared/input.dat
expect_code 0 "copy to the guest"
expect_out_empty
expect_err ""
vbw --json cp boinc_vm:/home/boinc/shared/result.dat "$WORK/result.dat"
expect_code 0 "copy from the guest"
expect_out '{"vm":"boinc_vm","direction":"from_guest","host_path":"'"$WORK"'/result.dat","guest_path":"/home/boinc/shared/result.dat","ok":true}
'
expect_err ""
vbw cp "$WORK/nothing-here" boinc_vm:/home/boinc/shared/x
expect_code 1 "missing host file"
expect_err "vbw: boinc_vm: cannot copy '$WORK/nothing-here': No such file or directory
"
vbw cp boinc_vm:/home/boinc/no-such-file "$WORK/out.dat"
expect_code 1 "missing guest file"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: boinc_vm: "
expect_err_has 'No such file or directory "/home/boinc/no-such-file"'
expect_err_has "VBOX_E_IPRT_ERROR"
vbw cp boinc_vm:/home/boinc/shared/result.dat "$WORK/result.dat"
expect_code 1 "guest additions not running"
expect_err_lines 1
expect_err_has "The guest execution service is not ready (yet) (VBOX_E_IPRT_ERROR 0x80bb0005)"
vbw cp nosuchvm:/home/boinc/shared/result.dat "$WORK/result.dat"
expect_code 1 "VM not found"
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
expect_err_has "(VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)"
expect_transcript_done
finish
