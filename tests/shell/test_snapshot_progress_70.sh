#!/bin/sh
# Snapshot progress as it goes (issue 22, comparison row 6): VBoxManage's meter reaches vbw's
# stderr while the snapshot is still being taken, not when the call has ended. The stand-in
# prints "0%...10%...20%..." and never ends, so "20%" can only appear before the call ends if
# vbw passes the meter on as it comes; --timeout then ends the call (exit 1). The wait for the
# line is a poll with a generous deadline; nothing is timed.
. "$(dirname "$0")/lib.sh"

use_transcript snapshot-progress-70.txt
"$VBW" --vboxmanage "$WORK/VBoxManage" snapshot take boinc_a slow --timeout 15 \
    > "$WORK/out" 2> "$WORK/err" &
pid=$!
tries=0
until grep -q '^20%$' "$WORK/err"; do
    tries=$((tries + 1))
    [ "$tries" -lt 600 ] || { fail "no 20% line on stderr"; break; }
    sleep 0.1
done
kill -0 "$pid" 2> /dev/null || fail "vbw ended before the meter was seen"
wait "$pid"
CODE=$?
expect_code 1 "the snapshot that never ends is cut at --timeout"
expect_err_has "vbw: boinc_a: VBoxManage snapshot timed out after 15 s (--timeout)"
expect_transcript_done
finish
