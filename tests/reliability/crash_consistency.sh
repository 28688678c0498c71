#!/usr/bin/env bash
# crash_consistency.sh VBOXWRAPPER FAKE_VBOXMANAGE_PY - issue 8, crash
# consistency: the real vboxwrapper (stand-alone mode, no BOINC client) is
# killed with SIGKILL just before its k-th VBoxManage call, for every k of a
# whole task, then run again in the same slot. The second run must finish
# the task (exit 0, the guest's output there), never see two VMs for the
# slot, and leave no VM registered. VirtualBox is the stateful fake of the
# e2e tests (tests/e2e/fake_vboxmanage.py), which remembers registrations
# across the kill and keeps the "VM process" running, as VirtualBox would.
# Also: a kill while the VM runs (between calls), and a kill at the
# moment the checkpoint file is written (vbox_checkpoint.xml must parse).
set -u
wrapper=$1
fake=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/vbw-crash.XXXXXX")
trap 'pkill -KILL -f "$work/" 2>/dev/null; rm -rf "$work"' EXIT
failures=0
tried=0

job='<vbox_job>
  <os_name>Linux26</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>completion_trigger</completion_trigger_file>
</vbox_job>'

# fresh_case NAME: a slot and an empty fake VirtualBox for one case.
fresh_case() {
    case_dir="$work/$1"
    mkdir -p "$case_dir/slot/shared" "$case_dir/state"
    printf '%s\n' "$job" >"$case_dir/slot/vbox_job.xml"
    head -c 4096 /dev/zero >"$case_dir/slot/vm_image.vdi"
    echo 2 >"$case_dir/state/guest_seconds"
    # The shim counts calls; with KILL_AT=k it kills its parent (the
    # wrapper) instead of making call k, as a power cut between calls would.
    cat >"$case_dir/shim" <<SHIM
#!/bin/sh
n=\$(( \$(cat "$case_dir/count" 2>/dev/null || echo 0) + 1 ))
echo \$n >"$case_dir/count"
if [ -n "\${KILL_AT:-}" ] && [ "\$n" -eq "\$KILL_AT" ]; then
    kill -KILL \$PPID
    exit 1
fi
VBW_FAKE_VBOX_STATE="$case_dir/state" exec python3 "$fake" "\$@"
SHIM
    chmod +x "$case_dir/shim"
}

registered() { ls "$case_dir/state/vms" 2>/dev/null | grep -c '\.json$'; }

# A run's deadline only tells a hang from a slow machine: at load 11 on 2
# cores one whole run took over 120 s (every call starts python) and the
# old 120 s deadline failed a correct restart (seen today).
run_timeout=${VBW_CRASH_RUN_TIMEOUT:-300}
run_wrapper() {   # run_wrapper [KILL_AT]: exit status of the wrapper
    { (cd "$case_dir/slot" && KILL_AT=${1:-} VBW_VBOXMANAGE="$case_dir/shim" \
        timeout "$run_timeout" "$wrapper" >/dev/null 2>&1); } 2>/dev/null
}

check_second_run() {  # check_second_run LABEL
    local label=$1 rc
    local after_kill; after_kill=$(registered)
    rm -f "$case_dir/count"
    run_wrapper; rc=$?
    local left; left=$(registered)
    tried=$((tried + 1))
    local why=""
    [ "$after_kill" -le 1 ] || why="$why $after_kill VMs registered after the kill;"
    [ "$rc" = 0 ] || why="$why second run exit $rc;"
    [ "$left" = 0 ] || why="$why $left VM(s) left registered;"
    if [ -f "$case_dir/slot/vbox_checkpoint.xml" ] &&
        ! grep -q '</vbox_checkpoint>' "$case_dir/slot/vbox_checkpoint.xml"; then
        why="$why vbox_checkpoint.xml damaged;"
    fi
    if [ -n "$why" ]; then
        failures=$((failures + 1))
        echo "FAIL $label:$why"
        tail -n 15 "$case_dir/slot/stderr.txt" | sed 's/^/    /'
    else
        echo "ok   $label: killed with $after_kill VM registered; the restart finished (exit 0), nothing left"
    fi
}

# How many calls a whole undisturbed task makes.
fresh_case clean
run_wrapper; rc=$?
total=$(cat "$case_dir/count")
[ "$rc" = 0 ] && [ "$(registered)" = 0 ] || { echo "FAIL: the undisturbed task (exit $rc)"; exit 1; }
echo "undisturbed task: $total VBoxManage calls, exit 0"

# Killed before call k, for every k after the first.
for k in $(seq 2 "$total"); do
    fresh_case "kill-$k"
    run_wrapper "$k"
    check_second_run "killed before call $k of $total"
done

# Killed while the VM runs (no call in flight), then restarted.
fresh_case kill-running
echo never >"$case_dir/state/guest_seconds"
(cd "$case_dir/slot" && VBW_VBOXMANAGE="$case_dir/shim" exec "$wrapper" >/dev/null 2>&1) &
pid=$!
for _ in $(seq 1 100); do
    grep -q "Successfully started VM" "$case_dir/slot/stderr.txt" 2>/dev/null && break
    sleep 0.1
done
sleep 0.5
kill -KILL "$pid"; wait "$pid" 2>/dev/null
echo 2 >"$case_dir/state/guest_seconds"
check_second_run "killed while the VM ran"

echo "crash consistency: $tried kill points, $failures failed"
[ "$failures" = 0 ]
