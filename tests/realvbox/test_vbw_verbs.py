"""Every vbw verb on a real VM (issue 22): create from a job, start, the
converging start, pause, resume, reset, snapshot take (and a duplicate name
refused), list, savestate, start from saved, stop --timeout (a guest without an
OS ignores the ACPI button, so vbw powers off), restart, snapshot restore and
delete, gc, record, destroy, replay (of the destroyed VM), doctor, list. Real
VirtualBox 7.2 decides whether vbw's argv and its parsing of the answers are
right; each step is checked against VirtualBox itself (showvminfo), not only
against what vbw says."""
import json
import os
import subprocess
import sys
import rvlib
from rvlib import check, log

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>64</memory_size_mb>
  <enable_shared_directory/>
</vbox_job>
"""
VM = "boinc_rvcli0000000001"


def test(boinc, slots):
    vbox = boinc.vbox
    slot = os.path.join(boinc.top, "cli-slot")
    os.makedirs(os.path.join(slot, "shared"))
    image = boinc.blank_vdi("vm_image_1.00.vdi")
    os.link(image, os.path.join(slot, "vm_image.vdi"))
    with open(os.path.join(slot, "vbox_job.xml"), "w") as f:
        f.write(JOB)

    def vbw(*args, ok=True):
        p = subprocess.run([os.path.join(rvlib.BIN, "vbw"), "--json"] + list(args),
                           env=vbox.env, capture_output=True, text=True, timeout=600)
        log("vbw %s -> %d %s %s" % (" ".join(args), p.returncode, p.stdout.strip(),
                                    p.stderr.strip()[-300:]))
        docs = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
        check(len(docs) >= 1, "vbw %s printed a JSON object" % args[0])
        if ok:
            check(p.returncode == 0, "vbw %s exits 0 (%d: %s)" % (" ".join(args), p.returncode,
                                                                  p.stderr.strip()[-300:]))
        return p.returncode, docs[-1]

    def state():
        return vbox.state(VM)

    def result(doc):
        return doc["results"][0]

    _, doc = vbw("create", VM, "--job", os.path.join(slot, "vbox_job.xml"), "--slot", slot)
    check(doc["ok"] and state() == "poweroff", "create: registered, powered off (%s)" % state())
    _, doc = vbw("start", VM, "--wait", "--timeout", "300")
    check(state() == "running" and result(doc)["state"] == "running", "start --wait: running")
    _, doc = vbw("start", VM)
    check(result(doc).get("already") is True, "start of a running VM: already")
    _, doc = vbw("pause", VM, "--wait")
    check(state() == "paused", "pause: paused (%s)" % state())
    _, doc = vbw("pause", VM)
    check(result(doc).get("already") is True, "pause of a paused VM: already")
    _, doc = vbw("resume", VM, "--wait")
    check(state() == "running", "resume: running (%s)" % state())
    vbw("reset", VM)
    check(state() == "running", "reset: still running (%s)" % state())

    _, doc = vbw("snapshot", "take", VM, "s1")
    check(doc["ok"], "snapshot take s1")
    rc, doc = vbw("snapshot", "take", VM, "s1", ok=False)
    check(rc == 1 and "already has a snapshot named 's1'" in doc["error"],
          "a second snapshot s1 is refused (%d %s)" % (rc, doc.get("error")))
    _, doc = vbw("snapshot", "list", VM)
    check([s["name"] for s in doc["snapshots"]] == ["s1"] and doc["current_name"] == "s1",
          "snapshot list: s1, current (%s)" % doc)
    check(vbox.vminfo(VM).get("CurrentSnapshotName") == "s1", "VirtualBox has s1 as current")

    _, doc = vbw("list")
    mine = [v for v in doc["vms"] if v["name"] == VM]
    check(mine and mine[0]["state"] == "running" and mine[0]["vbw"], "list: %s" % mine)
    _, doc = vbw("info", VM)
    real = vbox.vminfo(VM)
    check(doc["memory_mb"] == int(real["memory"]) and doc["uuid"] == real["UUID"] and
          doc["state"] == "running", "info agrees with showvminfo (%s MB)" % real["memory"])

    _, doc = vbw("savestate", VM, "--wait")
    check(state() == "saved", "savestate: saved (%s)" % state())
    _, doc = vbw("start", VM, "--wait")
    check(state() == "running", "start from saved: running (%s)" % state())
    _, doc = vbw("stop", VM, "--timeout", "3")
    check(state() == "poweroff" and result(doc).get("forced") is True,
          "stop --timeout 3: the ACPI button is ignored (no OS), powered off (%s)" % state())
    _, doc = vbw("stop", VM)
    check(result(doc).get("already") is True, "stop of a stopped VM: already")
    _, doc = vbw("restart", VM, "--wait")
    check(state() == "running", "restart of a stopped VM: running (%s)" % state())
    _, doc = vbw("poweroff", VM, "--wait")
    check(state() == "poweroff", "poweroff: poweroff (%s)" % state())

    vbw("snapshot", "restore", VM, "s1")
    check(state() in ("saved", "poweroff"), "restore s1 (%s)" % state())
    vbw("snapshot", "delete", VM, "s1")
    check(not vbox.vminfo(VM).get("CurrentSnapshotName"), "s1 deleted")

    _, doc = vbw("gc")
    check(doc["orphans"] == 0, "gc: the slot exists, nothing to remove (%s)" % doc)
    # record: `vbw info VM` with every VBoxManage call it makes passed to
    # VirtualBox and written to a transcript; replay, once the VM is gone:
    # the same command answered from the transcript alone prints the same.
    rec = os.path.join(boinc.top, "info-record.txt")
    tool = os.path.join(rvlib.BIN, "vbw")
    inner = [tool, "--json", "info", VM]

    def run(*args):
        p = subprocess.run(list(args), env=vbox.env, capture_output=True, text=True, timeout=600)
        log("%s -> %d %s" % (" ".join(args[1:3]), p.returncode, p.stderr.strip()[-300:]))
        return p
    recorded = run(tool, "record", "-o", rec, "--", *inner)
    with open(rec) as f:
        transcript = f.read()
    check(recorded.returncode == 0 and '"name":"%s"' % VM in recorded.stdout and
          "# source: recorded by vbw record" in transcript and
          "call showvminfo %s --machinereadable" % VM in transcript,
          "vbw record: info ran against VirtualBox and its call is in the transcript")
    # `vbw info` never asks --version: the header has it from vbw record itself
    version = vbox.must("--version").strip().splitlines()[-1]
    check("# version: %s\n" % version in transcript and "call --version" not in transcript,
          "vbw record: the transcript says which VirtualBox made it (%s)" % version)

    _, doc = vbw("destroy", VM)
    check(doc["ok"] and VM not in vbox.names("vms"), "destroy: unregistered")
    replayed = run(tool, "replay", rec, "--", *inner)
    check(replayed.returncode == 0 and replayed.stdout == recorded.stdout,
          "vbw replay: the destroyed VM's info answered from the transcript, as recorded")
    rc, doc = vbw("doctor", ok=False)
    check(rc in (0, 1) and {c["check"] for c in doc["checks"]} >= {"vboxmanage", "version"},
          "doctor answers (%d)" % rc)
    rc, doc = vbw("info", VM, ok=False)
    check(rc == 1 and doc["error_code"] == "not-found", "info after destroy: not found")


sys.exit(rvlib.run(test))
