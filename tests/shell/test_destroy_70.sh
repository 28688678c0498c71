#!/bin/sh
# vbw destroy against VirtualBox 7.0.10: refuses a VM vbw did not make,
# removes a wrapper VM, an unknown VM, refuses a running VM, --force powers it
# off first.
. "$(dirname "$0")/lib.sh"

use_transcript destroy-70.txt
vbw destroy alice
expect_code 1 "not vbw's"
expect_out_empty
expect_err "vbw: alice: not created by vbw or the wrapper; use --force
"
vbw destroy boinc_old
expect_code 0 "destroy"
expect_out "boinc_old: destroyed
"
expect_err ""
vbw destroy nosuchvm
expect_code 1 "VM not found"
expect_out_empty
expect_err "vbw: nosuchvm: VBoxManage showvminfo: Could not find a registered machine named 'nosuchvm' (VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)
"
vbw destroy boinc_run
expect_code 1 "running"
expect_out_empty
expect_err "vbw: boinc_run: VM is running; power it off first or use --force
"
vbw --json destroy boinc_run --force
expect_code 0 "--force"
expect_out '{"vm":"boinc_run","ok":true}
'
expect_err ""
expect_transcript_done
finish
