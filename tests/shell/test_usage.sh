#!/bin/sh
# Usage errors exit 2 with a hint; --help exits 0; no VBoxManage call.
. "$(dirname "$0")/lib.sh"

use_transcript doctor-70.txt
vbw
expect_code 2 "no command"
expect_err_has "Usage: vbw"
vbw frobnicate
expect_code 2 "unknown command"
expect_err "vbw: unknown command 'frobnicate'
Try 'vbw --help'.
"
vbw exec boinc_a /bin/true
expect_code 2 "exec without --"
expect_err_has "vbw: exec: expects '-- CMD [ARGS...]'"
vbw pause
expect_code 2 "pause without VMs"
vbw --help
expect_code 0 "--help"
expect_out_has "Exit status: 0 ok, 1 an operation failed, 2 usage error"
vbw snapshot --help
expect_code 0 "snapshot --help"
expect_out_has "Usage: vbw snapshot take VM NAME"
finish
