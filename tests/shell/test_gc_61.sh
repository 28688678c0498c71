#!/bin/sh
# vbw gc -v --yes against VirtualBox 6.1.36: removes the powered-off wrapper VM
# whose slot directory is gone, keeps the running one, ignores other VMs.
. "$(dirname "$0")/lib.sh"

use_transcript gc-61.txt
vbw gc -v --yes
expect_code 0 "gc --yes"
expect_out "boinc_orphan: slot directory /nonexistent-vbw-shell-test/slots/7 is gone (poweroff): removed
boinc_busy: kept (running)
"
expect_transcript_done
finish
