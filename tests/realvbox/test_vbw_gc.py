"""vbw gc on a real VirtualBox 7.2 (issue 22.8; BOINC issue #5424: dozens
of boinc_* VMs pointing to slot directories that no longer exist).

Made for real, as a volunteer's host ends up after crashed tasks: wrapper
VMs registered from their slots, then VBoxSVC stops (a reboot), the BOINC
client deletes the slots, VBoxSVC starts again:
  - boinc A (slot 7): now "<inaccessible>" -- showvminfo refuses it
    (E_ACCESSDENIED), only `list vms --long` names its settings file;
  - a disk opened on its own in slot 8 (the global media registry):
    now inaccessible, used by no VM;
  - boinc C (slot 10, deleted after the restart): accessible, slot gone,
    with a user's disk from outside the slot attached: gc deletes no file,
    so that disk survives (`unregistervm --delete` would take it);
  - boinc B (slot 9, kept) with a DVD whose file is gone: B and the DVD
    must stay (in use);
  - "alice" (a user's VM) and "bob" (a user's VM whose folder is gone, so
    inaccessible too): not the wrapper's, never touched;
  - the project's image, attached to alice: in use, file present.
VBoxSVC leaves when it has had no client for a few seconds (C would then
turn inaccessible too): a thread keeps asking it something from the restart
on, so C stays as a crashed task leaves it while VBoxSVC runs.
`vbw gc` must list A, C and the disk with the reason and change nothing;
`vbw gc --yes` must remove exactly those; afterwards only B, its DVD,
alice, bob and the project image are left. The raw outputs VBoxManage
printed here are kept beside the recording for the parser fixtures."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import rvlib
from rvlib import check, log, wait_for


def test(boinc, slots):
    vbox = boinc.vbox
    slot_root = os.path.join(boinc.boinc_dir, "slots")
    for n in ("7", "8", "9", "10"):
        os.makedirs(os.path.join(slot_root, n))
    vm_a = rvlib.vm_name_for("gc_a_0")
    vm_b = rvlib.vm_name_for("gc_b_0")
    vm_c = rvlib.vm_name_for("gc_c_0")

    def wrapper_vm(vm, slot, disk=None, dvd=None):
        """A VM as the wrapper registers it: SLOT/<vm>/<vm>.vbox."""
        d = os.path.join(slot_root, slot)
        vbox.must("createvm", "--name", vm, "--basefolder", d, "--ostype", "Linux26_64",
                  "--register")
        vbox.must("storagectl", vm, "--name", "Hard Disk Controller", "--add", "sata")
        if disk:
            path = os.path.join(d, disk)
            vbox.must("createmedium", "disk", "--filename", path, "--size", "4", "--format",
                      "VDI")
            vbox.must("storageattach", vm, "--storagectl", "Hard Disk Controller", "--port",
                      "0", "--device", "0", "--type", "hdd", "--medium", path)
        if dvd:
            path = os.path.join(d, dvd)
            shutil.copyfile(boinc.blank_iso("blank.iso"), path)
            vbox.must("storageattach", vm, "--storagectl", "Hard Disk Controller", "--port",
                      "1", "--device", "0", "--type", "dvddrive", "--medium", path)
        return vm

    wrapper_vm(vm_a, "7", disk="vm_image.vdi")
    wrapper_vm(vm_b, "9", dvd="gone.iso")
    wrapper_vm(vm_c, "10", disk="vm_image.vdi")
    outside = os.path.join(boinc.boinc_dir, "users-own.vdi")
    vbox.must("createmedium", "disk", "--filename", outside, "--size", "4", "--format", "VDI")
    vbox.must("storageattach", vm_c, "--storagectl", "Hard Disk Controller", "--port", "1",
              "--device", "0", "--type", "hdd", "--medium", outside)
    leftover = os.path.join(slot_root, "8", "vm_image.vdi")
    vbox.must("createmedium", "disk", "--filename", leftover, "--size", "4", "--format", "VDI")
    user_vms = os.path.join(boinc.boinc_dir, "user-vms")
    for vm in ("alice", "bob"):
        vbox.must("createvm", "--name", vm, "--basefolder", user_vms, "--register")
    image = boinc.blank_vdi("vm_image_1.00.vdi")
    vbox.must("storagectl", "alice", "--name", "SATA", "--add", "sata")
    vbox.must("storageattach", "alice", "--storagectl", "SATA", "--port", "0", "--device", "0",
              "--type", "hdd", "--medium", image)

    # A reboot: VBoxSVC goes; meanwhile the client deletes the slots.
    for pid in vbox.svc_pids():
        os.kill(pid, signal.SIGTERM)
    wait_for("VBoxSVC gone", lambda: not vbox.svc_pids(), 120)
    shutil.rmtree(os.path.join(slot_root, "7"))
    shutil.rmtree(os.path.join(slot_root, "8"))
    os.remove(os.path.join(slot_root, "9", "gone.iso"))
    shutil.rmtree(os.path.join(user_vms, "bob"))
    listed = vbox.must("list", "vms")  # VBoxSVC starts again
    done = threading.Event()

    def keep_svc():
        while not done.wait(1.0):
            vbox.run("list", "vms", timeout=60)
    keeper = threading.Thread(target=keep_svc, daemon=True)
    keeper.start()
    inaccessible = re.findall(r'^"<inaccessible>" \{(.*)\}$', listed, re.M)
    check(len(inaccessible) == 2, "A and bob are inaccessible now (%s)" % listed.strip()[-300:])
    rc, out, err = vbox.run("showvminfo", inaccessible[0], "--machinereadable")
    check(rc != 0 and "E_ACCESSDENIED" in err, "showvminfo refuses an inaccessible VM")
    shutil.rmtree(os.path.join(slot_root, "10"))  # C: accessible, its slot gone

    # The raw outputs, for the parser fixtures (fixtures/7.2.22/).
    raw = {"list-vms-long": ("list", "vms", "--long"), "list-hdds": ("list", "hdds"),
           "list-dvds": ("list", "dvds")}
    for name, args in raw.items():
        rc, out, err = vbox.run(*args)
        with open(os.path.join(boinc.top, "raw-%s.txt" % name), "w") as f:
            f.write("exit %d\n--- stdout\n%s--- stderr\n%s" % (rc, out, err))

    env = dict(vbox.env)
    # The recordings (tests/shell/data/gc-inaccessible-72.txt) name the
    # BOINC folder and the kept slot 9 (vbw's working directory) by
    # placeholders, so they replay anywhere.
    slot9 = os.path.join(slot_root, "9")
    env["VBW_TRANSCRIPT_VARS"] = "BOINC=%s;SLOT=%s;VBOXHOME=%s" % (boinc.boinc_dir, slot9,
                                                                vbox.home)

    def vbw(*args, record=None):
        e = dict(env)
        if record:
            e["VBW_RECORD_TRANSCRIPT"] = os.path.join(boinc.top, record)
        p = subprocess.run([os.path.join(rvlib.BIN, "vbw")] + list(args), env=e, cwd=slot9,
                           capture_output=True, text=True, timeout=600)
        log("vbw %s -> %d\n%s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
        return p

    def registry():
        return (sorted(vbox.must("list", "vms").splitlines()[-6:]), vbox.names("hdds"),
                vbox.names("dvds"))

    before = registry()
    p = vbw("gc", record="record-gc-dry.txt")
    check(p.returncode == 0, "gc (dry run) exits 0")
    check("%s: inaccessible, its folder %s/7/%s is gone: would remove (run with --yes)"
          % (vm_a, slot_root, vm_a) in p.stdout, "the inaccessible orphan A is listed with why")
    check(re.search(r"^%s: (slot directory %s/10 is gone \(poweroff\)|inaccessible, its folder "
                    r"%s/10/%s is gone): would remove \(run with --yes\)$"
                    % (vm_c, slot_root, slot_root, vm_c), p.stdout, re.M),
          "the orphan C is listed (accessible or not)")
    check("disk %s: file is gone, used by no VM: would release (run with --yes)" % leftover
          in p.stdout, "the leftover disk is listed")
    check(vm_b not in p.stdout and "bob" not in p.stdout and "alice" not in p.stdout
          and "gone.iso" not in p.stdout and image not in p.stdout,
          "nothing kept is listed as an orphan")
    check(registry() == before, "a dry run changes nothing")

    p = vbw("--json", "gc", "-v")
    doc = json.loads(p.stdout)
    verdicts = {(v["vm"], v["accessible"]): v["verdict"] for v in doc["vms"]}
    c_accessible = (vm_c, True) in verdicts
    check(c_accessible, "C is still accessible (VBoxSVC kept running)")
    check(verdicts.get((vm_a, False)) == "orphan" and verdicts.get((vm_c, c_accessible)) == "orphan"
          and verdicts.get((vm_b, True)) == "kept-slot-exists" and
          verdicts.get((None, False)) == "kept-not-ours", "JSON verdicts of the VMs (%s)" % verdicts)
    media = {m["location"]: m["verdict"] for m in doc["media"]}
    c_disk = os.path.join(slot_root, "10", "vm_image.vdi")
    want = {leftover: "orphan", os.path.join(slot_root, "9", "gone.iso"): "kept-in-use"}
    if c_accessible:  # else its disk went with its registry
        want[c_disk] = "orphan"
    check(media == want, "JSON verdicts of the inaccessible media (%s)" % media)
    check(doc["orphans"] == 2 and doc["orphan_media"] == len(want) - 1,
          "counts: 2 VMs, %d media" % (len(want) - 1))

    p = vbw("--json", "gc", "--yes", record="record-gc-yes.txt")
    check(p.returncode == 0, "gc --yes exits 0")
    doc = json.loads(p.stdout)
    check(sorted(v["vm"] for v in doc["vms"] if v["verdict"] == "removed") == sorted([vm_a, vm_c])
          and all(m["verdict"] == "removed" for m in doc["media"]
                  if m["location"] in (leftover, c_disk)),
          "gc --yes removed A, C, C's disk and the leftover disk")
    vms = vbox.must("list", "vms")
    check(vm_b in vms and '"alice"' in vms and vm_c not in vms and
          len(re.findall(r"<inaccessible>", vms)) == 1, "left: B, alice and bob (%s)" % vms.strip())
    check(sorted(vbox.names("hdds")) in ([image], sorted([image, outside])),
          "disks left: the project's image (and the user's, its file there) (%s)"
          % vbox.names("hdds"))
    check(vbox.names("dvds") == [os.path.join(slot_root, "9", "gone.iso")],
          "DVDs left: only B's, in use (%s)" % vbox.names("dvds"))
    check(vbox.state(vm_b) == "poweroff", "B is intact")
    check(os.path.exists(outside), "the user's disk attached to C is not deleted")
    p = vbw("gc", record="record-gc-after.txt")
    check(p.returncode == 0 and p.stdout == "nothing left behind\n", "a second gc finds nothing")

    done.set()
    keeper.join()
    # The test's own clean-up: bob by UUID (rvlib's clean-up goes by name).
    for loc in vbox.names("hdds"):
        if loc == outside:
            vbox.must("closemedium", "disk", outside)
    for u in re.findall(r'^"<inaccessible>" \{(.*)\}$', vbox.must("list", "vms"), re.M):
        vbox.must("unregistervm", u)
    vbox.must("storageattach", "alice", "--storagectl", "SATA", "--port", "0", "--device", "0",
              "--medium", "none")
    for vm in (vm_b, "alice"):
        vbox.must("unregistervm", vm, "--delete")
    for loc in vbox.names("dvds"):
        vbox.must("closemedium", "dvd", loc)
    vbox.must("closemedium", "disk", image)
    check(os.path.exists(image), "the project's image is still there")
    rvlib.nothing_left(vbox)


sys.exit(rvlib.run(test))
