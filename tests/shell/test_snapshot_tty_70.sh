#!/bin/sh
# On a terminal (script(1) gives vbw a pty) snapshot progress is a bar
# redrawn with \r, not NN% lines. Skipped (77) without script(1).
. "$(dirname "$0")/lib.sh"

script -qec true /dev/null > /dev/null 2>&1 || { echo "script(1) or a pty not available: skipped"; exit 77; }
use_transcript snapshot-70.txt
script -qec "'$VBW' --vboxmanage '$WORK/VBoxManage' snapshot take boinc_a before-update" \
    /dev/null > "$WORK/out" 2> "$WORK/err" < /dev/null
CODE=$?
expect_code 0 "take on a terminal"
expect_out_has "$(printf '\r[########################################] 100%%\r')"
expect_out_has "boinc_a: snapshot 'before-update' taken"
grep -q '^100%' "$WORK/out" && fail "plain progress lines on a terminal"
finish
