#!/bin/sh
# vbw wait --alive against VirtualBox 7.0.10: the guest property appears on
# the second poll; --follow reports every stop (paused, powered off) and
# return of the guest until its VM is unregistered; a powered-off VM fails at
# once; --timeout; an unknown VM (--json error event).
. "$(dirname "$0")/lib.sh"

use_transcript wait-70.txt
vbw wait boinc_a --alive --interval 0.01
expect_code 0 "wait --alive"
grep -qE '^boinc_a: alive after [0-9]+\.[0-9] s$' "$WORK/out" || fail "no alive line"
[ "$(wc -l < "$WORK/out")" -eq 1 ] || fail "one line expected"
expect_err ""
vbw wait boinc_a --alive --follow --json --interval 0.01
expect_code 0 "wait --follow"
sed 's/,"after_ms":[0-9]*//' "$WORK/out" > "$WORK/events"
printf '%s\n' '{"vm":"boinc_a","event":"alive"}' \
    '{"vm":"boinc_a","event":"stopped","state":"paused"}' '{"vm":"boinc_a","event":"alive"}' \
    '{"vm":"boinc_a","event":"stopped","state":"poweroff"}' '{"vm":"boinc_a","event":"alive"}' \
    '{"vm":"boinc_a","event":"stopped","state":"poweroff"}' '{"vm":"boinc_a","event":"gone"}' \
    > "$WORK/want"
cmp -s "$WORK/want" "$WORK/events" || fail "follow events: $(cat "$WORK/events")"
grep -qvE '"after_ms":[0-9]+\}$' "$WORK/out" && fail "an event without after_ms: $(cat "$WORK/out")"
expect_err ""
vbw wait boinc_off --alive
expect_code 1 "VM not running"
expect_out_empty
expect_err "vbw: boinc_off: VM is not running (poweroff)
"
vbw wait boinc_a --alive --timeout 0
expect_code 1 "timeout"
expect_out_empty
expect_err "vbw: boinc_a: guest not alive after 0 s
"
vbw --json wait nosuchvm --alive
expect_code 1 "VM not found"
grep -qE '^\{"vm":"nosuchvm","event":"error","after_ms":[0-9]+,"error":"VBoxManage showvminfo: Could not find a registered machine named '"'"'nosuchvm'"'"' \(VBOX_E_OBJECT_NOT_FOUND 0x80bb0001\)","error_code":"not-found","vbox_error":"VBOX_E_OBJECT_NOT_FOUND","hresult":"0x80bb0001"\}$' "$WORK/out" ||
    fail "no error event"
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
expect_transcript_done
finish
