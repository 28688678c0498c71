#!/bin/sh
# vbw create against VirtualBox 7.0.10: the calls the wrapper makes for a job
# (createvm, one modifyvm, storagectl, storageattach, sharedfolder), text and
# --json; a job the wrapper refuses fails before any VBoxManage call.
. "$(dirname "$0")/lib.sh"

use_transcript create-70.txt "SLOTDIR=$WORK/slot"
vbw create boinc_new --job "$DATA/create-job.xml" --slot "$WORK/slot"
expect_code 0 "create"
expect_out "boinc_new: created in $WORK/slot
"
expect_err ""
vbw --json create analysis --job "$DATA/create-job.xml" --slot "$WORK/slot"
expect_code 0 "create --json"
expect_out '{"vm":"analysis","slot":"'"$WORK"'/slot","ok":true}
'
expect_err ""
expect_transcript_done
vbw create boinc_bad --job "$DATA/../../../fixtures/jobs/bad_name_slash.xml" --slot "$WORK/slot"
expect_code 1 "refused job"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: boinc_bad: "
expect_err_has "contains a '/'"
expect_transcript_done
vbw create boinc_x --slot "$WORK/slot"
expect_code 2 "no --job"
expect_err "vbw: create: expects VM --job FILE, or VM --ostype TYPE [flags]
Try 'vbw create --help'.
"
finish
