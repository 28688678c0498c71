#!/bin/sh
# vbw wait --alive: the guest property appears on the second poll; --follow
# reports when the guest stops.
. "$(dirname "$0")/lib.sh"

use_transcript wait-70.txt
vbw wait boinc_a --alive --interval 0.01
expect_code 0 "wait --alive"
grep -qE '^boinc_a: alive after [0-9]+\.[0-9] s$' "$WORK/out" || fail "no alive line"
expect_err ""
vbw wait boinc_a --alive --follow --json --interval 0.01
expect_code 0 "wait --follow"
grep -qE '^\{"vm":"boinc_a","event":"alive","after_ms":[0-9]+\}$' "$WORK/out" || fail "no alive event"
grep -qE '^\{"vm":"boinc_a","event":"stopped","state":"poweroff","after_ms":[0-9]+\}$' "$WORK/out" ||
    fail "no stopped event"
expect_transcript_done
finish
