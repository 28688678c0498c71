#!/bin/sh
# vbw list --json / info against VirtualBox 6.1 output, and the power verbs
# against 6.1.36: savestate --wait, pause of a saved VM, start --wait, pause,
# resume, stop --wait, start of an unknown VM, poweroff --all.
. "$(dirname "$0")/lib.sh"

use_transcript vm-list-info-61.txt
vbw list --json
expect_code 0 "list --json"
expect_out '{"vms":[{"name":"boinc_vm","uuid":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","state":"poweroff","accessible":true,"vbw":true}]}
'
expect_err ""
vbw info boinc_vm
expect_code 0 "info"
expect_out "name: boinc_vm
uuid: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
state: poweroff
state_since: 2026-11-23T07:45:00.000000000
os_type: Linux 2.6 / 3.x / 4.x (64-bit)
memory_mb: 1024
cpus: 1
vram_mb: 12
cpu_execution_cap: 50
config_file: /home/boinc/slots/0/boinc_vm/boinc_vm.vbox
log_folder: /home/boinc/slots/0/boinc_vm/Logs
vrde: off
guest_additions_run_level: 0
"
expect_err ""
vbw info nosuchvm --json
expect_code 1 "info of a missing VM"
expect_out_has '{"command":"info","ok":false,"exit_code":1,"error":"VBoxManage showvminfo: Could not find'
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
expect_err_has "VBOX_E_OBJECT_NOT_FOUND"
expect_transcript_done

use_transcript power-61.txt
vbw savestate boinc_vm --wait
expect_code 0 "savestate --wait"
expect_out "boinc_vm: savestate: saved
"
expect_err ""
vbw --json pause boinc_vm
expect_code 1 "pause of a saved VM"
expect_out_has '{"action":"pause","results":[{"vm":"boinc_vm","ok":false,"error":"'
expect_out_has "Machine 'boinc_vm' is not currently running"
expect_err_lines 1
expect_err_has "vbw: boinc_vm: "
vbw start boinc_vm --wait
expect_code 0 "start --wait"
expect_out "boinc_vm: start: running
"
expect_err ""
vbw pause boinc_vm
expect_code 0 "pause"
expect_out "boinc_vm: pause
"
vbw resume boinc_vm --json
expect_code 0 "resume"
expect_out '{"action":"resume","results":[{"vm":"boinc_vm","ok":true}]}
'
vbw stop boinc_vm --wait
expect_code 0 "stop --wait"
expect_out "boinc_vm: stop: poweroff
"
expect_err ""
vbw start nosuchvm
expect_code 1 "start of an unknown VM"
expect_out_empty
expect_err "vbw: nosuchvm: VBoxManage showvminfo: Could not find a registered machine named 'nosuchvm' (VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)
"
vbw poweroff --all -j 1
expect_code 0 "poweroff --all"
expect_out "boinc_vm2: poweroff
"
expect_err ""
expect_transcript_done

# --transcript: the same answers in-process, no VBoxManage program at all.
"$VBW" --transcript "$DATA/vm-list-info-61.txt" list > "$WORK/out" 2> "$WORK/err"
CODE=$?
expect_code 0 "--transcript list"
expect_out "$(printf '%-32s %-14s %s\n%-32s %-14s %s' NAME STATE UUID boinc_vm poweroff 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d)
"
expect_err ""
finish
