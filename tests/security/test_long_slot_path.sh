#!/usr/bin/env bash
# issue 20.21: a slot directory whose path is ~4,085 characters long (the kernel allows 4,095)
# was not refused: the paths the wrapper builds under it (the VM's log folder, shared/) were cut
# short, so it never saw the VM's log, ran until it was killed and left its VM registered. Such a
# slot is refused before VirtualBox is touched (exit 206, the reason in stderr.txt).
. "$(dirname "$0")/lib.sh"

# A directory of ~4,000 characters (components of 200), then the slot.
deep="$WORK/long"
while [ ${#deep} -lt 4040 ]; do deep="$deep/$(printf 'd%.0s' $(seq 1 200))"; done
deep=${deep:0:4060}
mkdir -p "$deep" || { echo "SKIP: cannot make a ${#deep}-character path"; exit 77; }
WORK_SAVED=$WORK
WORK=$deep
slot=$(make_slot s)
WORK=$WORK_SAVED
echo "slot path: ${#slot} characters"
run_wrapper "$slot" 90
[ "$RC" = 206 ] || { fail "exit $RC, want 206"; show "$slot"; }
grep -q 'slot directory' "$slot/stderr.txt" 2>/dev/null || grep -q 'slot directory' "$slot/wrapper.out" ||
    { fail "no line naming the slot directory's path"; show "$slot"; }
if grep -Eq 'createvm|registervm|startvm' "$slot/calls.log"; then
    fail "VirtualBox was asked to create or start a VM"; show "$slot"
fi
[ "$(registered_vms)" = 0 ] || fail "VMs left registered: $(ls "$STATE/vms")"
finish
