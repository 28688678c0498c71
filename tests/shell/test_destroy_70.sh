#!/bin/sh
# vbw destroy refuses a VM vbw did not make and removes a wrapper VM.
. "$(dirname "$0")/lib.sh"

use_transcript destroy-70.txt
vbw destroy alice
expect_code 1 "not vbw's"
expect_err "vbw: alice: not created by vbw or the wrapper; use --force
"
vbw destroy boinc_old
expect_code 0 "destroy"
expect_out "boinc_old: destroyed
"
expect_err ""
expect_transcript_done
finish
