#!/bin/sh
# The user's --timeout is the one obeyed (issue 22.6): a VBoxManage call that hangs is killed
# after --timeout seconds, at least 15 (not after the backend's own limit of 2 minutes and more:
# without the cap this test runs into ctest's timeout); -v shows each call's
# argv; the backend's retries of a busy VirtualBox are said on stderr without -v.
. "$(dirname "$0")/lib.sh"

use_transcript power-70.txt
# A stand-in whose first call hangs until it is killed.
cat > "$WORK/VBoxManage" <<EOS
#!/bin/sh
VBW_REPLAY_FAULTS='1:hang' VBW_REPLAY_TRANSCRIPT='$DATA/power-70.txt' VBW_REPLAY_STATE='$STATE' exec '$REPLAY' "\$@"
EOS
vbw --json pause boinc_a --timeout 2
expect_code 1 "hung pause"
expect_out '{"action":"pause","results":[{"vm":"boinc_a","ok":false,"error":"VBoxManage controlvm timed out after 15 s (--timeout)","error_code":"timeout"}]}
'

use_transcript power-70.txt
vbw -v pause boinc_a
expect_code 0 "pause -v"
expect_err "vbw: run: $WORK/VBoxManage controlvm boinc_a pause
"

# Two session-lock errors, then the recorded answer: the backend retries, and says so.
cat > "$WORK/VBoxManage" <<EOS
#!/bin/sh
VBW_REPLAY_FAULTS='2:lock:2' VBW_REPLAY_TRANSCRIPT='$DATA/power-70.txt' VBW_REPLAY_STATE='$STATE' exec '$REPLAY' "\$@"
EOS
vbw pause boinc_gone
expect_code 1 "pause after retries"
expect_err_has "vbw: VBoxManage controlvm: VirtualBox is busy, retry 1"
expect_err_has "vbw: VBoxManage controlvm: VirtualBox is busy, retry 2"
expect_err_lines 3
expect_err_has "vbw: boinc_gone: VBoxManage pause: Could not find a registered machine named 'boinc_gone'"
finish
