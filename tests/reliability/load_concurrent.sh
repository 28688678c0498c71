#!/usr/bin/env bash
# load_concurrent.sh VBOXWRAPPER FAKE_VBOXMANAGE_PY [N] - issue 8, load: N
# (default 16) vboxwrapper tasks at once, one per slot, sharing one
# VirtualBox (the stateful fake of the e2e tests, which serialises calls on
# one lock as VBoxSVC does), with a session-lock error injected on the first
# modifyvm of every task (the real 7.0.10 text: another process holds the
# VM's session lock). Every task must finish (exit 0), each must name only
# its own VM in its VBoxManage calls, and nothing may stay registered.
set -u
wrapper=$1
fake=$2
n=${3:-16}
work=$(mktemp -d "${TMPDIR:-/tmp}/vbw-load.XXXXXX")
trap 'pkill -KILL -f "$work/" 2>/dev/null; rm -rf "$work"' EXIT
state="$work/state"
mkdir -p "$state"
echo 3 >"$state/guest_seconds"

for i in $(seq 1 "$n"); do
    slot="$work/slot$i"
    mkdir -p "$slot/shared"
    cat >"$slot/vbox_job.xml" <<JOB
<vbox_job>
  <os_name>Linux26</os_name>
  <memory_size_mb>256</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>completion_trigger</completion_trigger_file>
</vbox_job>
JOB
    cat >"$slot/init_data.xml" <<INIT
<app_init_data>
<result_name>load_task_${i}_0</result_name>
<slot>$i</slot>
<checkpoint_period>3600</checkpoint_period>
</app_init_data>
INIT
    head -c 4096 /dev/zero >"$slot/vm_image.vdi"
    # Per-task shim: logs the task's own calls; the first modifyvm gets
    # VBOX_E_INVALID_OBJECT_STATE as VBoxManage prints it (Main
    # MachineImpl.cpp lockMachine text; VBoxManageModifyVM.cpp context).
    cat >"$slot/shim" <<SHIM
#!/bin/sh
echo "\$*" >>"$slot/calls.log"
if [ "\$1" = modifyvm ] && [ ! -e "$slot/locked_once" ]; then
    : >"$slot/locked_once"
    cat >&2 <<EOT
VBoxManage: error: The machine '\$2' is already locked for a session (or being unlocked)
VBoxManage: error: Details: code VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component MachineWrap, interface IMachine, callee nsISupports
VBoxManage: error: Context: "LockMachine(a->session, LockType_Write)" at line 640 of file VBoxManageModifyVM.cpp
EOT
    exit 1
fi
VBW_FAKE_VBOX_STATE="$state" exec python3 "$fake" "\$@"
SHIM
    chmod +x "$slot/shim"
done

# A task's deadline is a hang detector, not a speed target: 16 tasks' ~190
# calls each start python under one lock, ~1.6 s a call on a 2-core machine
# at load 10, so 300 s was once too short there. bench/ measures speed.
task_timeout=${VBW_LOAD_TASK_TIMEOUT:-900}
start=$(date +%s.%N)
pids=()
for i in $(seq 1 "$n"); do
    slot="$work/slot$i"
    (cd "$slot" && VBW_VBOXMANAGE="$slot/shim" exec timeout "$task_timeout" "$wrapper" >/dev/null 2>&1) &
    pids+=($!)
done
failures=0
for i in $(seq 1 "$n"); do
    wait "${pids[$((i - 1))]}"; rc=$?
    slot="$work/slot$i"
    vm=$(sed -n 's/.*Create VM. (\([^,]*\),.*/\1/p' "$slot/stderr.txt" | head -n 1)
    why=""
    [ "$rc" = 0 ] || why="$why exit $rc;"
    [ -n "$vm" ] || why="$why no VM created;"
    [ -e "$slot/locked_once" ] || why="$why the lock fault was never hit;"
    grep -q "modifyvm" "$slot/calls.log" 2>/dev/null || why="$why no modifyvm;"
    others=$(grep -o 'boinc_[0-9a-f]\{16\}' "$slot/calls.log" 2>/dev/null | sort -u | grep -vx "$vm" || true)
    [ -z "$others" ] || why="$why touched other VMs: $others;"
    if [ -n "$why" ]; then
        failures=$((failures + 1))
        echo "FAIL task $i ($vm):$why"
        tail -n 8 "$slot/stderr.txt" | sed 's/^/    /'
    fi
done
end=$(date +%s.%N)
left=$(ls "$state/vms" 2>/dev/null | grep -c '\.json$')
[ "$left" = 0 ] || { echo "FAIL: $left VM(s) left registered"; failures=$((failures + 1)); }
calls=$(wc -l <"$state/calls.log")
printf 'load: %d concurrent tasks, %d VBoxManage calls in all, %d lock faults retried, %.1f s, %d failed\n' \
    "$n" "$calls" "$n" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$failures"
[ "$failures" = 0 ]
