# tests/support/standalone_task.sh - the whole standalone task (no BOINC
# client) the release binaries are checked with, sourced by
# tests/release/task_standalone.sh (the Linux binary) and
# tests/windows/task_under_wine.sh (the Windows one under wine). Every
# VBoxManage call is a real process of the replay program answering from a
# transcript (tests/windows/data/standalone-task-vbox70.txt: create,
# register, start, power off, unregister); the "guest" (this script)
# rotates VBox.log as a starting VM process does, logs the pid of a live
# stand-in VM process and the Running state, writes its output and the
# completion file; the wrapper powers the VM off, unregisters it, exits 0.
#
# The caller sets, before standalone_task:
#   work     a temporary folder (removed by the caller)
#   run      an array: the program that runs the binaries, ("$wine") or ()
#   wrapper  the vboxwrapper to test; replay: the replay program
#   vm_started  a function called once the wrapper has called startvm: it
#            starts the stand-in VM process (or has one) and sets vm_pid to
#            the pid the new VBox.log names
# Passes when: exit status 0, every transcript step called (no mismatch),
# stderr.txt shows the VM online with that pid and the completion.

vm=boinc_standalone
slot=$work/none
name=none

fail() {
    echo "FAIL: $*" >&2
    for f in "$slot/stderr.txt" "$work/replay.log" "$work/$name.out"; do
        [ -f "$f" ] && { echo "--- $f"; cat "$f"; }
    done >&2
    exit 1
}

# Polls (up to a generous deadline: a busy machine, wine) until $1 matches
# in file $2; fails at once when the wrapper has exited.
wait_for() {
    local pattern=$1 file=$2 i
    for i in $(seq 1 1200); do
        grep -q -- "$pattern" "$file" 2>/dev/null && return 0
        [ -f "$work/$name.rc" ] && fail "$name: vboxwrapper exited $(cat "$work/$name.rc") before '$pattern' in $file"
        sleep 0.1
    done
    fail "$name: timed out waiting for '$pattern' in $file"
}

# A VM log line as VirtualBox writes it, at that time.
vbox_log() {
    printf '%s Process ID: %s\n%s Console: Machine state changed to '"'"'%s'"'"'\n' "$1" "$2" "$3" "$4"
}

# standalone_task NAME TRANSCRIPT OLD_PID: one task in $work/NAME/slot over
# TRANSCRIPT (a copy: the replay keeps its position next to it), whose slot
# holds the VBox.log of an earlier VM process OLD_PID.
standalone_task() {
    name=$1
    local transcript=$2 old_pid=$3 task rc
    slot=$work/$name/slot
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
    # A VBox.log left by an earlier VM process: the wrapper must wait for
    # VirtualBox to rotate it, and notice the rotation without st_ino.
    vbox_log 00:00:00.000100 "$old_pid" 00:00:00.200000 PoweredOff >"$slot/$vm/Logs/VBox.log"
    : >"$work/replay.log"
    rm -f "$transcript.state"
    # set -e would end the subshell before a plain echo of the status.
    (cd "$slot" && VBW_VBOXMANAGE="$replay" VBW_REPLAY_PROGRAM_TRANSCRIPT="$transcript" \
        VBW_REPLAY_LOG="$work/replay.log" VBW_TRANSCRIPT_VARS="VM=$vm" \
        ${run[@]+"${run[@]}"} "$wrapper" >"$work/$name.out" 2>&1 && echo 0 >"$work/$name.rc" ||
        echo $? >"$work/$name.rc") &
    task=$!
    wait_for 'startvm' "$work/replay.log"
    vm_started
    # The new VM process: VirtualBox renames the old log and starts a new one.
    mv "$slot/$vm/Logs/VBox.log" "$slot/$vm/Logs/VBox.log.1"
    vbox_log 00:00:00.000812 "$vm_pid" 00:00:01.204310 Running >"$slot/$vm/Logs/VBox.log"
    wait_for 'Successfully started VM' "$slot/stderr.txt"
    printf '42\n' >"$slot/shared/result.dat"
    printf '0\n1\nWork unit finished: 42 events\n' >"$slot/shared/boinc_finish_called"
    wait "$task" || true
    rc=$(cat "$work/$name.rc")
    [ "$rc" = 0 ] || fail "$name: vboxwrapper exited $rc"
    grep -q "Successfully started VM. (PID = '$vm_pid')" "$slot/stderr.txt" ||
        fail "$name: pid $vm_pid not reported"
    grep -q "VM Completion File Detected." "$slot/stderr.txt" || fail "$name: completion not seen"
    (cd "$slot" && VBW_REPLAY_TRANSCRIPT="$transcript" VBW_TRANSCRIPT_VARS="VM=$vm" \
        ${run[@]+"${run[@]}"} "$replay" --vbw-replay-check) || fail "$name: transcript steps left"
    echo "PASS: $name ($(wc -l <"$work/replay.log") VBoxManage calls)"
}
