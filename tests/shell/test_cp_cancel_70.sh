#!/bin/sh
# vbw cp cancelled as vbw exec is (issue 22.2): Ctrl-C (SIGINT) and SIGTERM during a copy reach
# VBoxManage, which is waited for (never left copying on its own), and vbw exits 128+N saying
# the copy was cancelled. The stand-in never ends the copy (`hang`). No timing is asserted:
# every wait is a poll with a generous deadline.
. "$(dirname "$0")/lib.sh"

use_transcript cp-cancel-70.txt
# The stand-in records its pid so the test can see whether it is gone.
cat > "$WORK/VBoxManage" <<EOS
#!/bin/sh
echo \$\$ > '$WORK/child.pid'
VBW_REPLAY_TRANSCRIPT='$DATA/cp-cancel-70.txt' VBW_REPLAY_STATE='$STATE' VBW_TRANSCRIPT_VARS='HOST=$WORK' exec '$REPLAY' "\$@"
EOS
chmod +x "$WORK/VBoxManage"
echo data > "$WORK/big.dat"

state_moved() { [ "$(cat "$STATE" 2> /dev/null)" != "$state_before" ]; }

# run_and_cancel SIGNAL EXPECTED_CODE
run_and_cancel() {
    rm -f "$WORK/child.pid" "$WORK/out" "$WORK/err"
    child=
    state_before=$(cat "$STATE" 2> /dev/null)
    # A background job of a script ignores SIGINT; the default comes back for vbw.
    env --default-signal=INT "$VBW" --vboxmanage "$WORK/VBoxManage" cp "$WORK/big.dat" \
        boinc_a:/home/boinc/big.dat > "$WORK/out" 2> "$WORK/err" &
    pid=$!
    # The stand-in has answered the call (and hangs) once it saved its
    # state: a signal before that would reach the script, not the copy.
    if poll_for "the copy to start" state_moved && poll_for "its pid" test -s "$WORK/child.pid"; then
        child=$(cat "$WORK/child.pid")
        alive "$pid" || fail "vbw ended before it was cancelled ($1)"
        kill "-$1" "$pid"
    fi
    wait "$pid"
    CODE=$?
    expect_code "$2" "cancelled by SIG$1"
    # vbw waits for VBoxManage to end: it is gone when vbw is.
    if [ -n "$child" ]; then
        gone "$child" || fail "VBoxManage (pid $child) left running after SIG$1"
        kill -9 "$child" 2> /dev/null
    fi
    expect_out_empty
    expect_err "vbw: boinc_a: copy cancelled
"
}

if ! env --default-signal=INT true 2> /dev/null; then
    echo "env --default-signal is missing: cannot undo the shell's SIGINT ignore"
    exit 77
fi
run_and_cancel INT 130
run_and_cancel TERM 143
expect_transcript_done
finish
