#!/usr/bin/env bash
# tests/release/task_standalone.sh VBOXWRAPPER BIN_DIR TRANSCRIPT
#
# A whole task of a Linux vboxwrapper, standalone (no BOINC client), every
# VBoxManage call a real fork/exec of BIN_DIR/vbw-vboxmanage-replay
# answering from TRANSCRIPT (tests/windows/data/standalone-task-vbox70.txt:
# create, register, start, power off, unregister). The Linux counterpart of
# tests/windows/task_under_wine.sh; scripts/release/build-linux.sh runs it
# inside the Debian 11 build root over the release binary, so it needs only
# bash and coreutils (no python). The "VM process" is a bash loop whose
# command line carries "--comment VM --startvm UUID" as VBoxSVC's front-end
# does (the wrapper checks it in /proc before it trusts the pid).
# Passes when: exit status 0, every transcript step called (no mismatch),
# stderr.txt shows the VM online with that pid and the completion.
set -euo pipefail
wrapper=$(realpath "${1:?usage: task_standalone.sh VBOXWRAPPER BIN_DIR TRANSCRIPT}")
bin=$(realpath "${2:?usage: task_standalone.sh VBOXWRAPPER BIN_DIR TRANSCRIPT}")
transcript_src=$(realpath "${3:?usage: task_standalone.sh VBOXWRAPPER BIN_DIR TRANSCRIPT}")
vm=boinc_standalone
work=$(mktemp -d /tmp/vbw-task.XXXXXX)
vm_proc=
trap '[ -n "$vm_proc" ] && kill "$vm_proc" 2>/dev/null; rm -rf "$work"' EXIT
slot=$work/slot
fail() { echo "FAIL: $*" >&2; for f in "$slot/stderr.txt" "$work/replay.log" "$work/out"; do [ -f "$f" ] && { echo "--- $f"; cat "$f"; }; done >&2; exit 1; }

# Polls (up to a generous deadline: a busy machine) until $1 matches in file
# $2; fails at once when the wrapper has exited.
wait_for() {
    local pattern=$1 file=$2 i
    for i in $(seq 1 1200); do
        grep -q -- "$pattern" "$file" 2>/dev/null && return 0
        [ -f "$work/rc" ] && fail "vboxwrapper exited $(cat "$work/rc") before '$pattern' in $file"
        sleep 0.1
    done
    fail "timed out waiting for '$pattern' in $file"
}

[ -r /proc/self/cmdline ] || fail "/proc is not mounted (the wrapper reads the VM process there)"
mkdir -p "$slot/shared" "$slot/$vm/Logs"
cat >"$slot/vbox_job.xml" <<'XML'
<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>2048</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
XML
: >"$slot/vm_image.vdi"
# A VBox.log left by an earlier VM process: the wrapper waits for the new one.
printf '00:00:00.000100 Process ID: 1\n00:00:00.200000 Console: Machine state changed to '"'"'PoweredOff'"'"'\n' \
    >"$slot/$vm/Logs/VBox.log"
: >"$work/replay.log"
# The replay keeps its position next to the transcript: work on a copy.
transcript=$work/transcript.txt
cp "$transcript_src" "$transcript"
(cd "$slot" && VBW_VBOXMANAGE="$bin/vbw-vboxmanage-replay" VBW_REPLAY_PROGRAM_TRANSCRIPT="$transcript" \
    VBW_REPLAY_LOG="$work/replay.log" VBW_TRANSCRIPT_VARS="VM=$vm" \
    "$wrapper" >"$work/out" 2>&1 && echo 0 >"$work/rc" || echo $? >"$work/rc") &
task=$!
wait_for 'startvm' "$work/replay.log"
bash -c 'while sleep 1; do :; done' --comment "$vm" --startvm 00000000-0000-4000-8000-000000000001 &
vm_proc=$!
mv "$slot/$vm/Logs/VBox.log" "$slot/$vm/Logs/VBox.log.1"
printf '00:00:00.000812 Process ID: %s\n00:00:01.204310 Console: Machine state changed to '"'"'Running'"'"'\n' \
    "$vm_proc" >"$slot/$vm/Logs/VBox.log"
wait_for 'Successfully started VM' "$slot/stderr.txt"
printf '42\n' >"$slot/shared/result.dat"
printf '0\n1\nWork unit finished: 42 events\n' >"$slot/shared/boinc_finish_called"
wait "$task" || true
rc=$(cat "$work/rc")
[ "$rc" = 0 ] || fail "vboxwrapper exited $rc"
grep -q "Successfully started VM. (PID = '$vm_proc')" "$slot/stderr.txt" || fail "pid $vm_proc not reported"
grep -q "VM Completion File Detected." "$slot/stderr.txt" || fail "completion not seen"
(cd "$slot" && VBW_REPLAY_TRANSCRIPT="$transcript" VBW_TRANSCRIPT_VARS="VM=$vm" \
    "$bin/vbw-vboxmanage-replay" --vbw-replay-check) || fail "transcript steps left"
echo "PASS: standalone task ($(wc -l <"$work/replay.log") VBoxManage calls)"
