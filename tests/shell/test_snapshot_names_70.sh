#!/bin/sh
# Snapshot names (issue 22.10): an empty name is a usage error before any call; a name the VM
# already has is refused (VirtualBox would take a second one, and restore/delete by name would
# then pick either); --force takes it anyway.
. "$(dirname "$0")/lib.sh"

use_transcript snapshot-names-70.txt
vbw snapshot take boinc_a ""
expect_code 2 "empty name"
expect_err "vbw: snapshot: the snapshot NAME is empty
Try 'vbw snapshot --help'.
"
vbw snapshot take boinc_a base
expect_code 1 "duplicate name"
expect_out_empty
expect_err "vbw: boinc_a: VM already has a snapshot named 'base' (UUID a0000000-0000-4000-8000-000000000001); use --force to take another of that name
"
vbw --json snapshot take boinc_a base --force
expect_code 0 "duplicate with --force"
expect_out '{"vm":"boinc_a","action":"take","snapshot":"base","ok":true}
'
expect_transcript_done
finish
