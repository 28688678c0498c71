#!/bin/sh
# vbw create that fails after attaching media releases them (issue 22.8), over a real VirtualBox
# 7.2.22 session: the job's ISO is attached as a DVD, its cache disk (no disk image) is refused;
# the half-made VM is unregistered with --delete and the DVD, which that leaves registered, is
# closed (never deleted). The slot's init_data.xml is the one the real tier's slot had (the
# rvlib layout, paths made /nonexistent-vbw-shell-test).
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/slot" || exit 1
cp "$DATA/create-release-init_data.xml" "$WORK/slot/init_data.xml" || exit 1
VM=boinc_1c35b4503a0abeee
use_transcript create-release-72.txt "SLOT=$WORK/slot;VM=$VM;VBOXHOME=$WORK/home"
vbw create "$VM" --job "$DATA/create-release-job.xml" --slot "$WORK/slot"
expect_code 1 "create fails"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: $VM: VBoxManage storageattach: Could not get the storage format of the medium '$WORK/slot/vm_cache.vdi' (VERR_NOT_SUPPORTED) (VBOX_E_IPRT_ERROR 0x80bb0005)"
# Every recorded call made: the undo's unregistervm and both closemedium.
expect_transcript_done
finish
