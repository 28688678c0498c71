#!/bin/sh
# vbw snapshot take / list / restore / delete / restore-current against
# VirtualBox 7.0.10 output; not a terminal, so progress comes as plain lines
# on stderr. Failures: an unknown snapshot, a VM without snapshots (an empty
# list, not an error), an unknown VM.
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
expect_err ""
vbw --json snapshot restore boinc_a base
expect_code 0 "restore"
expect_out '{"vm":"boinc_a","action":"restore","snapshot":"base","ok":true}
'
expect_err ""
vbw snapshot delete boinc_a before-update
expect_code 0 "delete"
expect_out "boinc_a: snapshot 'before-update' deleted
"
expect_err "100%
"
vbw snapshot restore boinc_a
expect_code 0 "restore current"
expect_out "boinc_a: current snapshot restored
"
vbw snapshot restore boinc_a nosuch
expect_code 1 "unknown snapshot"
expect_out_empty
expect_err_lines 1
expect_err "vbw: boinc_a: VBoxManage snapshot restore: Could not find a snapshot named 'nosuch' (VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)
"
vbw --json snapshot list boinc_new
expect_code 0 "no snapshots"
expect_out '{"vm":"boinc_new","current_uuid":null,"current_name":null,"snapshots":[]}
'
expect_err ""
vbw --json snapshot take nosuchvm s1
expect_code 1 "VM not found"
expect_out '{"vm":"nosuchvm","action":"take","snapshot":"s1","ok":false,"error":"VBoxManage snapshot list: Could not find a registered machine named '"'"'nosuchvm'"'"' (VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)","error_code":"not-found","vbox_error":"VBOX_E_OBJECT_NOT_FOUND","hresult":"0x80bb0001"}
'
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
expect_transcript_done
finish
