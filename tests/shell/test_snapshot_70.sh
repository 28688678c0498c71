#!/bin/sh
# vbw snapshot take / list / restore against VirtualBox 7.0.10 output; not a
# terminal, so progress comes as plain lines on stderr.
. "$(dirname "$0")/lib.sh"

use_transcript snapshot-70.txt
vbw snapshot take boinc_a before-update
expect_code 0 "take"
expect_out "boinc_a: snapshot 'before-update' taken
"
expect_err "100%
"
vbw snapshot list boinc_a
expect_code 0 "list"
expect_out "base (UUID: a0000000-0000-4000-8000-000000000001)
  before-update (UUID: a0000000-0000-4000-8000-000000000002) *
"
vbw --json snapshot restore boinc_a base
expect_code 0 "restore"
expect_out '{"vm":"boinc_a","action":"restore","snapshot":"base","ok":true}
'
expect_err ""
expect_transcript_done
finish
