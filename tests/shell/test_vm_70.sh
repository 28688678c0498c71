#!/bin/sh
# vbw list / info and the power verbs against VirtualBox 7.0.10 output: pause
# (one VM missing), start --wait, resume, stop --wait, poweroff, savestate,
# pause of a powered-off VM, start of an unknown VM, stop --timeout that falls
# back to poweroff, start --all --wait.
. "$(dirname "$0")/lib.sh"

use_transcript vm-list-info-70.txt
vbw list
expect_code 0 "list"
expect_out "$(printf '%-32s %-14s %s\n' NAME STATE UUID boinc_8a1c2e3f4d5b6a79 running 0f6d8a3c-1b2e-4c5d-9e8f-7a6b5c4d3e2f \
    'My VM (copy)' poweroff 4b1f9c2a-8d3e-4f6a-b7c8-d9e0f1a2b3c4)
"
expect_err ""
vbw info boinc_8a1c2e3f4d5b6a79
expect_code 0 "info"
expect_out_has "name: boinc_8a1c2e3f4d5b6a79"
expect_out_has "state: running"
expect_out_has "memory_mb: 2048"
expect_out_has "config_file: /var/lib/boinc/slots/3/boinc_8a1c2e3f4d5b6a79/boinc_8a1c2e3f4d5b6a79.vbox"
expect_out_has "guest_additions_run_level: 2"
vbw info nosuchvm
expect_code 1 "info of a missing VM"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
expect_err_has "Could not find a registered machine named 'nosuchvm'"
expect_err_has "VBOX_E_OBJECT_NOT_FOUND"
expect_err_has "0x80bb0001"
expect_transcript_done

use_transcript power-70.txt
# -j 1: one VM after the other, as the transcript recorded them (test_multi_vm_70 runs them at once).
vbw pause -j 1 boinc_a boinc_gone
expect_code 1 "pause with one missing VM"
expect_out "boinc_a: pause
"
expect_err_lines 1
expect_err_has "vbw: boinc_gone: "
expect_err_has "VBOX_E_OBJECT_NOT_FOUND"
vbw --json start boinc_b --wait
expect_code 0 "start --wait"
expect_out '{"action":"start","results":[{"vm":"boinc_b","ok":true,"state":"running"}]}
'
expect_err ""
expect_transcript_done

use_transcript power-more-70.txt
vbw resume boinc_a
expect_code 0 "resume"
expect_out "boinc_a: resume
"
expect_err ""
vbw stop boinc_b --wait
expect_code 0 "stop --wait"
expect_out "boinc_b: stop: poweroff
"
expect_err ""
vbw poweroff boinc_c
expect_code 0 "poweroff"
expect_out "boinc_c: poweroff
"
expect_err ""
vbw --json savestate boinc_d
expect_code 0 "savestate"
expect_out '{"action":"savestate","results":[{"vm":"boinc_d","ok":true}]}
'
expect_err ""
vbw pause boinc_e
expect_code 1 "pause of a powered-off VM"
expect_out_empty
expect_err "vbw: boinc_e: VBoxManage pause: Machine 'boinc_e' is not currently running.
"
vbw --json start nosuchvm
expect_code 1 "start of an unknown VM"
expect_out '{"action":"start","results":[{"vm":"nosuchvm","ok":false,"error":"VBoxManage showvminfo: Could not find a registered machine named '"'"'nosuchvm'"'"' (VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)","error_code":"not-found","vbox_error":"VBOX_E_OBJECT_NOT_FOUND","hresult":"0x80bb0001"}]}
'
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
vbw --json stop boinc_f --timeout 0
expect_code 0 "stop --timeout: the guest ignores the button, so the power is cut (issue 22.5)"
expect_out '{"action":"stop","results":[{"vm":"boinc_f","ok":true,"state":"poweroff","forced":true}]}
'
expect_err ""
expect_transcript_done

use_transcript power-all-70.txt
vbw start --all --wait -j 1
expect_code 0 "start --all --wait"
expect_out "boinc_x: start: running
analysis: start: running
"
expect_err ""
expect_transcript_done
finish
