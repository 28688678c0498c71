#!/bin/sh
# Stand-in for vboxwrapper, used to prove the e2e harness (client set-up,
# slots, fake VBoxManage, output collection) while the real wrapper is not
# built, and runnable any time with `run_scenario.sh SCENARIO --standin`.
#
# It never calls boinc_init (no shared-memory channel: the client still runs
# it and records its exit status), so it cannot see suspend/resume/quit;
# only the "complete" scenario is meaningful with it. It does what a VM app
# minimally does through VBoxManage: create and register a VM in the slot,
# share slot/shared, start it, wait for the guest's completion trigger file,
# power the VM off, unregister it, write boinc_finish_called as
# boinc_finish() does and exit 0 leaving shared/output.txt.
set -u
vbm=${VBW_VBOXMANAGE:-VBoxManage}
trigger=$(sed -n 's:.*<completion_trigger_file>\(.*\)</completion_trigger_file>.*:\1:p' vbox_job.xml)
vm=boinc_standin
slot=$(pwd)
say() { printf '%s (%s): %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$$" "$*" >&2; }

mkdir -p shared
say "stand-in app in $slot, trigger '$trigger'"
"$vbm" createvm --name "$vm" --basefolder "$slot" --ostype Linux26 --register >&2 || exit 1
"$vbm" storagectl "$vm" --name "Hard Disk Controller" --add sata --controller IntelAHCI --portcount 1 >&2 || exit 1
"$vbm" storageattach "$vm" --storagectl "Hard Disk Controller" --port 0 --device 0 \
    --type hdd --medium "$slot/vm_image.vdi" >&2 || exit 1
"$vbm" sharedfolder add "$vm" --name shared --hostpath "$slot/shared" >&2 || exit 1
"$vbm" startvm "$vm" --type headless >&2 || exit 1
n=0
while [ ! -f "shared/$trigger" ]; do
    sleep 0.5
    n=$((n + 1))
    [ $n -lt 240 ] || { say "no trigger file"; exit 1; }
done
say "completion trigger seen"
"$vbm" controlvm "$vm" poweroff >&2 2>/dev/null || true
"$vbm" storageattach "$vm" --storagectl "Hard Disk Controller" --port 0 --device 0 --medium none >&2
"$vbm" unregistervm "$vm" --delete >&2 || exit 1
"$vbm" closemedium disk "$slot/vm_image.vdi" >&2
say "done"
# what boinc_finish(0) leaves for the client: without it a zero exit is a
# "premature exit" and the task is restarted
echo 0 > boinc_finish_called
exit 0
