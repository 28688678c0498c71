#!/bin/sh
# Issue 20.11: a --timeout vbw cannot pass on whole is refused before any call, never silently
# dropped: `exec --timeout 3000000` (3e9 ms overflowed the int and the guest program ran with no
# limit at all), a limit under a millisecond (rounded to 0 = none), and a power verb's 10000000
# (its call cap overflowed). The longest accepted limit reaches VBoxManage intact.
. "$(dirname "$0")/lib.sh"

use_transcript exec-timeout-70.txt
vbw exec boinc_a --timeout 3000000 -- /bin/true
expect_code 2 "exec --timeout 3000000"
expect_out_empty
expect_err "vbw: exec: --timeout: '3000000' is out of range (0..2000000 seconds)
Try 'vbw exec --help'.
"
vbw exec boinc_a --timeout 0.0001 -- /bin/true
expect_code 2 "exec --timeout 0.0001"
expect_err "vbw: exec: --timeout: '0.0001' is under a millisecond
Try 'vbw exec --help'.
"
vbw stop boinc_a --timeout 10000000
expect_code 2 "stop --timeout 10000000"
expect_err_has "vbw: stop: --timeout: '10000000' is out of range (0..2000000 seconds)"
vbw wait boinc_a --alive --timeout 1e9
expect_code 2 "wait --timeout 1e9"
expect_err_has "vbw: wait: --timeout: '1e9' is out of range (0..2000000 seconds)"
vbw exec boinc_a --timeout 2000000 -- /bin/true
expect_code 0 "exec --timeout 2000000 (the longest)"
expect_transcript_done
finish
