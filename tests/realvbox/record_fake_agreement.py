"""record_fake_agreement.py - records what the real VirtualBox 7.2 answers on
the points where the e2e tier's stateful fake (tests/e2e/fake_vboxmanage.py)
must agree with it (issue 21.3): two VMs with their own UUIDs, showvminfo by
name and by UUID, a description, several shared folders, a disk and what
showhdinfo says of it, snapshots, guest control on a VM that is not running,
a VM that is gone. No VM is started.

Run inside the chroot through run.sh (not a test: its name has no test_
prefix, CMake does not pick it up):

    bash tests/realvbox/run.sh record_fake_agreement.py OUT

OUT (a path inside the chroot, default /tmp/fake-agreement.txt) is written
in the transcript format (docs/transcripts.md), the work folder as {W} and
every UUID as {UUIDn} in the order it first appears; the launcher's WARNING
block about /dev/vboxdrv is kept as VBoxManage printed it. It becomes
fixtures/7.2.22/fake-agreement.txt, which tests/e2e/test_fake_agreement.py
replays against the fake.
"""
import os
import re
import shutil
import sys
import time
import rvlib

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

CALLS = [
    ["createvm", "--name", "fa_one", "--basefolder", "{W}/vms", "--register"],
    ["createvm", "--name", "fa_two", "--basefolder", "{W}/vms", "--register"],
    ["list", "vms"],
    ["modifyvm", "fa_one", "--description", "a task of vbw"],
    ["sharedfolder", "add", "fa_one", "--name", "shared", "--hostpath", "{W}/shared"],
    ["sharedfolder", "add", "fa_one", "--name", "project", "--hostpath", "{W}/project"],
    ["sharedfolder", "add", "fa_one", "--name", "scratch", "--hostpath", "{W}/scratch"],
    ["storagectl", "fa_one", "--name", "Hard Disk Controller", "--add", "sata", "--controller",
     "IntelAHCI", "--portcount", "3"],
    ["storageattach", "fa_one", "--storagectl", "Hard Disk Controller", "--port", "0",
     "--device", "0", "--type", "hdd", "--medium", "{W}/disk.vdi"],
    ["showhdinfo", "{W}/disk.vdi"],
    ["showvminfo", "fa_one", "--machinereadable"],
    ["snapshot", "fa_one", "take", "s1"],
    ["snapshot", "fa_one", "take", "s2"],
    ["showvminfo", "fa_one", "--machinereadable"],
    ["showvminfo", "{VM1UUID}", "--machinereadable"],
    ["snapshot", "fa_one", "list", "--machinereadable"],
    ["showhdinfo", "{W}/disk.vdi"],
    ["guestcontrol", "fa_one", "run", "--exe", "/bin/true", "--username", "root"],
    ["showvminfo", "fa_two", "--machinereadable"],
    ["unregistervm", "fa_two", "--delete"],
    ["showvminfo", "fa_two", "--machinereadable"],
    ["snapshot", "fa_one", "delete", "s1"],
    ["snapshot", "fa_one", "list", "--machinereadable"],
    ["unregistervm", "fa_one", "--delete"],
    ["list", "vms"],
]


def quote(word):
    """A word as a transcript `call` line writes it."""
    if word and not re.search(r'[\s"\\]', word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/fake-agreement.txt"
    work = os.path.join(rvlib.WORK, "fake-agreement")
    shutil.rmtree(work, ignore_errors=True)
    for d in ("shared", "project", "scratch", "vms"):
        os.makedirs(os.path.join(work, d))
    vbox = rvlib.VBox(os.path.join(work, "home"))
    disk = os.path.join(work, "disk.vdi")
    vbox.must("createmedium", "disk", "--filename", disk, "--size", "4", "--format", "VDI")
    vbox.must("closemedium", "disk", disk)

    uuids = {}

    def placeholders(text):
        text = text.replace(work, "{W}")

        def one(m):
            u = m.group(0)
            if u not in uuids:
                uuids[u] = "{UUID%d}" % (len(uuids) + 1)
            return uuids[u]
        return UUID_RE.sub(one, text)

    version = vbox.must("--version").strip().splitlines()[-1]
    lines = [
        "# version: %s" % version,
        "# source: recorded from Debian's VirtualBox %s package in the realvbox chroot" % version,
        "#   (tests/realvbox) by tests/realvbox/record_fake_agreement.py on %s; no VM started."
        % time.strftime("%Y-%m-%d"),
        "#   The launcher's WARNING block is real (the bench has no /dev/vboxdrv).",
        "# Placeholders: {W} the work folder; {UUIDn} each UUID, in the order it first appears.",
        "",
    ]
    vm1 = None
    try:
        for call in CALLS:
            args = [a.replace("{W}", work) for a in call]
            if "{VM1UUID}" in args:
                args = [vm1 if a == "{VM1UUID}" else a for a in args]
            rc, out, err = vbox.run(*args)
            if call[:3] == ["createvm", "--name", "fa_one"]:
                vm1 = UUID_RE.search(out).group(0)
            rvlib.log("VBoxManage %s -> %d" % (" ".join(args), rc))
            lines.append("call " + " ".join(quote(placeholders(a)) for a in args))
            lines.append("exit %d" % rc)
            for name, text in (("stdout", out), ("stderr", err)):
                if not text:
                    continue
                eol = "" if text.endswith("\n") else " noeol"
                lines.append("%s <<EOT%s" % (name, eol))
                lines.append(placeholders(text).rstrip("\n"))
                lines.append("EOT")
            lines.append("")
    finally:
        vbox.forget_everything()
    with open(out_path, "w") as f:
        f.write("\n".join(lines))
    rvlib.log("wrote %s (%d calls)" % (out_path, len(CALLS)))


if __name__ == "__main__":
    main()
