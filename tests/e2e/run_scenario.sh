#!/usr/bin/env bash
# End-to-end scenario: run a VM app (our vboxwrapper) under the real BOINC
# client (Debian 12 boinc-client 7.20.5), with no project server, against
# the stateful fake VBoxManage (fake_vboxmanage.py) or a real VirtualBox.
#
# usage: run_scenario.sh SCENARIO APP
#   SCENARIO: complete | suspend | restart | abort | killclient | needs64
#   APP:      the wrapper executable, or --standin for standin_app.sh
# exit: 0 pass, 1 fail, 77 skipped (no client, no namespace privileges, ...)
#
# Environment:
#   VBW_E2E_WORKDIR   where the scenario's directory is made (default /tmp);
#                     it is removed on success, kept (and named) on failure
#   VBW_E2E_KEEP=1    keep it on success too
#   VBW_E2E_REAL_VBOX=1  use the VirtualBox installed on this machine instead
#                     of the fake (see docs/testing.md: needs VBW_E2E_VM_IMAGE,
#                     a guest that writes shared/output.txt and the trigger)
#   VBW_E2E_NO_NAMESPACE=1  run without namespaces (loopback, random port; the
#                     client then does not see a VirtualBox, only the wrapper
#                     does, through VBW_VBOXMANAGE); unset, a missing
#                     unshare privilege skips the test
#
# Process hygiene: the scenario re-executes itself as the init of fresh
# pid+net+mount namespaces (unshare --kill-child): when it ends, however it
# ends (ctest timeout included), the kernel kills every process it started.
# Inside, an EXIT trap also stops the client and the stand-in VM processes
# by process group first so the slot and state stay consistent for a dump.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

E2E_SCENARIO=${1:-}
E2E_APP_PATH=${2:-}
[ -n "$E2E_SCENARIO" ] && [ -n "$E2E_APP_PATH" ] || { echo "usage: $0 SCENARIO APP|--standin" >&2; exit 2; }
[ "$E2E_APP_PATH" = "--standin" ] && E2E_APP_PATH="$here/standin_app.sh"

for tool in boinc boinccmd python3 setsid; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed (apt-get install boinc-client)"
done
[ -x "$E2E_APP_PATH" ] || fail "app $E2E_APP_PATH is not an executable"
E2E_APP_PATH=$(cd "$(dirname "$E2E_APP_PATH")" && pwd)/$(basename "$E2E_APP_PATH")

if [ -z "${VBW_E2E_INNER:-}" ]; then
    if [ "${VBW_E2E_NO_NAMESPACE:-0}" = 1 ]; then
        export VBW_E2E_INNER=nons
    else
        command -v unshare >/dev/null 2>&1 || skip "unshare not installed"
        ns=(--net --mount --pid --fork --kill-child --mount-proc)
        if ! unshare "${ns[@]}" true 2>/dev/null; then
            # not root: an unprivileged user namespace gives the same, if allowed
            ns=(--user --map-root-user "${ns[@]}")
            unshare "${ns[@]}" true 2>/dev/null \
                || skip "no privilege for unshare --net --mount --pid (run as root, or VBW_E2E_NO_NAMESPACE=1)"
        fi
        VBW_E2E_INNER=ns exec unshare "${ns[@]}" bash "$0" "$@"
    fi
fi

# ------------------------------------------------------------------ inside
E2E_PIDS=()
E2E_FAILED=0
E2E_WORK=$(mktemp -d "${VBW_E2E_WORKDIR:-/tmp}/vbw-e2e-$E2E_SCENARIO.XXXXXX")
E2E_DATA=$E2E_WORK/data
E2E_PROJ=$E2E_DATA/projects/$E2E_PROJDIR_NAME
E2E_PW=vbw-e2e-$$
export VBW_FAKE_VBOX_STATE=$E2E_WORK/vbox
mkdir -p "$VBW_FAKE_VBOX_STATE" "$E2E_WORK/bin"

cleanup() {
    local rc=$?
    trap - EXIT
    [ "$rc" = 0 ] || E2E_FAILED=1
    local p
    for p in "${E2E_PIDS[@]}"; do
        kill -TERM -- "-$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null
    done
    sleep 0.3
    for p in "${E2E_PIDS[@]}"; do
        kill -KILL -- "-$p" 2>/dev/null; kill -KILL "$p" 2>/dev/null
    done
    # the fake's stand-in VM processes run in their own sessions
    for p in $(pgrep -f -- "--fake-vm-process .* $VBW_FAKE_VBOX_STATE\$" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    [ -f "$E2E_WORK/reactions.txt" ] && cat "$E2E_WORK/reactions.txt"
    if [ "$E2E_FAILED" != 0 ] && [ "$rc" != 77 ]; then
        e2e_dump
        log "scenario $E2E_SCENARIO FAILED; files kept in $E2E_WORK"
        [ "$rc" = 0 ] && rc=1
    elif [ "${VBW_E2E_KEEP:-0}" = 1 ]; then
        log "files kept in $E2E_WORK"
    else
        rm -rf "$E2E_WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if [ "$VBW_E2E_INNER" = ns ]; then
    ip link set lo up 2>/dev/null || fail "cannot bring up lo in the network namespace"
    E2E_PORT=31416
else
    E2E_PORT=$(( 40000 + RANDOM % 20000 ))
fi

# ------------------------------------------------------------------ VBoxManage
py=$(python3 -c 'import sys; print(sys.executable)')
E2E_VBM=$E2E_WORK/bin/VBoxManage
E2E_REAL=${VBW_E2E_REAL_VBOX:-0}
if [ "$E2E_REAL" = 1 ]; then
    # the wrapper calls the real VBoxManage through the recording shim; the
    # client finds the real one itself
    real_vbm=$(command -v VBoxManage) || skip "VBW_E2E_REAL_VBOX=1 but no VBoxManage"
    [ "$E2E_SCENARIO" = needs64 ] || [ -f "${VBW_E2E_VM_IMAGE:-}" ] \
        || skip "VBW_E2E_REAL_VBOX=1 needs VBW_E2E_VM_IMAGE (a bootable .vdi, see docs/testing.md)"
    E2E_IMAGE=${VBW_E2E_VM_IMAGE:-/dev/null}
    cat > "$E2E_VBM" <<EOF
#!/bin/sh
VBW_FAKE_PASSTHROUGH='$real_vbm' VBW_FAKE_VBOX_STATE='$VBW_FAKE_VBOX_STATE' exec '$py' '$here/fake_vboxmanage.py' "\$@"
EOF
    chmod 755 "$E2E_VBM"
    export VBW_VBOXMANAGE=$E2E_VBM
else
    cat > "$E2E_VBM" <<EOF
#!/bin/sh
VBW_FAKE_VBOX_STATE='$VBW_FAKE_VBOX_STATE' exec '$py' '$here/fake_vboxmanage.py' "\$@"
EOF
    chmod 755 "$E2E_VBM"
    export VBW_VBOXMANAGE=$E2E_VBM
    if [ "$VBW_E2E_INNER" = ns ]; then
        # make the client find it where it looks, only in this mount namespace
        if [ -e /usr/bin/VBoxManage ]; then
            mount --bind "$E2E_VBM" /usr/bin/VBoxManage || fail "bind mount over /usr/bin/VBoxManage"
        else
            mkdir -p "$E2E_WORK/ovl/upper" "$E2E_WORK/ovl/work"
            cp "$E2E_VBM" "$E2E_WORK/ovl/upper/VBoxManage"
            if ! mount -t overlay overlay -o "lowerdir=/usr/local/bin,upperdir=$E2E_WORK/ovl/upper,workdir=$E2E_WORK/ovl/work" /usr/local/bin 2>/dev/null; then
                # no overlayfs: a directory of links to what was there, plus the fake
                for f in /usr/local/bin/*; do [ -e "$f" ] && ln -s "$f" "$E2E_WORK/ovl/upper/"; done
                mount --bind "$E2E_WORK/ovl/upper" /usr/local/bin || fail "cannot put the fake at /usr/local/bin"
            fi
        fi
    fi
    E2E_IMAGE=$E2E_WORK/vm_image.vdi
    printf 'not a real disk image: the fake VBoxManage never reads it\n' > "$E2E_IMAGE"
fi

# ------------------------------------------------------------------ the job
E2E_TRIGGER=vbw_e2e_done
os_name=Linux26
[ "$E2E_SCENARIO" = needs64 ] && os_name=Linux26_64
job_extra= ckpt_interval=60
if [ "$E2E_SCENARIO" = nockpt ]; then
    # Checkpoints would be due every second (client disk_interval 1 s, no
    # random interleave): only the job's flag keeps them away.
    job_extra='  <disable_automatic_checkpoints/>' ckpt_interval=1
    export VBW_CHECKPOINT_OFFSET=0
fi
cat > "$E2E_WORK/vbox_job.xml" <<EOF
<vbox_job>
  <os_name>${os_name}</os_name>
  <memory_size_mb>64</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>${E2E_TRIGGER}</completion_trigger_file>
  <minimum_checkpoint_interval>${ckpt_interval}</minimum_checkpoint_interval>
${job_extra}
</vbox_job>
EOF
echo "$E2E_TRIGGER" > "$VBW_FAKE_VBOX_STATE/trigger_name"

e2e_write_data_dir "$E2E_DATA" "$E2E_PORT" "$E2E_PW"
e2e_write_prefs "$E2E_DATA" 0
e2e_bootstrap_state "$E2E_DATA"
e2e_job_xml "$E2E_DATA" "$E2E_APP_PATH" "$E2E_WORK/vbox_job.xml" "$E2E_IMAGE" > "$E2E_WORK/job_block.xml"
e2e_inject_job "$E2E_DATA" "$E2E_WORK/job_block.xml"
: > "$E2E_DATA/client.log"
log "scenario $E2E_SCENARIO: app $E2E_APP_PATH, data $E2E_DATA, namespace ${VBW_E2E_INNER}"

# ------------------------------------------------------------------ checks
app_running() { pgrep -f -- "vboxwrapper_e2e_" >/dev/null 2>&1; }
app_gone() { ! app_running; }
# VM state: the fake's files, or (real VirtualBox) VBoxManage itself
real_vms() { "$real_vbm" list "$1" 2>/dev/null | sed -n 's/^"\(boinc_[^"]*\)".*/\1/p'; }
real_vm_state() { "$real_vbm" showvminfo "$1" --machinereadable 2>/dev/null | sed -n 's/^VMState="\(.*\)"/\1/p'; }
vm_running() {
    if [ "$E2E_REAL" = 1 ]; then [ -n "$(real_vms runningvms)" ]; return; fi
    grep -qs '"state": "\(running\|paused\)"' "$VBW_FAKE_VBOX_STATE"/vms/*.json
}
vm_started() { has_call '^startvm ' && vm_running; }
no_vm_process() {
    if [ "$E2E_REAL" = 1 ]; then [ -z "$(real_vms runningvms)" ]; return; fi
    ! pgrep -f -- "--fake-vm-process .* $VBW_FAKE_VBOX_STATE\$" >/dev/null 2>&1
}
# the client's elapsed time for the task (boinccmd --get_tasks)
task_elapsed() { bcmd --get_tasks 2>/dev/null | sed -n 's/.*elapsed task time: *\([0-9.]*\).*/\1/p' | head -n 1; }

# expect_result EXIT_STATUS [STATE]: the result in client_state.xml
# (states: 3 compute error, 4 files uploading, 5 uploaded, 6 aborted)
expect_result() {
    local want_status=$1 want_state=${2:-} st state
    st=$(result_field exit_status)
    state=$(result_field state)
    [ "$st" = "$want_status" ] || fail "result exit_status is '$st', expected $want_status"
    [ -z "$want_state" ] || [ "$state" = "$want_state" ] \
        || fail "result state is '$state', expected $want_state"
    log "result exit_status $st, state $state"
}
expect_no_vm_left() {
    local left; left=$(registered_vms)
    [ -z "$left" ] || fail "VM(s) left registered in the fake: $left"
    no_vm_process || fail "a stand-in VM process is still running"
}
vm_state_is() {
    if [ "$E2E_REAL" = 1 ]; then
        local vm; for vm in $(real_vms vms); do [ "$(real_vm_state "$vm")" = "$1" ] && return 0; done
        return 1
    fi
    grep -qs "\"state\": \"$1\"" "$VBW_FAKE_VBOX_STATE"/vms/*.json
}
# time_until LABEL T0 SECONDS COMMAND...: log how long after T0 COMMAND became true
time_until() {
    local label=$1 t0=$2 limit=$3; shift 3
    wait_for "$limit" "$label" "$@" || return 1
    log "REACTION $label: $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')s"
    echo "$E2E_SCENARIO $label $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')" >> "$E2E_WORK/reactions.txt"
}
# The VM process id the app reported ("Successfully started VM. (PID = 'N')",
# upstream's wording) must be the running VM process's, not an older one's.
# Apps that do not log it (the stand-ins) are not checked.
expect_reported_vm_pid() {
    local reported actual
    reported=$(grep -ho "Successfully started VM. (PID = '[0-9]*')" "$E2E_DATA"/slots/*/stderr.txt 2>/dev/null \
               | tail -n 1 | tr -dc 0-9)
    [ -n "$reported" ] || { log "the app does not log the VM's PID: not checked"; return 0; }
    [ "$E2E_REAL" = 1 ] && { log "reported VM process id $reported (not checked with a real VirtualBox)"; return 0; }
    actual=$(sed -n 's/.*"pid": \([0-9]*\).*/\1/p' "$VBW_FAKE_VBOX_STATE"/vms/*.json | head -n 1)
    [ "$reported" = "$actual" ] \
        || fail "the app reported VM process $reported but the VM process is $actual (stale 'Process ID' from an older VBox.log?)"
    log "reported VM process id $reported is the running one"
}
started_count() { grep -c "Successfully started VM" "$E2E_DATA"/slots/*/stderr.txt 2>/dev/null | awk -F: '{ n += $NF } END { print n + 0 }'; }
expect_output_collected() {
    [ -s "$E2E_PROJ/$E2E_OUT_FILE" ] || fail "output file $E2E_OUT_FILE not in the project dir"
    grep -q "fake guest output" "$E2E_PROJ/$E2E_OUT_FILE" || [ "${VBW_E2E_REAL_VBOX:-0}" = 1 ] \
        || fail "output file does not hold the guest's output"
    log "output collected: $(head -c 80 "$E2E_PROJ/$E2E_OUT_FILE")"
}
# completion reaction: the guest writes the trigger file -> first poweroff/unregister
trigger_reaction() {
    local t0
    t0=$(cat "$VBW_FAKE_VBOX_STATE/guest_done_at" 2>/dev/null)
    [ -n "$t0" ] || fail "the fake guest never wrote the completion trigger"
    reaction "trigger->stop" "$t0" '^(controlvm [^ ]+ (poweroff|savestate|acpipowerbutton)|unregistervm )'
}

# ------------------------------------------------------------------ scenarios
scenario_complete() {
    echo 3 > "$VBW_FAKE_VBOX_STATE/guest_seconds"
    e2e_start_client "$E2E_DATA" "$E2E_PORT"
    e2e_run_to_end 50 || fail "the task did not end"
    trigger_reaction
    expect_result 0
    expect_output_collected
    expect_no_vm_left
}

scenario_suspend() {
    e2e_write_prefs "$E2E_DATA" 1
    echo 6 > "$VBW_FAKE_VBOX_STATE/guest_seconds"
    e2e_start_client "$E2E_DATA" "$E2E_PORT"
    wait_for 30 "VM running" vm_started || fail "the VM was never started"
    sleep 1
    local t0 t1 e0 e1
    t0=$(now); bcmd --task "$E2E_URL" "$E2E_RESULT" suspend || fail "boinccmd suspend"
    wait_for 15 "pause" has_call '^controlvm [^ ]+ pause' "$t0" || fail "no 'controlvm pause' after suspend"
    reaction "suspend->pause" "$t0" '^controlvm [^ ]+ pause'
    vm_state_is paused || fail "the VM is not paused while the task is suspended"
    sleep 1; e0=$(task_elapsed); sleep 3; e1=$(task_elapsed)
    log "elapsed while suspended: $e0 -> $e1"
    [ -n "$e0" ] && [ -n "$e1" ] || fail "no elapsed time from boinccmd --get_tasks"
    awk -v a="$e0" -v b="$e1" 'BEGIN { exit !(b - a < 1.5) }' \
        || fail "elapsed time advanced while suspended ($e0 -> $e1)"
    app_running || fail "the app left memory although leave_apps_in_memory is set"
    t1=$(now); bcmd --task "$E2E_URL" "$E2E_RESULT" resume || fail "boinccmd resume"
    wait_for 15 "resume" has_call '^controlvm [^ ]+ resume' "$t1" || fail "no 'controlvm resume' after resume"
    reaction "resume->resume" "$t1" '^controlvm [^ ]+ resume'
    vm_state_is running || vm_state_is poweroff || fail "the VM did not run again after resume"
    e2e_run_to_end 45 || fail "the task did not end"
    expect_result 0
    expect_output_collected
    expect_no_vm_left
}

scenario_restart() {
    echo 6 > "$VBW_FAKE_VBOX_STATE/guest_seconds"
    e2e_start_client "$E2E_DATA" "$E2E_PORT"
    wait_for 30 "VM running" vm_started || fail "the VM was never started"
    sleep 1
    local t0; t0=$(now); bcmd --quit || fail "boinccmd --quit"
    wait_for 20 "VM stopped" has_call '^controlvm [^ ]+ (poweroff|savestate)' "$t0" \
        || fail "no poweroff/savestate after the client quit"
    reaction "quit->stop" "$t0" '^controlvm [^ ]+ (poweroff|savestate)'
    time_until "quit->app exit" "$t0" 20 app_gone || fail "the app did not exit after the client quit"
    e2e_wait_client_exit 20 || fail "client did not quit"
    [ -n "$(registered_vms)" ] || fail "the VM was not kept for the restart"
    vm_running && fail "the VM still runs after the client quit"
    log "kept VM: $(registered_vms) ($(sed -n 's/.*"state": "\([a-z]*\)".*/\1/p' "$VBW_FAKE_VBOX_STATE"/vms/*.json))"
    local t1 starts; t1=$(now); starts=$(started_count)
    e2e_start_client "$E2E_DATA" "$E2E_PORT"
    wait_for 30 "VM running again" has_call '^startvm ' "$t1" || fail "the restarted task never started the VM"
    has_call '^createvm ' "$t1" && fail "the restarted task created a new VM instead of reusing the kept one"
    if [ "$starts" -gt 0 ]; then
        # A function, so the count is read again on every poll (as an
        # argument it was read once, before the line could appear).
        restart_logged_start() { [ "$(started_count)" -gt "$starts" ]; }
        wait_for 60 "the restart's 'Successfully started VM'" restart_logged_start \
            || fail "the restarted app never logged 'Successfully started VM'"
        expect_reported_vm_pid
    fi
    e2e_run_to_end 50 || fail "the restarted task did not end"
    expect_result 0
    expect_output_collected
    expect_no_vm_left
}

scenario_abort() {
    echo never > "$VBW_FAKE_VBOX_STATE/guest_seconds"
    e2e_start_client "$E2E_DATA" "$E2E_PORT"
    wait_for 30 "VM running" vm_started || fail "the VM was never started"
    sleep 1
    local t0; t0=$(now); bcmd --task "$E2E_URL" "$E2E_RESULT" abort || fail "boinccmd abort"
    wait_for 20 "VM stopped" has_call '^(controlvm [^ ]+ poweroff|unregistervm )' "$t0" \
        || fail "no poweroff/unregistervm after abort"
    reaction "abort->stop" "$t0" '^(controlvm [^ ]+ poweroff|unregistervm )'
    time_until "abort->app exit" "$t0" 20 app_gone || fail "the app did not exit after abort"
    wait_for 10 "VM removed" test -z "$(registered_vms)" || true
    bcmd --quit >/dev/null 2>&1
    e2e_wait_client_exit 20 || fail "client did not quit"
    # the client records EXIT_ABORTED_VIA_GUI (203) and RESULT_ABORTED (6)
    expect_result 203 6
    expect_no_vm_left
}

scenario_killclient() {
    echo never > "$VBW_FAKE_VBOX_STATE/guest_seconds"
    e2e_start_client "$E2E_DATA" "$E2E_PORT"
    wait_for 30 "VM running" vm_started || fail "the VM was never started"
    sleep 1
    local t0; t0=$(now)
    kill -KILL "$CLIENT_PID"
    wait "$CLIENT_PID" 2>/dev/null   # reap it: a zombie still answers kill(pid, 0)
    wait_for 45 "VM stopped" has_call '^controlvm [^ ]+ (poweroff|savestate)' "$t0" \
        || fail "the app did not stop the VM after the client died"
    reaction "SIGKILL->stop" "$t0" '^controlvm [^ ]+ (poweroff|savestate)'
    time_until "SIGKILL->app exit" "$t0" 20 app_gone || fail "the app outlived the client"
    vm_running && fail "the VM still runs"
    no_vm_process || fail "a stand-in VM process is still running"
    log "left for the restart: $(registered_vms)"
}

scenario_needs64() {
    if grep -qw -e vmx -e svm /proc/cpuinfo; then
        skip "this CPU has vmx/svm: a 64-bit guest would run here"
    fi
    e2e_start_client "$E2E_DATA" "$E2E_PORT"
    e2e_run_to_end 50 || fail "the task did not end"
    # boinc_finish(ERR_EXEC): on Linux the client keeps the exit code's low
    # byte, 108 (-148 & 0xff), and notes "process exited with code 108 (0x6c, -148)"
    expect_result 108 3
    grep -q "process exited with code 108 (0x6c, -148)" "$E2E_DATA/client_state.xml" \
        || fail "the result's stderr_out lacks the client's -148 note"
    has_call '^startvm ' && fail "a 64-bit VM was started on a host without VT-x/AMD-V"
    expect_no_vm_left
    log "client noted vm_extensions_disabled: $(grep -o '<p_vm_extensions_disabled>[^<]*' "$E2E_DATA/client_state.xml" | head -n 1)"
}

# Issue 17.2/17.3: the VM process dies under the task (kill -9: the OOM
# killer); VirtualBox marks the VM aborted. The wrapper must notice within
# seconds (not at the client's deadline), end as upstream does for a VM that
# stopped on its own (boinc_finish 194), and leave nothing registered; the
# guest's "Guest Log:" line reached stderr.txt before.
scenario_vmkilled() {
    echo never > "$VBW_FAKE_VBOX_STATE/guest_seconds"
    e2e_start_client "$E2E_DATA" "$E2E_PORT"
    wait_for 30 "VM running" vm_started || fail "the VM was never started"
    guest_line_logged() { grep -qs "vbw-e2e guest: computing" "$E2E_DATA"/slots/*/stderr.txt; }
    wait_for 30 "the guest's log line in stderr.txt" guest_line_logged \
        || fail "the guest's 'Guest Log:' line never reached stderr.txt"
    local pid t0
    pid=$(sed -n 's/.*"pid": \([0-9]*\).*/\1/p' "$VBW_FAKE_VBOX_STATE"/vms/*.json | head -n 1)
    [ -n "$pid" ] && [ "$pid" -gt 0 ] || fail "no VM process id in the fake's state"
    t0=$(now)
    kill -KILL "$pid" || fail "cannot kill the VM process $pid"
    time_until "VM killed->app exit" "$t0" 60 app_gone || fail "the app did not notice its VM process died"
    e2e_run_to_end 50 || fail "the client never ended the task"
    # the app's boinc_finish(194): the client records exit_status 194
    expect_result 194
    expect_no_vm_left
}

# Issue 17.1: <disable_automatic_checkpoints/> honoured across a client
# restart: no snapshot is ever taken or restored (the client's checkpoint
# requests, the quit, the restart); the restarted task boots its kept VM
# again and finishes.
scenario_nockpt() {
    e2e_write_prefs "$E2E_DATA" 0 1
    scenario_restart
    has_call '^snapshot ' && fail "a snapshot call with checkpoints disabled: $(grep -m1 'snapshot ' "$VBW_FAKE_VBOX_STATE/calls.log" 2>/dev/null)"
    log "no snapshot call in the whole task"
}

case "$E2E_SCENARIO" in
    complete|suspend|restart|abort|killclient|needs64|vmkilled|nockpt) "scenario_$E2E_SCENARIO" ;;
    *) fail "unknown scenario $E2E_SCENARIO" ;;
esac
log "scenario $E2E_SCENARIO passed"
exit 0
