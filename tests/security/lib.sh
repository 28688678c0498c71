# tests/security/lib.sh - runs the real vboxwrapper in a slot over the
# stateful fake VirtualBox of the e2e tests (tests/e2e/fake_vboxmanage.py),
# without a BOINC client, for the hostile-guest and broken-host tests of
# issue 20. Environment (set by CMake): WRAPPER (bin/vboxwrapper), FAKE
# (fake_vboxmanage.py). Each test sources this file, builds slots with
# make_slot, runs run_wrapper and checks with expect/fail, then `finish`.
set -u
: "${WRAPPER:?}" "${FAKE:?}"
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vbw-security.XXXXXX") || exit 1
STATE="$WORK/state"
mkdir -p "$STATE"
echo 2 >"$STATE/guest_seconds"
FAILURES=0
cleanup() {
    # The fake's stand-in VM processes run in their own sessions; end those
    # of this test only (their command line names this test's state dir).
    for pid in $(pgrep -f "$STATE" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# make_slot NAME [RESULT_NAME]: a slot with a 32-bit job whose guest writes
# the completion trigger, an image, shared/, init_data.xml naming the result
# (none when RESULT_NAME is "-"), and a VBoxManage shim logging the calls.
make_slot() {
    local slot="$WORK/$1" result=${2:-${1}_result_0}
    mkdir -p "$slot/shared"
    cat >"$slot/vbox_job.xml" <<JOB
<vbox_job>
  <os_name>Linux26</os_name>
  <memory_size_mb>256</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>completion_trigger</completion_trigger_file>
</vbox_job>
JOB
    if [ "$result" != - ]; then
        cat >"$slot/init_data.xml" <<INIT
<app_init_data>
<result_name>$result</result_name>
<slot>1</slot>
<checkpoint_period>3600</checkpoint_period>
</app_init_data>
INIT
    fi
    head -c 4096 /dev/zero >"$slot/vm_image.vdi"
    cat >"$slot/shim" <<SHIM
#!/bin/sh
echo "\$*" >>"$slot/calls.log"
VBW_FAKE_VBOX_STATE="$STATE" exec python3 "$FAKE" "\$@"
SHIM
    chmod +x "$slot/shim"
    : >"$slot/calls.log"
    echo "$slot"
}

# run_wrapper SLOT [SECONDS]: runs vboxwrapper in SLOT (killed after
# SECONDS, default 120: a generous bound, not a timing claim); RC is set.
run_wrapper() {
    local slot=$1 limit=${2:-120}
    (cd "$slot" && VBW_VBOXMANAGE="$slot/shim" exec timeout -s KILL "$limit" "$WRAPPER" \
        >"$slot/wrapper.out" 2>&1)
    RC=$?
}

# start_wrapper SLOT: the same in the background; PID is set.
start_wrapper() {
    local slot=$1
    (cd "$slot" && VBW_VBOXMANAGE="$slot/shim" exec timeout -s KILL 300 "$WRAPPER" \
        >"$slot/wrapper.out" 2>&1) &
    PID=$!
}

fail() {
    echo "FAIL: $*"
    FAILURES=$((FAILURES + 1))
}

# show SLOT: what a failure needs to be understood.
show() {
    echo "--- $1/stderr.txt"; tail -n 20 "$1/stderr.txt" 2>/dev/null
    echo "--- $1/calls.log"; cat "$1/calls.log"
}

# wait_for SECONDS COMMAND...: polls COMMAND until it succeeds (true) or
# SECONDS pass (false). Re-evaluates COMMAND each time.
wait_for() {
    local limit=$1; shift
    local end=$(( $(date +%s) + limit ))
    while [ "$(date +%s)" -le "$end" ]; do
        "$@" && return 0
        sleep 0.2
    done
    return 1
}

registered_vms() { ls "$STATE/vms" 2>/dev/null | grep -c '\.json$'; }

finish() {
    if [ "$FAILURES" = 0 ]; then echo "PASS"; exit 0; fi
    echo "$FAILURES failure(s)"; exit 1
}
