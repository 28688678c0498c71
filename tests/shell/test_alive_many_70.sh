#!/bin/sh
# Which guests are alive (issue 22.4): `vbw list --alive` adds an ALIVE column (yes/no for a
# running VM, no for a paused one (its guest does not run), - for one that does not run; JSON
# "alive" true/false/null) asking the guest property only of running VMs; `vbw wait --alive` takes several VMs and reports each as it comes alive,
# fails for one that does not run while still waiting for the others, and with --follow goes on
# through every guest's stop until every VM has gone (unregistered), instead of ending at the
# first stop.
. "$(dirname "$0")/lib.sh"

use_transcript alive-many-70.txt
vbw list --alive
expect_code 0 "list --alive"
expect_out "NAME                             STATE          ALIVE  UUID
boinc_a                          running        yes    a0000000-0000-4000-8000-00000000000a
boinc_b                          running        no     b0000000-0000-4000-8000-00000000000b
boinc_off                        poweroff       -      f0000000-0000-4000-8000-00000000000f
boinc_p                          paused         no     c0000000-0000-4000-8000-00000000000c
"
vbw wait boinc_a boinc_b --alive --json --interval 0.01
expect_code 0 "wait for two"
grep -qE '^\{"vm":"boinc_a","event":"alive","after_ms":[0-9]+\}$' "$WORK/out" || fail "a not alive"
grep -qE '^\{"vm":"boinc_b","event":"alive","after_ms":[0-9]+\}$' "$WORK/out" || fail "b not alive"
[ "$(wc -l < "$WORK/out")" -eq 2 ] || fail "two events expected"
vbw wait boinc_b boinc_off --alive --interval 0.01
expect_code 1 "one of two not running"
grep -qE '^boinc_b: alive after [0-9]+\.[0-9] s$' "$WORK/out" || fail "b not reported alive"
expect_err "vbw: boinc_off: VM is not running (poweroff)
"
vbw wait boinc_a boinc_b --alive --follow --json --interval 0.01
expect_code 0 "follow two"
sed 's/,"after_ms":[0-9]*//' "$WORK/out" > "$WORK/events"
printf '%s\n' '{"vm":"boinc_a","event":"alive"}' '{"vm":"boinc_b","event":"alive"}' \
    '{"vm":"boinc_a","event":"stopped","state":"poweroff"}' '{"vm":"boinc_a","event":"gone"}' \
    '{"vm":"boinc_b","event":"stopped","state":"poweroff"}' '{"vm":"boinc_b","event":"gone"}' \
    > "$WORK/want"
cmp -s "$WORK/want" "$WORK/events" || fail "follow events: $(cat "$WORK/events")"
expect_transcript_done
finish
