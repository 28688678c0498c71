#!/usr/bin/env bash
# tests/release/task_standalone.sh VBOXWRAPPER BIN_DIR TRANSCRIPT
#
# A whole task of a Linux vboxwrapper, standalone (no BOINC client), every
# VBoxManage call a real fork/exec of BIN_DIR/vbw-vboxmanage-replay
# answering from TRANSCRIPT: the task of tests/support/standalone_task.sh,
# which tests/windows/task_under_wine.sh runs under wine.
# scripts/release/build-linux.sh runs it inside the Debian 11 build root
# over the release binary, so it needs only bash and coreutils (no python).
# The "VM process" is a bash loop whose command line carries "--comment VM
# --startvm UUID" as VBoxSVC's front-end does (the wrapper checks it in
# /proc before it trusts the pid).
set -euo pipefail
wrapper=$(realpath "${1:?usage: task_standalone.sh VBOXWRAPPER BIN_DIR TRANSCRIPT}")
bin=$(realpath "${2:?usage: task_standalone.sh VBOXWRAPPER BIN_DIR TRANSCRIPT}")
transcript_src=$(realpath "${3:?usage: task_standalone.sh VBOXWRAPPER BIN_DIR TRANSCRIPT}")
replay=$bin/vbw-vboxmanage-replay
run=()
work=$(mktemp -d /tmp/vbw-task.XXXXXX)
vm_proc=
trap '[ -n "$vm_proc" ] && kill "$vm_proc" 2>/dev/null; rm -rf "$work"' EXIT
. "$(dirname "$0")/../support/standalone_task.sh"

vm_started() {
    bash -c 'while sleep 1; do :; done' --comment "$vm" --startvm 00000000-0000-4000-8000-000000000001 &
    vm_proc=$!
    vm_pid=$vm_proc
}

[ -r /proc/self/cmdline ] || fail "/proc is not mounted (the wrapper reads the VM process there)"
cp "$transcript_src" "$work/transcript.txt"
standalone_task standalone "$work/transcript.txt" 1
