#!/bin/sh
# vbw exec against VirtualBox 6.1.40 (no --arg0: argv[0] after "--").
. "$(dirname "$0")/lib.sh"

use_transcript exec-61.txt
vbw --json exec boinc_vm -- /bin/sh -c "exit 3"
expect_code 3 "guest exit 3"
expect_out_has '{"vm":"boinc_vm","cmd":"/bin/sh","args":["-c","exit 3"],"out":"","err":"","finished":true,"exit_code_or_signal":3,"timed_out":false,"resources":{"wall_ms":'
vbw exec boinc_vm -- /bin/true
expect_code 125 "guest additions not running"
expect_err_has "The guest execution service is not ready (yet)"
expect_transcript_done
finish
