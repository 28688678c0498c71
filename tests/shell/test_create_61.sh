#!/bin/sh
# vbw create against VirtualBox 6.1.36 (run-together modifyvm spellings) for
# a VM not named boinc_*, then vbw destroy, which knows it by the description
# vbw create wrote.
. "$(dirname "$0")/lib.sh"

use_transcript create-61.txt "SLOTDIR=$WORK/slot"
vbw create analysis --job "$DATA/create-job.xml" --slot "$WORK/slot"
expect_code 0 "create"
expect_out "analysis: created in $WORK/slot
"
expect_err ""
vbw destroy analysis
expect_code 0 "destroy without --force"
expect_out "analysis: destroyed
"
expect_err ""
expect_transcript_done
finish
