#!/bin/sh
# vbw exec against VirtualBox 6.1.36 (no --arg0: argv[0] after "--"): guest
# exit 3 in --json and text, guest additions not running, a killed program,
# a timeout, VM not found.
. "$(dirname "$0")/lib.sh"

use_transcript exec-61.txt
vbw --json exec boinc_vm -- /bin/sh -c "exit 3"
expect_code 3 "guest exit 3"
expect_out_has '{"vm":"boinc_vm","cmd":"/bin/sh","args":["-c","exit 3"],"out":"","err":"","finished":true,"exit_code_or_signal":3,"timed_out":false,"resources":{"wall_ms":'
expect_err ""
vbw exec boinc_vm -- /bin/true
expect_code 125 "guest additions not running"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: boinc_vm: "
expect_err_has "Waiting for guest process failed: The guest execution service is not ready (yet)"
expect_err_has "VBOX_E_IPRT_ERROR 0x80bb0005"
vbw exec boinc_vm --user boinc -- /bin/sh -c "echo result 42; echo warning >&2; exit 3"
expect_code 3 "guest exit 3, text"
expect_out "result 42
"
expect_err "warning
"
vbw exec boinc_vm -- /bin/sleep 600
expect_code 128 "killed"
expect_out_empty
expect_err "vbw: boinc_vm: /bin/sleep killed by a signal (VirtualBox does not say which)
"
vbw --json exec boinc_vm --timeout 2 -- /bin/sleep 600
expect_code 124 "timeout"
expect_out_has '"finished":false,"exit_code_or_signal":null,"timed_out":true,'
expect_err ""
vbw exec nosuchvm -- /bin/true
expect_code 125 "VM not found"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
expect_err_has "(VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)"
expect_transcript_done
finish
