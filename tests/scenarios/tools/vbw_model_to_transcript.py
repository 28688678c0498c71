#!/usr/bin/env python3
"""vbw_model_to_transcript.py RUNNER MODEL OUT [--registered STATE] [--snapshot] [--fail PREFIX=ANSWER] [--vmlog-failed LOG] [--v61]

Turns a model-mode scenario (tests/scenarios/data/00NN-*.txt) into a transcript-mode one: the
transcript is grown call by call by running the real task (bin/vbw-scenario) and answering each
new call with the output real VBoxManage prints for it (texts of scenarios 0003/0002 and
fixtures/7.0/showvminfo-running.txt, all sourced). --fail gives one call a recorded failure
answer from a file. Used to write the 1NNN (7.0.10) and 2NNN (6.1.40) scenarios; review the
result and add the source of any failure text to the transcript header."""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

PROG = "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%"
HEADER = """# version: 7.0.10r158379
# source: assembled from VirtualBox 7.0.10 src/VBox/Frontends/VBoxManage as scenario 0003: VBoxManage.cpp
#   (showProgress: "0%..." then "%u%%..." per decade then "100%\\n" on stderr), VBoxManageInfo.cpp
#   (FindMachine failure, line 3138; showvminfo --machinereadable keys as fixtures/7.0/showvminfo-running.txt),
#   Main/glue/errorprint.cpp (Details/Context lines), VBoxManageMisc.cpp (createvm, startvm texts;
#   unregistervm --delete: progress only), VBoxManageSnapshot.cpp ("Snapshot taken. UUID: %ls";
#   "Restoring snapshot '%ls' (%RTuuid)" then progress; list --machinereadable), VBoxManageControlVM.cpp
#   (pause, resume, setlinkstate1, cpuexecutioncap print nothing; poweroff and savestate show progress).
#   modifyvm, storagectl, storageattach and sharedfolder add print nothing on success.
"""
NOT_FOUND = """exit 1
stderr <<EOT
VBoxManage: error: Could not find a registered machine named '{VM}'
VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component VirtualBoxWrap, interface IVirtualBox, callee nsISupports
VBoxManage: error: Context: "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())" at line 3138 of file VBoxManageInfo.cpp
EOT"""

def vminfo(state, snapshot):
    fx = open(os.path.join(ROOT, "fixtures/7.0/showvminfo-running.txt")).read().split("# ---\n", 1)[1]
    fx = fx.replace("boinc_8a1c2e3f4d5b6a79", "{VM}").replace("/var/lib/boinc/slots/3", "{SLOT}")
    fx = fx.replace("0f6d8a3c-1b2e-4c5d-9e8f-7a6b5c4d3e2f", "{UUID1}")
    fx = fx.replace("/var/lib/boinc/projects/lhcathome.cern.ch_lhcathome/ATLAS_vbox_3.01_image.vdi", "{SLOT}/vm_image.vdi")
    fx = fx.replace('VMState="running"', 'VMState="%s"' % state)
    if state != "running":
        fx = "\n".join(l for l in fx.split("\n") if not l.startswith("GuestAdditionsRunLevel") and not l.startswith("GuestAdditionsFacility") and not l.startswith("GuestAdditionsVersion")) 
    if snapshot:
        fx = fx.replace("boinc_vm_checkpoint", "boinc_1200").replace("6e1c9b7a-2d3f-4a5b-8c9d-e0f1a2b3c4d5", "{UUID3}")
    else:
        fx = "\n".join(l for l in fx.split("\n") if "Snapshot" not in l)
    return "stdout <<EOT\n" + fx.rstrip("\n") + "\nEOT"

def answer(call, opts):
    a = call.split()
    f = opts.get("fail")
    if f and call.startswith(f[0]) and not opts.get("failed"):
        opts["failed"] = True
        return open(f[1]).read().rstrip("\n")
    v = a[0]
    if v == "--version":
        return "stdout <<EOT\n%s\nEOT" % ("6.1.40r154048" if "6.1.40" in HEADER else "7.0.10r158379")
    if v == "showvminfo":
        if opts.get("registered"):
            return vminfo(opts["registered"], opts.get("snapshot"))
        return NOT_FOUND
    if v == "createvm":
        return "stdout <<EOT\nVirtual machine '{VM}' is created and registered.\nUUID: {UUID1}\nSettings file: '{SLOT}/{VM}/{VM}.vbox'\nEOT"
    if v == "startvm":
        return 'stdout <<EOT\nWaiting for VM "{VM}" to power on...\nVM "{VM}" has been successfully started.\nEOT'
    if v == "snapshot" and a[2] == "take":
        opts["taken"] = a[3]
        return "stdout <<EOT\nSnapshot taken. UUID: {UUID2}\nEOT\nstderr <<EOT\n%s\nEOT" % PROG
    if v == "snapshot" and a[2] == "list":
        n = opts.get("taken")
        if not n:
            return "exit 1\nstdout <<EOT\nThis machine does not have any snapshots\nEOT"
        return 'stdout <<EOT\nSnapshotName="%s"\nSnapshotUUID="{UUID2}"\nCurrentSnapshotName="%s"\nCurrentSnapshotUUID="{UUID2}"\nCurrentSnapshotNode="SnapshotName"\nEOT' % (n, n)
    if v == "snapshot" and a[2] == "restorecurrent":
        return "stdout <<EOT\nRestoring snapshot 'boinc_1200' ({UUID3})\nEOT\nstderr <<EOT\n%s\nEOT" % PROG
    if v == "controlvm" and a[2] in ("poweroff", "savestate"):
        return "stderr <<EOT\n%s\nEOT" % PROG
    if v == "unregistervm":
        return "stderr <<EOT\n%s\nEOT" % PROG
    return ""

def convert(runner, model, out, opts):
    t = open(model).read()
    sec = lambda tag: (re.search(r"<%s>\n?(.*?)</%s>" % (tag, tag), t, re.S) or [None, None])[1]
    name = sec("name").strip()
    client = sec("client") or ""
    client = client.replace("vm-poweroff", "append {VM}/Logs/VBox.log 00:08:20.000000 Console: Machine state changed to 'PoweredOff'\\n")
    client = client.replace("vm-aborted", "append {VM}/Logs/VBox.log 00:08:20.000000 Console: Machine state changed to 'Aborted'\\n")
    client = client.replace("vm-gurumeditation", "append {VM}/Logs/VBox.log 00:08:20.000000 Console: Machine state changed to 'GuruMeditation'\\n")
    client = client.replace("guest-oom", "append {VM}/Logs/VBox.log 00:08:20.000000 VMMDev: Guest Log: EXIT_OUT_OF_MEMORY\\n")
    verify = sec("verify") or ""
    ops = {"vm_create": "createvm", "snapshot_restore_current": "snapshot restorecurrent", "vm_start": "startvm",
           "vm_pause": "controlvm pause", "vm_resume": "controlvm resume", "vm_poweroff": "controlvm poweroff",
           "vm_savestate": "controlvm savestate", "snapshot_take": "snapshot take", "vm_unregister": "unregistervm",
           "vm_register": "registervm", "snapshot_delete": "snapshot delete", "vm_set_link": "controlvm setlinkstate1",
           "vm_info": "showvminfo", "vm_set_cpu_cap": "controlvm cpuexecutioncap"}
    def mapv(m):
        op, n = m.group(1), m.group(2)
        if op not in ops:
            raise SystemExit("unmapped op " + op)
        return "count-calls %s %s" % (n, ops[op])
    verify = re.sub(r"^count (\S+) (\d+)", mapv, verify, flags=re.M)
    verify = re.sub(r"^cpu-cap (\d+)", r"count-calls 1 controlvm {VM} cpuexecutioncap \1", verify, flags=re.M)
    verify = verify.replace("count-calls 1 controlvm {VM} cpuexecutioncap", "count-calls 1 cpuexecutioncap")
    parts = ["# Scenario %s on VirtualBox %s (transcript mode): the behaviour of model scenario %s,\n# answered by the real VBoxManage backend over a replayed transcript." % (out.split('/')[-1][:4], "6.1.40" if "6.1.40" in HEADER else "7.0.10", model.split('/')[-1][:4]),
             "<testcase>", "<name>\n%s (VirtualBox %s transcript)\n</name>" % (name, "6.1.40" if "6.1.40" in HEADER else "7.0.10")]
    for tag in ("job", "init_data", "checkpoint", "cmdline"):
        s = sec(tag)
        if s is not None:
            parts.append("<%s>\n%s</%s>" % (tag, s, tag))
    parts.append("<client>\n%s</client>" % client)
    if opts.get("vmlog_failed"):
        parts.append("<vmlog-failed-start>\n%s</vmlog-failed-start>" % open(opts["vmlog_failed"]).read())
    else:
        parts.append("<vmlog>\n00:00:00.000812 Process ID: 4242\n00:00:01.204310 Console: Machine state changed to 'Running'\n</vmlog>")
    parts.append("<verify>\n%sreplay-complete\n</verify>" % verify)
    parts.append("<transcript>\n" + HEADER + "call --version\nstdout <<EOT\n%s\nEOT\n</transcript>" % ("6.1.40r154048" if "6.1.40" in HEADER else "7.0.10r158379"))
    parts.append("</testcase>\n")
    open(out, "w").write("\n".join(parts))
    for _ in range(60):
        r = subprocess.run([runner, "-v", out], capture_output=True, text=True).stdout
        m = re.search(r"NOT ANSWERED: .*?\n  expected: .*?\n  actual:   (.*)\n", r)
        if not m:
            print(r[-1500:])
            return
        call = m.group(1)
        slot = re.search(r"(/tmp/vbw-scenario-\w+)", r).group(1)
        vm = re.search(r"(boinc_[0-9a-f]{16}|boinc_standalone|boinc_[0-9a-z_]+)", call)
        call = call.replace(slot, "{SLOT}")
        if vm:
            call = call.replace(vm.group(1), "{VM}")
        # quote args with spaces as the transcript needs
        call = call.replace("--name Hard Disk Controller", '--name "Hard Disk Controller"').replace("--storagectl Hard Disk Controller", '--storagectl "Hard Disk Controller"').replace("--setuuid  ", '--setuuid "" ')
        call = re.sub(r"--vrde-port \d+$", "--vrde-port {ANY}", call)
        ans = answer(call, opts)
        step = "\ncall %s\n%s%s" % (call, ans, "\n" if ans else "")
        text = open(out).read().replace("</transcript>", step.lstrip("\n") + "\n</transcript>", 1)
        open(out, "w").write(text)
        print("added:", call[:100])

def use_61():
    global HEADER, NOT_FOUND
    t = open(os.path.join(ROOT, "tests/scenarios/data/0002-full-task-vbox61.txt")).read()
    h = t[t.index("<transcript>\n") + 13:t.index("call --version")]
    HEADER = h.replace("(pause,\n#   resume print nothing; poweroff shows progress)", "(pause,\n#   resume print nothing; poweroff and savestate show progress)")
    NOT_FOUND = NOT_FOUND.replace("line 3138", "line 2772")

if __name__ == "__main__":
    runner, model, out = sys.argv[1:4]
    if "--v61" in sys.argv:
        use_61()
    opts = {}
    if "--registered" in sys.argv:
        opts["registered"] = sys.argv[sys.argv.index("--registered") + 1]
    if "--fail" in sys.argv:
        prefix, path = sys.argv[sys.argv.index("--fail") + 1].split("=", 1)
        opts["fail"] = (prefix, path)
    if "--vmlog-failed" in sys.argv:
        opts["vmlog_failed"] = sys.argv[sys.argv.index("--vmlog-failed") + 1]
    if "--snapshot" in sys.argv:
        opts["snapshot"] = True
    convert(runner, model, out, opts)
