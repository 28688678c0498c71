#!/usr/bin/env bash
# tests/windows/task_under_wine.sh VBOXWRAPPER_EXE BIN_DIR
#
# A whole task of the Windows vboxwrapper.exe under wine, standalone (no
# BOINC client), every VBoxManage call a real CreateProcess of
# vbw-vboxmanage-replay.exe answering from data/standalone-task-vbox70.txt:
# the task of tests/support/standalone_task.sh, which
# tests/release/task_standalone.sh runs on Linux. The VM process is a live
# Windows process named VBoxHeadless.exe (a copy of the replay program
# hanging on purpose: the wrapper watches the VM process, and gives up on a
# pid that is not alive).
#
# Run twice: with the transcript as recorded on Linux, and as VBoxManage.exe
# prints on Windows (CRLF line ends, "VBoxManage.exe: error:" prefixes).
# Needs wine64 (VBW_WINE names it); run by scripts/release/build-windows.sh --test.
set -euo pipefail
wrapper=$(realpath "${1:?usage: task_under_wine.sh VBOXWRAPPER_EXE BIN_DIR}")
bin=$(realpath "${2:?usage: task_under_wine.sh VBOXWRAPPER_EXE BIN_DIR}")
here=$(cd "$(dirname "$0")" && pwd)
wine=${VBW_WINE:-wine64}
export WINEDEBUG=${WINEDEBUG:--all}
replay=$bin/vbw-vboxmanage-replay.exe
run=("$wine")
work=$(mktemp -d /tmp/vbw-wine-task.XXXXXX)
vm_proc=
trap '[ -n "$vm_proc" ] && kill "$vm_proc" 2>/dev/null; rm -rf "$work"' EXIT
. "$here/../support/standalone_task.sh"

# The stand-in VM process: VBoxHeadless.exe that never exits (a replay fault
# "hang" on its first call), and its Windows pid from wmic (wine's pids are
# not Linux pids; wmic prints UTF-16). One for both runs.
start_vm_process() {
    cp "$replay" "$work/VBoxHeadless.exe"
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
vm_started() { :; }

start_vm_process
# The replay keeps its position next to the transcript: work on copies.
cp "$here/data/standalone-task-vbox70.txt" "$work/"
standalone_task linux "$work/standalone-task-vbox70.txt" 1111
# Windows' VBoxManage.exe: its name in every error line, CRLF line ends.
win=$work/standalone-task-vbox70-windows.txt
awk '/^(stdout|stderr) <<EOT/ {inside=1; print; next} /^EOT$/ {inside=0; print; next}
     inside {sub(/^VBoxManage: /, "VBoxManage.exe: "); printf "%s\r\n", $0; next} {print}' \
    "$here/data/standalone-task-vbox70.txt" >"$win"
standalone_task windows "$win" 1111
