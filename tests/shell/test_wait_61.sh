#!/bin/sh
# vbw wait --alive against VirtualBox 6.1.36: a chosen guest property, a
# fresh heartbeat file (no VBoxManage call), a stale one (timeout), a saved VM
# (fails at once, --json error event), an unknown VM.
. "$(dirname "$0")/lib.sh"

use_transcript wait-61.txt
vbw wait boinc_vm --alive --property /VirtualBox/GuestInfo/OS/LoggedInUsers
expect_code 0 "property"
grep -qE '^boinc_vm: alive after [0-9]+\.[0-9] s$' "$WORK/out" || fail "no alive line"
expect_err ""
: > "$WORK/heartbeat"
vbw wait boinc_vm --alive --heartbeat "$WORK/heartbeat" --stale 60
expect_code 0 "heartbeat"
grep -qE '^boinc_vm: alive after [0-9]+\.[0-9] s$' "$WORK/out" || fail "no alive line (heartbeat)"
expect_err ""
: > "$WORK/stale"
touch -d '2020-01-01 00:00:00' "$WORK/stale"
vbw wait boinc_vm --alive --heartbeat "$WORK/stale" --timeout 0
expect_code 1 "stale heartbeat"
expect_out_empty
expect_err "vbw: boinc_vm: guest not alive after 0 s
"
vbw wait boinc_vm --alive --json
expect_code 1 "saved VM"
grep -qE '^\{"vm":"boinc_vm","event":"error","state":"saved","after_ms":[0-9]+,"error":"VM is not running \(saved\)","error_code":"state"\}$' "$WORK/out" ||
    fail "no error event"
expect_err "vbw: boinc_vm: VM is not running (saved)
"
vbw wait nosuchvm --alive
expect_code 1 "VM not found"
expect_out_empty
expect_err "vbw: nosuchvm: VBoxManage showvminfo: Could not find a registered machine named 'nosuchvm' (VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)
"
expect_transcript_done
finish
