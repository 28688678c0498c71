#!/bin/sh
# vbw list --json / info of a missing VM against VirtualBox 6.1.40 output.
. "$(dirname "$0")/lib.sh"

use_transcript vm-list-info-61.txt
vbw list --json
expect_code 0 "list --json"
expect_out '{"vms":[{"name":"boinc_vm","uuid":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","state":"poweroff","accessible":true,"vbw":true}]}
'
expect_err ""
vbw info nosuchvm --json
expect_code 1 "info of a missing VM"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
expect_err_has "VBOX_E_OBJECT_NOT_FOUND"
expect_transcript_done

use_transcript power-61.txt
vbw savestate boinc_vm --wait
expect_code 0 "savestate --wait"
expect_out "boinc_vm: savestate: saved
"
expect_err ""
vbw --json pause boinc_vm
expect_code 1 "pause of a saved VM"
expect_out_has '{"action":"pause","results":[{"vm":"boinc_vm","ok":false,"error":"'
expect_out_has "Machine 'boinc_vm' is not currently running"
expect_err_lines 1
expect_err_has "vbw: boinc_vm: "
expect_transcript_done

# --transcript: the same answers in-process, no VBoxManage program at all.
"$VBW" --transcript "$DATA/vm-list-info-61.txt" list > "$WORK/out" 2> "$WORK/err"
CODE=$?
expect_code 0 "--transcript list"
expect_out "$(printf '%-32s %-14s %s' boinc_vm poweroff 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d)
"
expect_err ""
finish
