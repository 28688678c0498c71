#!/bin/sh
# How `vbw wait --alive --follow` ends when its guests never go (issue 22.4, row 26): a follow has
# no end of its own while a guest lives, so Ctrl-C (SIGINT) and SIGTERM are its normal end, exit
# 0 with the events so far and nothing on stderr; `--timeout S` bounds the whole follow, exit 0.
# The guest is alive by a fresh heartbeat file, which vbw reads before asking VirtualBox, so
# no VBoxManage call is made: the stand-in only says that it was called. No timing is asserted: every wait is a
# poll with a generous deadline.
. "$(dirname "$0")/lib.sh"

cat > "$WORK/VBoxManage" <<EOS
#!/bin/sh
echo "\$*" >> '$WORK/called'
exit 1
EOS
chmod +x "$WORK/VBoxManage"
: > "$WORK/heartbeat"
alive_event() { grep -qE '^\{"vm":"boinc_a","event":"alive","after_ms":[0-9]+\}$' "$WORK/out"; }

# follow_until SIGNAL: a follow of a live guest, ended by SIGNAL once it has said "alive".
follow_until() {
    rm -f "$WORK/out" "$WORK/err"
    # A background job of a script ignores SIGINT; the default comes back for vbw.
    env --default-signal=INT "$VBW" --vboxmanage "$WORK/VBoxManage" --json wait boinc_a \
        --alive --follow --heartbeat "$WORK/heartbeat" --stale 86400 --interval 0.05 \
        > "$WORK/out" 2> "$WORK/err" &
    pid=$!
    if poll_for "the alive event" alive_event; then
        alive "$pid" || fail "the follow ended by itself ($1)"
        kill "-$1" "$pid"
    fi
    wait "$pid"
    CODE=$?
    expect_code 0 "follow ended by SIG$1"
    [ "$(wc -l < "$WORK/out")" -eq 1 ] || fail "one event expected (SIG$1)"
    expect_err ""
}

if ! env --default-signal=INT true 2> /dev/null; then
    echo "env --default-signal is missing: cannot undo the shell's SIGINT ignore"
    exit 77
fi
follow_until INT
follow_until TERM

# --timeout bounds the follow itself: it ends on its own (a deadline, not a timing check).
rm -f "$WORK/out" "$WORK/err"
"$VBW" --vboxmanage "$WORK/VBoxManage" --json wait boinc_a --alive --follow \
    --heartbeat "$WORK/heartbeat" --stale 86400 --interval 0.05 --timeout 0.2 \
    > "$WORK/out" 2> "$WORK/err" &
pid=$!
poll_for "the follow to end after --timeout" gone "$pid" || kill -9 "$pid"
wait "$pid"
CODE=$?
expect_code 0 "follow ended by --timeout"
alive_event || fail "no alive event"
[ "$(wc -l < "$WORK/out")" -eq 1 ] || fail "one event expected"
expect_err ""
[ ! -e "$WORK/called" ] || fail "VBoxManage was called: $(cat "$WORK/called")"
finish
