#!/usr/bin/env python3
"""test_fake_agreement.py - the e2e tier's stateful fake VBoxManage
(fake_vboxmanage.py) answers as the real VirtualBox 7.2.22 did (issue 21.3).

Replays the calls of fixtures/7.2.22/fake-agreement.txt (recorded by
tests/realvbox/record_fake_agreement.py: two VMs, a description, three
shared folders, a disk, snapshots, guest control on a stopped VM, a VM
removed) against the fake, in a fresh state folder, and compares on what the
wrapper and vbw read: every exit status; createvm's and `snapshot take`'s
UUID lines; `list vms`; the showvminfo keys that name the VM, its state,
description, shared folders, disks and snapshots; `snapshot list`; the
showhdinfo lines naming the medium and its users; the first error line of a
failed call. UUIDs are matched, not compared: {UUIDn} of the recording must
be one and the same UUID of the fake wherever it appears. The launcher's
WARNING block of the recording is not VBoxManage's own output and is left
out. Exit 0 when all agree; each disagreement is printed.
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
FIXTURE = os.path.join(TOP, "fixtures", "7.2.22", "fake-agreement.txt")
FAKE = os.path.join(HERE, "fake_vboxmanage.py")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# showvminfo --machinereadable keys compared (a regular expression each).
VMINFO_KEYS = [r"name", r"UUID", r"CfgFile", r"SnapFldr", r"LogFldr", r"VMState",
               r"description", r"SharedFolder(Name|Path)MachineMapping\d+",
               r"storagecontrollername\d+", r"Hard Disk Controller-(ImageUUID-)?\d+-\d+",
               r"Snapshot(Name|UUID)(-\d+)*", r"CurrentSnapshot(Name|UUID|Node)"]
HDINFO_KEYS = ["UUID", "Parent UUID", "State", "Type", "Location", "In use by VMs", "Child UUIDs"]


def parse_transcript(path):
    steps, cur, block = [], None, None
    with open(path) as f:
        for line in f.read().split("\n"):
            if block is not None:
                if line == "EOT":
                    cur[block[0]] = "\n".join(block[1]) + "\n"
                    block = None
                else:
                    block[1].append(line)
            elif line.startswith("call "):
                cur = {"args": split_call(line[5:]), "exit": 0, "stdout": "", "stderr": ""}
                steps.append(cur)
            elif line.startswith("exit "):
                cur["exit"] = int(line[5:])
            elif re.match(r"^(stdout|stderr) <<EOT", line):
                block = (line.split()[0], [])
    return steps


def split_call(text):
    """The words of a `call` line (docs/transcripts.md: "..." holds blanks)."""
    words, i = [], 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        if text[i] == '"':
            w, i = "", i + 1
            while text[i] != '"':
                if text[i] == "\\":
                    i += 1
                w += text[i]
                i += 1
            words.append(w)
            i += 1
        else:
            j = text.find(" ", i)
            j = len(text) if j < 0 else j
            words.append(text[i:j])
            i = j
    return words


def without_launcher_warning(text):
    """VBox.sh's WARNING block (no /dev/vboxdrv on the bench) is not VBoxManage's."""
    out, skipping = [], False
    for line in text.split("\n"):
        if line.startswith("WARNING: The character device /dev/vboxdrv"):
            skipping = True
            continue
        if skipping and (line.startswith("\t") or line == ""):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out)


class Agreement:
    def __init__(self, work):
        self.work = work
        self.uuids = {}  # {UUIDn} -> the fake's UUID
        self.failures = []

    def fail(self, step, what):
        self.failures.append("call %d (%s): %s" % (step["n"], " ".join(step["args"]), what))

    def args(self, args):
        out = []
        for a in args:
            a = a.replace("{W}", self.work)
            for ph, u in self.uuids.items():
                a = a.replace(ph, u)
            out.append(a)
        return out

    def same(self, step, what, recorded, fake):
        """recorded (with {W}, {UUIDn}) says what fake says; UUIDs matched."""
        if recorded is None or fake is None:
            if recorded != fake:
                self.fail(step, "%s: recorded %r, fake %r" % (what, recorded, fake))
            return
        recorded = recorded.replace("{W}", self.work)
        pattern, names = "", []
        for part in re.split(r"(\{UUID\d+\})", recorded):
            if re.fullmatch(r"\{UUID\d+\}", part):
                pattern += "(%s)" % UUID
                names.append(part)
            else:
                pattern += re.escape(part)
        m = re.fullmatch(pattern, fake)
        if not m:
            self.fail(step, "%s: recorded %r, fake %r" % (what, recorded, fake))
            return
        for ph, u in zip(names, m.groups()):
            known = self.uuids.get(ph)
            if known is None and u in self.uuids.values():
                self.fail(step, "%s: %s is the fake's UUID of another object" % (what, u))
            elif known is not None and known != u:
                self.fail(step, "%s: %s was %s, now %s" % (what, ph, known, u))
            else:
                self.uuids[ph] = u


def keyed(text, sep):
    """key -> value of `key="value"` (sep "=") or `Key:   value` (sep ":") lines."""
    out = {}
    for line in text.split("\n"):
        if sep == "=":
            m = re.match(r'^"?([^"=]+)"?="?(.*?)"?$', line)
        else:
            m = re.match(r"^([^:]+):\s+(.*)$", line)
        if m and m.group(1) not in out:
            out[m.group(1)] = m.group(2)
    return out


def compare(a, step, rc, out, err):
    args = step["args"]
    rec_out = without_launcher_warning(step["stdout"])
    if rc != step["exit"]:
        a.fail(step, "exit %d, recorded %d (stderr %r)" % (rc, step["exit"], err[-300:]))
        return
    if step["exit"] != 0:
        rec_first = step["stderr"].split("\n")[0]
        a.same(step, "first error line", rec_first, err.split("\n")[0])
        return
    cmd = args[0]
    if cmd in ("createvm", "snapshot") and "UUID: " in rec_out:
        a.same(step, "UUID line", re.search(r"UUID: .*", rec_out).group(0),
               (re.search(r"UUID: .*", out) or re.search(r"$", "")).group(0))
    if cmd == "list" or (cmd == "snapshot" and "list" in args):
        a.same(step, "output", rec_out.strip("\n"), out.strip("\n"))
    if cmd == "showvminfo":
        rec, fake = keyed(rec_out, "="), keyed(out, "=")
        for key in sorted(set(rec) | set(fake)):
            if not any(re.fullmatch(k, key) for k in VMINFO_KEYS):
                continue
            if rec.get(key) == "none" and key not in fake:
                continue  # an empty port: the fake lists only what is attached
            a.same(step, key, rec.get(key), fake.get(key))
    if cmd == "showhdinfo":
        rec, fake = keyed(rec_out, ":"), keyed(out, ":")
        for key in HDINFO_KEYS:
            a.same(step, key, rec.get(key), fake.get(key))


def main():
    steps = parse_transcript(FIXTURE)
    if not steps:
        print("no calls in %s" % FIXTURE)
        return 1
    with tempfile.TemporaryDirectory(prefix="vbw-fake-agreement-") as tmp:
        work = os.path.join(tmp, "w")
        for d in ("shared", "project", "scratch", "vms"):
            os.makedirs(os.path.join(work, d))
        open(os.path.join(work, "disk.vdi"), "w").close()
        env = dict(os.environ, VBW_FAKE_VBOX_STATE=os.path.join(tmp, "state"),
                   HOME=tmp, LC_ALL="C.UTF-8")
        env.pop("VBW_FAKE_PASSTHROUGH", None)
        a = Agreement(work)
        for n, step in enumerate(steps, 1):
            step["n"] = n
            p = subprocess.run([sys.executable, FAKE] + a.args(step["args"]), env=env,
                               capture_output=True, text=True, timeout=60)
            compare(a, step, p.returncode, p.stdout, p.stderr)
    for f in a.failures:
        print("DISAGREES " + f)
    print("%d calls, %d disagreements" % (len(steps), len(a.failures)))
    return 1 if a.failures else 0


if __name__ == "__main__":
    sys.exit(main())
