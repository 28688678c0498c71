#!/bin/sh
# vbw exec as docker exec behaves (issue 22.2): the guest program's output comes out while it
# still runs, `--` may be left out, Ctrl-C (SIGINT) and SIGTERM reach VBoxManage, which is waited
# for (never left running), and vbw exits 128+N; -d prints the started program's guest PID.
# The stand-in prints "first chunk" and then never ends (`hang`): the line can only reach vbw's
# stdout before the call ends if vbw streams it. No timing is asserted: every wait is a poll
# with a generous deadline.
. "$(dirname "$0")/lib.sh"

use_transcript exec-stream-70.txt
# The stand-in records its pid (exec keeps it) so the test can see whether it is gone.
cat > "$WORK/VBoxManage" <<EOS
#!/bin/sh
echo \$\$ > '$WORK/child.pid'
VBW_REPLAY_TRANSCRIPT='$DATA/exec-stream-70.txt' VBW_REPLAY_STATE='$STATE' exec '$REPLAY' "\$@"
EOS
chmod +x "$WORK/VBoxManage"


# run_and_cancel SIGNAL EXPECTED_CODE
run_and_cancel() {
    rm -f "$WORK/child.pid" "$WORK/out" "$WORK/err"
    # A background job of a script ignores SIGINT; the default comes back for vbw.
    env --default-signal=INT "$VBW" --vboxmanage "$WORK/VBoxManage" exec boinc_a \
        /bin/sh -c "echo first chunk; sleep 600" > "$WORK/out" 2> "$WORK/err" &
    pid=$!
    if poll_for "the first chunk on stdout" grep -q "first chunk" "$WORK/out"; then
        child=$(cat "$WORK/child.pid")
        alive "$pid" || fail "vbw ended before it was cancelled ($1)"
        alive "$child" || fail "the VBoxManage stand-in ended by itself ($1)"
        kill "-$1" "$pid"
    fi
    wait "$pid"
    CODE=$?
    expect_code "$2" "cancelled by SIG$1"
    [ -n "${child:-}" ] && { gone "$child" || fail "VBoxManage (pid $child) left running after SIG$1"; }
    [ -n "${child:-}" ] && kill -9 "$child" 2> /dev/null
    expect_out "first chunk
"
    expect_err "vbw: boinc_a: /bin/sh cancelled
"
}

if ! env --default-signal=INT true 2> /dev/null; then
    echo "env --default-signal is missing: cannot undo the shell's SIGINT ignore"
    exit 77
fi
run_and_cancel INT 130
run_and_cancel TERM 143

vbw exec -d boinc_a /opt/app/server --port 8080
expect_code 0 "detached"
expect_out "4242
"
expect_err ""
expect_transcript_done
finish
