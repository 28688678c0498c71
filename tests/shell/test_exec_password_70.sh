#!/bin/sh
# The guest password need not be on vbw's command line (issue 22.2): --password-file (first
# line, newline dropped) or VBW_GUEST_PASSWORD; a missing file fails before any call.
. "$(dirname "$0")/lib.sh"

use_transcript exec-password-70.txt
printf 's3cret word\n' > "$WORK/pw"
vbw exec boinc_a --user boinc --password-file "$WORK/pw" -- /bin/true
expect_code 0 "password from a file"
expect_err ""
VBW_GUEST_PASSWORD='s3cret word' vbw exec boinc_a --user boinc -- /bin/true
expect_code 0 "password from the environment"
vbw exec boinc_a --user boinc --password-file "$WORK/no-such-file" -- /bin/true
expect_code 125 "missing password file"
expect_err_has "vbw: exec: --password-file: "
expect_transcript_done
finish
