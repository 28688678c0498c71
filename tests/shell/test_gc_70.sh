#!/bin/sh
# vbw gc: lists, then removes, the wrapper VM whose slot directory is gone;
# keeps the running one and the one whose slot exists ({SLOT} = cwd).
. "$(dirname "$0")/lib.sh"

use_transcript gc-70.txt
mkdir "$WORK/slot" && cd "$WORK/slot" || exit 1
vbw gc
expect_code 0 "gc"
expect_out "boinc_orphan: slot directory /nonexistent-vbw-shell-test/slots/7 is gone (poweroff): would remove (run with --yes)
"
expect_err ""
vbw gc --yes --json
expect_code 0 "gc --yes"
expect_out_has '{"vm":"boinc_orphan","uuid":"00000000-0000-4000-8000-00000000000a","accessible":true,"state":"poweroff","settings_file":"/nonexistent-vbw-shell-test/slots/7/boinc_orphan/boinc_orphan.vbox","slot_dir":"/nonexistent-vbw-shell-test/slots/7","verdict":"removed"}'
expect_out_has '"vm":"boinc_busy"'
expect_out_has '"verdict":"kept-running"'
expect_out_has '"verdict":"kept-slot-exists"'
expect_out_has '"media":[],"orphans":1,"orphan_media":0}'
expect_transcript_done
finish
