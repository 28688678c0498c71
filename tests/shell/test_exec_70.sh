#!/bin/sh
# vbw exec against VirtualBox 7.0.10: the guest's exit status 3 (VBoxManage
# exit 35) in text and --json, a killed program, a timeout, guest additions
# not running, VM not found, VM not running.
. "$(dirname "$0")/lib.sh"

use_transcript exec-70.txt
vbw exec boinc_a --user boinc -- /bin/sh -c "echo result 42; echo warning >&2; exit 3"
expect_code 3 "guest exit 3"
expect_out "result 42
"
expect_err "warning
"
vbw exec --json boinc_a -- /bin/sleep 600
expect_code 128 "killed by a signal VirtualBox does not name"
expect_out_has '{"vm":"boinc_a","cmd":"/bin/sleep","args":["600"],"out":"","err":"","finished":false,"exit_code_or_signal":null,"timed_out":false,"resources":{"wall_ms":'
expect_err ""
vbw exec boinc_a --timeout 2 -- /bin/sleep 600
expect_code 124 "timeout"
expect_out_empty
expect_err "vbw: boinc_a: /bin/sleep timed out after 2 s
"
vbw exec boinc_a -- /bin/true
expect_code 125 "guest additions not running"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: boinc_a: "
expect_err_has "The guest execution service is not ready (yet)"
expect_err_has "VBOX_E_IPRT_ERROR 0x80bb0005"
vbw --json exec nosuchvm -- /bin/true
expect_code 125 "VM not found"
expect_out_has '{"vm":"nosuchvm","cmd":"/bin/true","args":[],"out":"","err":"","finished":false,"exit_code_or_signal":null,"timed_out":false,"resources":{},"error":"'
expect_out_has '"vbox_error":"VBOX_E_OBJECT_NOT_FOUND","hresult":"0x80bb0001"}'
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
expect_err_has "Could not find a registered machine named 'nosuchvm'"
vbw exec boinc_off -- /bin/true
expect_code 125 "VM not running"
expect_out_empty
expect_err_lines 1
expect_err_has 'vbw: boinc_off: '
expect_err_has 'Machine "boinc_off" is not running (currently powered off)!'
vbw --json exec boinc_a -- /bin/sh -c "echo out; echo err >&2; exit 3"
expect_code 3 "guest exit 3, json"
expect_out_has '{"vm":"boinc_a","cmd":"/bin/sh","args":["-c","echo out; echo err >&2; exit 3"],"out":"out\n","err":"err\n","finished":true,"exit_code_or_signal":3,"timed_out":false,"resources":{"wall_ms":'
expect_err ""
expect_transcript_done
finish
