#!/bin/sh
# vbw snapshot take / list / restore / delete / restore-current against
# VirtualBox 6.1.36; failures: an unknown snapshot, a VM without snapshots,
# an unknown VM.
. "$(dirname "$0")/lib.sh"

use_transcript snapshot-61.txt
vbw snapshot take boinc_vm boinc_600
expect_code 0 "take"
expect_out "boinc_vm: snapshot 'boinc_600' taken
"
expect_err "100%
"
vbw --json snapshot list boinc_vm
expect_code 0 "list"
expect_out '{"vm":"boinc_vm","current_uuid":"b0000000-0000-4000-8000-000000000002","current_name":"boinc_600","snapshots":[{"name":"clean","uuid":"b0000000-0000-4000-8000-000000000001","depth":0,"current":false},{"name":"boinc_600","uuid":"b0000000-0000-4000-8000-000000000002","depth":1,"current":true}]}
'
expect_err ""
vbw snapshot restore boinc_vm clean
expect_code 0 "restore"
expect_out "boinc_vm: snapshot 'clean' restored
"
expect_err "100%
"
vbw --json snapshot delete boinc_vm boinc_600
expect_code 0 "delete"
expect_out '{"vm":"boinc_vm","action":"delete","snapshot":"boinc_600","ok":true}
'
expect_err ""
vbw snapshot restore boinc_vm
expect_code 0 "restore current"
expect_out "boinc_vm: current snapshot restored
"
vbw snapshot delete boinc_vm nosuch
expect_code 1 "unknown snapshot"
expect_out_empty
expect_err "vbw: boinc_vm: VBoxManage snapshot delete: Could not find a snapshot named 'nosuch' (VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)
"
vbw snapshot list boinc_new
expect_code 0 "no snapshots"
expect_out_empty
expect_err ""
vbw snapshot list nosuchvm
expect_code 1 "VM not found"
expect_out_empty
expect_err "vbw: nosuchvm: VBoxManage snapshot list: Could not find a registered machine named 'nosuchvm' (VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)
"
expect_transcript_done
finish
