#!/bin/sh
# vbw replay runs a whole script (several vbw processes) against one
# transcript and checks it was used up; vbw record writes a transcript that
# replays the same way.
. "$(dirname "$0")/lib.sh"

# replay: three vbw processes share one position in the transcript.
"$VBW" replay "$DATA/vm-list-info-70.txt" -- sh -c \
    '"$0" list >/dev/null && "$0" info boinc_8a1c2e3f4d5b6a79 >/dev/null && "$0" info nosuchvm' \
    "$VBW" > "$WORK/out" 2> "$WORK/err"
CODE=$?
expect_code 1 "the script's own status (info nosuchvm)"
expect_err_has "vbw: nosuchvm: "
grep -q "did not make every recorded call" "$WORK/err" && fail "transcript should be used up"

# replay: a script that stops early is reported.
"$VBW" replay "$DATA/vm-list-info-70.txt" -- "$VBW" info nosuchvm > "$WORK/out" 2> "$WORK/err"
CODE=$?
expect_code 1 "calls missing"
expect_err_has "did not make every recorded call"

# record: the "real" VBoxManage is itself a replay of vm-list-info-61.txt.
use_transcript vm-list-info-61.txt
"$VBW" --vboxmanage "$WORK/VBoxManage" record -o "$WORK/rec.txt" -- sh -c \
    '"$0" list && "$0" info boinc_vm > /dev/null && "$0" info nosuchvm' "$VBW" > "$WORK/out" 2> "$WORK/err"
CODE=$?
expect_code 1 "the recorded script's status"
expect_err_has "vbw: record: 4 VBoxManage calls written to $WORK/rec.txt"
grep -q '^# source: recorded by vbw record' "$WORK/rec.txt" || fail "no source header"
# the VirtualBox it came from, although the recorded command never asked
grep -q '^# version: 6.1.36r152435$' "$WORK/rec.txt" || fail "no version header"
grep -q '^call --version' "$WORK/rec.txt" && fail "the header's --version became a step"
grep -q '^call showvminfo nosuchvm --machinereadable$' "$WORK/rec.txt" || fail "call missing"
expect_transcript_done
"$VBW" replay "$WORK/rec.txt" -- sh -c '"$0" list --json && "$0" info boinc_vm > /dev/null && "$0" info nosuchvm' "$VBW" \
    > "$WORK/out" 2> "$WORK/err"
CODE=$?
expect_code 1 "replay of the recording"
expect_out_has '"name":"boinc_vm"'
grep -q "did not make every recorded call" "$WORK/err" && fail "recording should replay fully"
finish
