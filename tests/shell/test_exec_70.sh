#!/bin/sh
# vbw exec against VirtualBox 7.0.10: the guest's exit status 3 (VBoxManage
# exit 35), a killed program, a timeout, guest additions not running.
. "$(dirname "$0")/lib.sh"

use_transcript exec-70.txt
vbw exec boinc_a --user boinc -- /bin/sh -c "echo result 42; echo warning >&2; exit 3"
expect_code 3 "guest exit 3"
expect_out "result 42
"
expect_err "warning
"
vbw exec --json boinc_a -- /bin/sleep 600
[ "$CODE" -ne 0 ] || fail "a killed guest program must not exit 0"
expect_out_has '"cmd":"/bin/sleep","args":["600"]'
expect_out_has '"finished":false'
vbw exec boinc_a --timeout 2 -- /bin/sleep 600
expect_code 124 "timeout"
expect_err "vbw: boinc_a: /bin/sleep timed out after 2 s
"
vbw exec boinc_a -- /bin/true
expect_code 125 "guest additions not running"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: boinc_a: "
expect_err_has "The guest execution service is not ready (yet)"
expect_err_has "VBOX_E_IPRT_ERROR"
expect_transcript_done
finish
