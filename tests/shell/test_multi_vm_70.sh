#!/bin/sh
# Several guests at once (issue 22.3): names, globs and the verbs info, start --wait, snapshot,
# exec, cp to guests, poweroff and destroy on two VMs, their calls made concurrently. The
# VBoxManage stand-in answers each call that names boinc_m1 or boinc_m2 from that VM's own
# transcript (multi-m1-70.txt, multi-m2-70.txt) and every other call from multi-common-70.txt:
# each VM's calls must come in order, the two VMs' may interleave. Concurrency itself is proved
# without timing: boinc_m1's startvm does not answer until boinc_m2's startvm has been called,
# so vbw acting on one VM after the other would hang there and fail (after a generous
# 60 s deadline, never reached when the two run together).
. "$(dirname "$0")/lib.sh"

cat > "$WORK/VBoxManage" <<EOS
#!/bin/sh
t=multi-common-70.txt
for a in "\$@"; do
    case "\$a" in
    boinc_m1) t=multi-m1-70.txt ;;
    boinc_m2) t=multi-m2-70.txt ;;
    esac
done
case "\$*" in
"startvm boinc_m2 "*) : > '$WORK/m2.started' ;;
"startvm boinc_m1 "*)
    n=0
    until [ -e '$WORK/m2.started' ]; do
        n=\$((n + 1))
        [ "\$n" -lt 600 ] || { echo "boinc_m2 was not started alongside" >&2; exit 1; }
        sleep 0.1
    done ;;
esac
VBW_REPLAY_TRANSCRIPT="$DATA/\$t" VBW_REPLAY_STATE="$WORK/state.\$t" VBW_TRANSCRIPT_VARS="HOST=$WORK" exec '$REPLAY' "\$@"
EOS
chmod +x "$WORK/VBoxManage"

vbw start 'boinc_m*' --wait
expect_code 0 "start of a glob, both at once"
expect_out "boinc_m1: start: running
boinc_m2: start: running
"
expect_err ""

vbw snapshot take 'boinc_m*' before
expect_code 0 "snapshot of a glob"
expect_out "boinc_m1: snapshot 'before' taken
boinc_m2: snapshot 'before' taken
"
expect_err ""

vbw --json info boinc_m1 boinc_m2
expect_code 0 "info of two VMs"
expect_out_has '[{"name":"boinc_m1","uuid":"00000000-0000-4000-8000-0000000000b1","state":"running"'
expect_out_has '},{"name":"boinc_m2","uuid":"00000000-0000-4000-8000-0000000000b2","state":"running"'
[ "$(tail -c 3 "$WORK/out")" = ']}]' ] || [ "$(tail -c 4 "$WORK/out" | head -c 3)" = ']}]' ] ||
    fail "info --json of two VMs is not one array"

vbw exec boinc_m1 boinc_m2 /bin/echo hi
expect_code 0 "exec on two VMs"
expect_out_has "boinc_m1: hi from boinc_m1"
expect_out_has "boinc_m2: hi from boinc_m2"
[ "$(wc -l < "$WORK/out")" -eq 2 ] || fail "exec on two VMs: not two lines"
expect_err ""

echo data > "$WORK/in.dat"
vbw cp "$WORK/in.dat" boinc_m1:/tmp/in.dat 'boinc_m2:/tmp/in.dat'
expect_code 0 "cp to two guests"
expect_out ""
expect_err ""

vbw pause 'nomatch*'
expect_code 1 "a glob that matches nothing"
expect_err "vbw: pause: no registered VM matches 'nomatch*'
"

vbw --json poweroff boinc_m1 boinc_m2 nosuch
expect_code 1 "poweroff of three, one missing"
expect_out_has '{"action":"poweroff","results":[{"vm":"boinc_m1","ok":true},{"vm":"boinc_m2","ok":true},{"vm":"nosuch","ok":false,"error":'
expect_out_has '"vbox_error":"VBOX_E_OBJECT_NOT_FOUND","hresult":"0x80bb0001"}]}'
expect_err_lines 1
expect_err_has "vbw: nosuch: "

vbw destroy 'boinc_m*'
expect_code 0 "destroy by glob"
expect_out "boinc_m1: destroyed
boinc_m2: destroyed
"
expect_err ""

for t in multi-common-70.txt multi-m1-70.txt multi-m2-70.txt; do
    VBW_REPLAY_TRANSCRIPT="$DATA/$t" VBW_REPLAY_STATE="$WORK/state.$t" "$REPLAY" --vbw-replay-check \
        > "$WORK/check" 2>&1 || { cat "$WORK/check" >&2; fail "$t not used up"; }
done
finish
