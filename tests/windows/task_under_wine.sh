#!/usr/bin/env bash
# tests/windows/task_under_wine.sh VBOXWRAPPER_EXE BIN_DIR
#
# A whole task of the Windows vboxwrapper.exe under wine, standalone (no
# BOINC client), every VBoxManage call a real CreateProcess of
# vbw-vboxmanage-replay.exe answering from tests/windows/data/
# standalone-task-vbox70.txt: create, register, start; the "guest" (this
# script) rotates VBox.log as a starting VM process does, logs the pid of a
# live Windows process named VBoxHeadless.exe (a copy of the replay program
# hanging on purpose: the wrapper watches the VM process, and gives up on a
# pid that is not alive) and the Running state, writes its output and the completion file; the wrapper
# powers the VM off, unregisters it and exits 0.
#
# Run twice: with the transcript as recorded on Linux, and as VBoxManage.exe
# prints on Windows (CRLF line ends, "VBoxManage.exe: error:" prefixes).
# Passes when: exit status 0, every transcript step called (no mismatch),
# stderr.txt shows the VM online with the guest's pid and the completion.
# Needs wine64 (VBW_WINE names it); run by scripts/release/build-windows.sh --test.
set -euo pipefail
wrapper=$(realpath "${1:?usage: task_under_wine.sh VBOXWRAPPER_EXE BIN_DIR}")
bin=$(realpath "${2:?usage: task_under_wine.sh VBOXWRAPPER_EXE BIN_DIR}")
here=$(cd "$(dirname "$0")" && pwd)
wine=${VBW_WINE:-wine64}
export WINEDEBUG=${WINEDEBUG:--all}
work=$(mktemp -d /tmp/vbw-wine-task.XXXXXX)
vm_proc=
trap '[ -n "$vm_proc" ] && kill "$vm_proc" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; for f in "$slot/stderr.txt" "$work/replay.log"; do [ -f "$f" ] && { echo "--- $f"; cat "$f"; }; done >&2; exit 1; }

# Polls (up to a generous deadline: wine on a busy machine) until $1 matches in file $2.
wait_for() {
    local pattern=$1 file=$2 i
    for i in $(seq 1 1200); do
        grep -q -- "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "timed out waiting for '$pattern' in $file"
}

# The stand-in VM process: VBoxHeadless.exe that never exits (a replay fault
# "hang" on its first call), and its Windows pid from wmic (wine's pids are
# not Linux pids; wmic prints UTF-16).
start_vm_process() {
    cp "$bin/vbw-vboxmanage-replay.exe" "$work/VBoxHeadless.exe"
    printf 'call --version\n' >"$work/vmproc.txt"
    VBW_REPLAY_TRANSCRIPT="$work/vmproc.txt" VBW_REPLAY_STATE="$work/vmproc.st" VBW_REPLAY_FAULTS=1:hang \
        "$wine" "$work/VBoxHeadless.exe" --version >/dev/null 2>&1 &
    vm_proc=$!
    local i
    for i in $(seq 1 300); do
        vm_pid=$("$wine" wmic process get name,processid 2>/dev/null | iconv -f UTF-16LE -t UTF-8 2>/dev/null |
                 tr -d '\r' | awk 'tolower($1) == "vboxheadless.exe" {print $2; exit}')
        [ -n "$vm_pid" ] && return 0
        sleep 0.2
    done
    fail "the stand-in VBoxHeadless.exe did not start"
}

run_task() {
    local flavour=$1 transcript=$2
    slot=$work/$flavour/slot
    mkdir -p "$slot/shared" "$slot/boinc_standalone/Logs"
    cat >"$slot/vbox_job.xml" <<'XML'
<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>2048</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
XML
    : >"$slot/vm_image.vdi"
    # A VBox.log left by an earlier VM process: the wrapper must wait for
    # VirtualBox to rotate it, and notice the rotation without st_ino.
    printf '00:00:00.000100 Process ID: 1111\n00:00:00.200000 Console: Machine state changed to '"'"'PoweredOff'"'"'\n' \
        >"$slot/boinc_standalone/Logs/VBox.log"
    : >"$work/replay.log"
    rm -f "$transcript.state"
    (cd "$slot" && VBW_VBOXMANAGE="$bin/vbw-vboxmanage-replay.exe" VBW_REPLAY_PROGRAM_TRANSCRIPT="$transcript" \
        VBW_REPLAY_LOG="$work/replay.log" VBW_TRANSCRIPT_VARS="VM=boinc_standalone" \
        "$wine" "$wrapper" >"$work/$flavour.out" 2>&1 && echo 0 >"$work/$flavour.rc" ||
        echo $? >"$work/$flavour.rc") &   # set -e would end the subshell before a plain echo
    local task=$!
    wait_for 'startvm' "$work/replay.log"
    # The new VM process: VirtualBox renames the old log and starts a new one.
    mv "$slot/boinc_standalone/Logs/VBox.log" "$slot/boinc_standalone/Logs/VBox.log.1"
    printf '00:00:00.000812 Process ID: %s\n00:00:01.204310 Console: Machine state changed to '"'"'Running'"'"'\n' \
        "$vm_pid" >"$slot/boinc_standalone/Logs/VBox.log"
    wait_for 'Successfully started VM' "$slot/stderr.txt"
    printf '42\n' >"$slot/shared/result.dat"
    printf '0\n1\nWork unit finished: 42 events\n' >"$slot/shared/boinc_finish_called"
    wait "$task" || true
    local rc
    rc=$(cat "$work/$flavour.rc")
    [ "$rc" = 0 ] || { cat "$work/$flavour.out" >&2; fail "$flavour: vboxwrapper.exe exited $rc"; }
    grep -q "Successfully started VM. (PID = '$vm_pid')" "$slot/stderr.txt" || fail "$flavour: pid $vm_pid not reported"
    grep -q "VM Completion File Detected." "$slot/stderr.txt" || fail "$flavour: completion not seen"
    (cd "$slot" && VBW_REPLAY_TRANSCRIPT="$transcript" VBW_TRANSCRIPT_VARS="VM=boinc_standalone" \
        "$wine" "$bin/vbw-vboxmanage-replay.exe" --vbw-replay-check) || fail "$flavour: transcript steps left"
    echo "PASS: $flavour ($(wc -l <"$work/replay.log") VBoxManage calls)"
}

slot=$work/none
start_vm_process
# The replay keeps its position next to the transcript: work on copies.
cp "$here/data/standalone-task-vbox70.txt" "$work/"
run_task linux "$work/standalone-task-vbox70.txt"
# Windows' VBoxManage.exe: its name in every error line, CRLF line ends.
win=$work/standalone-task-vbox70-windows.txt
awk '/^(stdout|stderr) <<EOT/ {inside=1; print; next} /^EOT$/ {inside=0; print; next}
     inside {sub(/^VBoxManage: /, "VBoxManage.exe: "); printf "%s\r\n", $0; next} {print}' \
    "$here/data/standalone-task-vbox70.txt" >"$win"
run_task windows "$win"
