#!/usr/bin/env python3
"""standin_wrapper.py - a trivial stand-in for vboxwrapper, so the benchmark
harness (fake client, guest, call log, figures) can be proven without the
real wrapper: `run.sh --self-test`. It does what the wrapper does at its
simplest: looks the VM up, creates or reuses it, starts it, reads VBox.log
for the running state and the VM's PID, polls process_control_request in
boinc_mmap_file every 0.1 s (suspend/resume/quit/abort), and watches
shared/ for the completion file. Its figures measure this script, not vbw.

  standin_wrapper.py --write-transcripts DIR   writes DIR/{A,B,C}.txt, the
                                               VBoxManage sessions it makes
"""
import hashlib
import mmap
import os
import re
import subprocess
import sys
import time

VM = "boinc_" + hashlib.md5(b"vbw_bench_task_0").hexdigest()[:16]
TRIGGER = "boinc_finish_called"

NOT_FOUND = """call showvminfo {VM} --machinereadable
exit 1
stderr <<EOT
VBoxManage: error: Could not find a registered machine named '{VM}'
VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component VirtualBoxWrap, interface IVirtualBox, callee nsISupports
VBoxManage: error: Context: "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())" at line 3138 of file VBoxManageInfo.cpp
EOT

call createvm --name {VM} --basefolder {SLOT} --register
stdout <<EOT
Virtual machine '{VM}' is created and registered.
UUID: {UUID1}
Settings file: '{SLOT}/{VM}/{VM}.vbox'
EOT

"""
START = """call startvm {VM} --type headless
stdout <<EOT
Waiting for VM "{VM}" to power on...
VM "{VM}" has been successfully started.
EOT

"""
TRANSCRIPTS = {
    "A": "# stand-in session: fresh task, suspend, resume, quit\n" + NOT_FOUND + START
         + "call controlvm {VM} pause\n\ncall controlvm {VM} resume\n\n"
         + "call controlvm {VM} savestate\nstderr <<EOT\n0%...100%\nEOT\n",
    "B": "# stand-in session: restart, completion\n"
         + "call showvminfo {VM} --machinereadable\nstdout <<EOT\nname=\"{VM}\"\n"
         + "LogFldr=\"{SLOT}/{VM}/Logs\"\nVMState=\"saved\"\nEOT\n\n" + START
         + "call controlvm {VM} poweroff\n\ncall unregistervm {VM} --delete\n",
    "C": "# stand-in session: fresh task, abort\n" + NOT_FOUND + START
         + "call controlvm {VM} poweroff\n\ncall unregistervm {VM} --delete\n",
}


def say(msg):
    print(time.strftime("%Y-%m-%d %H:%M:%S") + " (%d): %s" % (os.getpid(), msg),
          file=sys.stderr, flush=True)


def vbm(*args):
    return subprocess.run([os.environ["VBW_VBOXMANAGE"]] + list(args),
                          capture_output=True, text=True)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--write-transcripts":
        os.makedirs(sys.argv[2], exist_ok=True)
        for name, text in TRANSCRIPTS.items():
            with open(os.path.join(sys.argv[2], name + ".txt"), "w") as f:
                f.write(text)
        return 0
    slot = os.getcwd()
    fd = os.open("boinc_mmap_file", os.O_RDWR)
    shm = mmap.mmap(fd, 8 * 1024)
    info = vbm("showvminfo", VM, "--machinereadable")
    if info.returncode != 0:
        vbm("createvm", "--name", VM, "--basefolder", slot, "--register")
    vbm("startvm", VM, "--type", "headless")
    logf = os.path.join(slot, VM, "Logs", "VBox.log")
    pid = None
    for _ in range(600):
        try:
            text = open(logf).read()
        except FileNotFoundError:
            text = ""
        m = re.search(r"Process ID: (\d+)", text)
        if m and "changed to 'Running'" in text:
            pid = int(m.group(1))
            break
        time.sleep(0.1)
    say("Successfully started VM. (PID = '%s')" % pid)
    while True:
        time.sleep(0.1)
        if shm[0]:
            msg = bytes(shm[1:1024]).split(b"\0")[0].decode()
            shm[0] = 0
            if "<suspend/>" in msg:
                vbm("controlvm", VM, "pause")
            elif "<resume/>" in msg:
                vbm("controlvm", VM, "resume")
            elif "<quit/>" in msg:
                vbm("controlvm", VM, "savestate")
                return 0
            elif "<abort/>" in msg:
                vbm("controlvm", VM, "poweroff")
                vbm("unregistervm", VM, "--delete")
                return 1
        if os.path.exists(os.path.join(slot, "shared", TRIGGER)):
            vbm("controlvm", VM, "poweroff")
            vbm("unregistervm", VM, "--delete")
            say("called boinc_finish(0)")
            time.sleep(2.0)
            return 0


if __name__ == "__main__":
    sys.exit(main())
